"""Benchmark of improvement: the portfolio page of the whole large trust
(1,500 units, 2,000 projects with their stage history) under 200 ms server time, with the same
number of SQL queries as for a ward.

Run: `QUADRANT_ENV=test .venv/bin/python bench/bench_improvement.py` (database under var/bench/;
the large trust is built once without the other demo steps, then reused).
"""

from __future__ import annotations

import random
import statistics
import sys
import time

from benchkit import figure, percentile, start_django

DATABASE = start_django("improvement-large.sqlite3")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

PROJECTS = 2_000
REQUESTS = 50
LIMIT_MS = 200


def ensure_trust() -> None:
    """The large trust and 2,000 projects (built once, then reused)."""
    from quadrant.core.context import acting_as
    from quadrant.demo.generator import current_seed, seed_demo
    from quadrant.demo.steps import demo_today
    from quadrant.improvement.demo_seed import bulk_portfolio
    from quadrant.improvement.models import Project
    from quadrant.organisation.models import OrgUnit

    call_command("migrate", interactive=False, verbosity=0)
    seed = current_seed()
    if seed is None or seed.scale != "large":
        if seed is not None:
            call_command("flush", interactive=False, verbosity=0)
            call_command("migrate", interactive=False, verbosity=0)
        started = time.perf_counter()
        seed_demo("large", with_steps=False, log=lambda message: None)
        print(f"Large trust built in {time.perf_counter() - started:.1f} s", flush=True)
    missing = PROJECTS - Project.objects.count()
    if missing > 0:
        leaves = list(OrgUnit.objects.filter(kind__in=["ward", "team"]).order_by("pk"))
        with acting_as(None):
            bulk_portfolio(leaves, missing, random.Random(8), demo_today())
    print(f"{Project.objects.count():,} projects in {OrgUnit.objects.count():,} units", flush=True)


def timed(client: Client, url: str) -> tuple[list[float], int]:
    for _ in range(3):
        client.get(url)
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):  # request_started resets connection.queries
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    return samples, len(queries)


def main() -> int:
    from quadrant.organisation.models import OrgUnit, Person

    ensure_trust()
    client = Client()
    client.force_login(Person.objects.get(username="board"))
    trust = OrgUnit.objects.get(depth=0)
    ward = OrgUnit.objects.filter(kind="ward").order_by("pk").first()
    samples, trust_queries = timed(client, f"/improvement/portfolio/?unit={trust.code}")
    _, ward_queries = timed(client, f"/improvement/portfolio/?unit={ward.code}")
    p50 = statistics.median(samples)
    p95 = percentile(samples, 95)
    figure(f"portfolio of the whole trust ({PROJECTS:,} projects) p95",
           f"{p95:.0f} ms server time (p50 {p50:.0f}, n={REQUESTS})", f"< {LIMIT_MS} ms",
           p95 < LIMIT_MS)  # fmt: skip
    figure("portfolio SQL queries, trust vs one ward", f"{trust_queries} vs {ward_queries}",
           "the same", trust_queries == ward_queries)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
