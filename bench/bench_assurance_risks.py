"""Risk register figures on the `--scale large` trust: the whole trust's register page and
heat map, p95 server time under 200 ms each.

Builds the large organisation with the risks seed step (60 risks with their histories) and
as many more risks spread over every unit as `--risks` asks (5,000 by default, each with four
reviews), into var/bench/risks-large.sqlite3 (reused while complete), then measures in
process with Django's test client, signed in as `quality` (who sees the whole trust): the
register's first page (fifty rows of the open and tolerated risks, highest score first) and
the heat map, each asked for REQUESTS times; median and p95 printed.

Run: `QUADRANT_ENV=test .venv/bin/python bench/bench_assurance_risks.py [--risks N]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

from benchkit import ROOT, figure, percentile, start_django

DATABASE = start_django("risks-large.sqlite3")

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from quadrant.demo.generator import current_seed, seed_demo  # noqa: E402
from quadrant.organisation.models import OrgUnit, Person  # noqa: E402

PAGES = {"register": "/assurance/risks/", "heat map": "/assurance/risks/heat-map/"}
REQUESTS = 100
LIMIT_MS = 200.0


def ensure_large_register(extra: int) -> int:
    from quadrant.assurance.risks.models import Risk

    call_command("migrate", interactive=False, verbosity=0)
    seed = current_seed()
    if seed is not None and seed.scale == "large" and Risk.objects.count() >= extra:
        print(f"Reusing {DATABASE.relative_to(ROOT)}: {Risk.objects.count()} risks", flush=True)
        return int(Risk.objects.count())
    if seed is not None:
        call_command("flush", interactive=False, verbosity=0)
    from quadrant.assurance.risks.demo_seed import seed_risks

    started = time.perf_counter()
    context = seed_demo("large", with_steps=False, log=lambda message: None)
    seed_risks(context)
    add_risks(extra)
    print(f"Built the large trust and its risks in {time.perf_counter() - started:.0f} s")
    return int(Risk.objects.count())


def add_risks(count: int) -> None:
    """COUNT more risks over every unit (every rating of the matrix), four reviews each."""
    from quadrant.assurance.risks.models import Risk, RiskCategory, RiskReview

    units = list(OrgUnit.objects.order_by("path"))
    categories = list(RiskCategory.objects.all())
    owner = Person.objects.get(username="quality")
    today = dt.date.today()
    risks = [
        Risk(
            title=f"Bench risk {n}", cause="Because of a cause", event="there is a risk",
            effect="which would lead to harm", org_unit=units[n % len(units)], owner=owner,
            category=categories[n % len(categories)],
            initial_likelihood=5, initial_consequence=(n // 5) % 5 + 1,
            current_likelihood=n % 5 + 1, current_consequence=(n // 5) % 5 + 1,
            current_score=(n % 5 + 1) * ((n // 5) % 5 + 1),
            target_likelihood=1, target_consequence=1,
            review_date=today + dt.timedelta(days=n % 90),
            status=("open", "open", "open", "tolerated", "closed")[n % 5],
            status_reason="" if n % 5 < 3 else "Agreed at the risk committee",
        )
        for n in range(count)
    ]  # fmt: skip
    Risk.objects.bulk_create(risks, batch_size=1000)
    RiskReview.objects.bulk_create(
        (
            RiskReview(risk=risk, reviewed_on=today - dt.timedelta(days=90 * k),
                       likelihood=risk.current_likelihood, consequence=risk.current_consequence,
                       score=risk.current_score, reviewed_by=owner)
            for risk in risks
            for k in range(4)
        ),
        batch_size=2000,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--risks", type=int, default=5000, help="risks added to the demo's")
    total = ensure_large_register(parser.parse_args().risks)
    client = Client()
    client.force_login(Person.objects.get(username="quality"))
    for name, url in PAGES.items():
        response = client.get(url)  # warm: the settings are read and cached once
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        samples = []
        for _ in range(REQUESTS):
            started = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
        p50, p95 = statistics.median(samples), percentile(samples, 95)
        figure(f"risk {name} of the whole trust ({total} risks), server time p95",
               f"{p95:.0f} ms (median {p50:.0f})", f"< {LIMIT_MS:.0f} ms",
               p95 < LIMIT_MS)  # fmt: skip


if __name__ == "__main__":
    main()
