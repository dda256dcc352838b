"""Board assurance framework figure on the `--scale large` trust: the live BAF page, p95
server time under 300 ms.

Builds the large organisation with the risks seed step, then the evidence the BAF reads at a
large trust's volume: 250,000 safety events over five years (a national category each),
100,000 signed-off audit runs of twenty templates over every unit, a strategy with three aims
and eight goals, and eight principal risks, each with two measures (with their stored SPC
status), two audit templates and a trust-wide policy every member of staff must read (half
have) as assurance and two themes of events — into
var/bench/baf-large.sqlite3 (reused while complete). Then measures in process with Django's
test client, signed in as `board` (who sees the whole trust), the BAF page asked for
REQUESTS times; median and p95 printed.

Run: `QUADRANT_ENV=test .venv/bin/python bench/bench_assurance_baf.py`.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from decimal import Decimal

from benchkit import ROOT, figure, percentile, start_django

DATABASE = start_django("baf-large.sqlite3")

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from quadrant.demo.generator import current_seed, seed_demo  # noqa: E402
from quadrant.organisation.models import OrgUnit, Person  # noqa: E402

URL = "/assurance/baf/"
REQUESTS = 100
LIMIT_MS = 300.0
EVENTS, RUNS, TEMPLATES, PRINCIPALS = 250_000, 100_000, 20, 8
CATEGORIES = ("falls", "medication", "pressure-ulcers", "infection", "treatment", "diagnosis")


def ensure_large_baf() -> None:
    from quadrant.assurance.baf.models import PrincipalRisk

    call_command("migrate", interactive=False, verbosity=0)
    seed = current_seed()
    if seed is not None and seed.scale == "large" and PrincipalRisk.objects.count() >= PRINCIPALS:
        print(f"Reusing {DATABASE.relative_to(ROOT)}", flush=True)
        return
    if seed is not None:
        call_command("flush", interactive=False, verbosity=0)
    from quadrant.assurance.risks.demo_seed import seed_risks

    started = time.perf_counter()
    context = seed_demo("large", with_steps=False, log=lambda message: None)
    seed_risks(context)
    add_evidence()
    print(f"Built the large trust and its BAF in {time.perf_counter() - started:.0f} s")


def add_evidence() -> None:
    from quadrant.assurance.audits.models import AuditRun, AuditTemplate
    from quadrant.assurance.baf.models import BafCommittee, PrincipalRisk
    from quadrant.assurance.incidents.models import SafetyEvent
    from quadrant.assurance.risks.models import Risk, RiskAssurance
    from quadrant.planning.models import Goal, StrategicAim, Strategy

    units = list(OrgUnit.objects.order_by("path"))
    top = units[0]
    today = dt.date.today()
    auditor = Person.objects.get(username="quality")
    SafetyEvent.objects.bulk_create(
        (
            SafetyEvent(reference=f"PSE-B-{n:07d}", event_type="incident",
                        occurred_on=today - dt.timedelta(days=n % 1826),
                        org_unit=units[n % len(units)], affected="patient",
                        description="A bench event.", physical_harm="low",
                        category=CATEGORIES[n % len(CATEGORIES)])
            for n in range(EVENTS)
        ),
        batch_size=5000,
    )  # fmt: skip
    templates = AuditTemplate.objects.bulk_create(
        AuditTemplate(code=f"bench-{n}", title=f"Bench audit {n}") for n in range(TEMPLATES)
    )
    AuditRun.objects.bulk_create(
        (
            AuditRun(template=templates[n % TEMPLATES], org_unit=units[n % len(units)],
                     auditor=auditor, run_date=today - dt.timedelta(days=n % 1826),
                     status="signed_off", score=Decimal(60 + n % 40), passed=60 + n % 40 >= 85)
            for n in range(RUNS)
        ),
        batch_size=5000,
    )  # fmt: skip
    strategy = Strategy.objects.create(title="Strategy", org_unit=top, first_year=2025,
                                       last_year=2028)  # fmt: skip
    aims = [StrategicAim.objects.create(strategy=strategy, title=f"Aim {n}", order=n)
            for n in range(3)]  # fmt: skip
    goals = [Goal.objects.create(title=f"Goal {n}", statement="A goal.", org_unit=top,
                                 aim=aims[n % 3], first_year=2025, last_year=2028,
                                 status="active") for n in range(PRINCIPALS)]  # fmt: skip
    committee = BafCommittee.objects.create(name="Quality committee")
    risks = list(Risk.objects.filter(status="open").order_by("-current_score")[:PRINCIPALS])
    PrincipalRisk.objects.bulk_create(
        PrincipalRisk(risk=risk, goal=goals[n], committee=committee,
                      event_categories=[CATEGORIES[n % 6], CATEGORIES[(n + 1) % 6]])
        for n, risk in enumerate(risks)
    )  # fmt: skip
    template_type = ContentType.objects.get_for_model(AuditTemplate)
    rows = []
    for n, risk in enumerate(risks):
        for template in templates[2 * n : 2 * n + 2]:
            rows.append(RiskAssurance(risk=risk, linked_type=template_type,
                                      linked_id=template.pk, line=2))  # fmt: skip
    RiskAssurance.objects.bulk_create(rows)


def ensure_measures() -> None:
    """Two measures a principal risk at the first line, each with its stored SPC status (the
    icons the BAF reads; the SPC engine itself is measured elsewhere)."""
    from django.utils import timezone

    from quadrant.assurance.baf.models import PrincipalRisk
    from quadrant.assurance.risks.models import RiskAssurance
    from quadrant.control.models import Measure
    from quadrant.control.summary.models import MeasureStatus

    measure_type = ContentType.objects.get_for_model(Measure)
    if RiskAssurance.objects.filter(linked_type=measure_type).exists():
        return
    top = OrgUnit.objects.get(parent__isnull=True)
    measures = Measure.objects.bulk_create(
        Measure(code=f"BAF-BENCH-{n}", name=f"Bench measure {n}", org_unit=top,
                frequency="month", direction="decrease")
        for n in range(2 * PRINCIPALS)
    )  # fmt: skip
    icons = ("common_cause", "concern_high", "improvement_low", "neutral_high")
    MeasureStatus.objects.bulk_create(
        MeasureStatus(measure=measure, computed_at=timezone.now(), points=36,
                      latest_period=dt.date.today().replace(day=1), latest_value=4.0, target=5.0,
                      variation_icon=icons[n % 4], assurance_icon="inconsistent")
        for n, measure in enumerate(measures)
    )  # fmt: skip
    principals = list(PrincipalRisk.objects.order_by("pk"))
    RiskAssurance.objects.bulk_create(
        RiskAssurance(risk_id=principal.risk_id, linked_type=measure_type, linked_id=measure.pk)
        for n, principal in enumerate(principals)
        for measure in measures[2 * n : 2 * n + 2]
    )


def ensure_documents() -> None:
    """A trust-wide policy a principal risk at the second line, approved and signed (its
    signature checked on every view), that every member of staff of the trust must read, half
    of them having confirmed."""
    from django.utils import timezone

    from quadrant.assurance.baf.models import PrincipalRisk
    from quadrant.assurance.documents.models import Acknowledgement, Document, DocumentVersion
    from quadrant.assurance.documents.services.acknowledgements import required_people
    from quadrant.assurance.risks.models import RiskAssurance

    document_type = ContentType.objects.get_for_model(Document)
    if RiskAssurance.objects.filter(linked_type=document_type).exists():
        return
    top = OrgUnit.objects.get(parent__isnull=True)
    board = Person.objects.get(username="board")
    now = timezone.now()
    principals = list(PrincipalRisk.objects.order_by("pk"))
    for n, principal in enumerate(principals):
        document = Document.objects.create(
            identifier=f"POL-BAF-{n:02d}", title=f"Bench policy {n}", doc_type="policy",
            org_unit=top, owner=board, author=board,
        )  # fmt: skip
        version = DocumentVersion(
            document=document, number=1, title=document.title, status="approved",
            review_date=dt.date.today() + dt.timedelta(days=365 - 60 * n),
            body=f"<p>What staff do about risk {n}.</p>", signed_by=board,
            signed_name="Board Member", signed_at=now, signature_meaning="approved",
        )  # fmt: skip
        version.signature_hash = version.content_hash()
        version.save()
        version.acknowledgement_units.set([top])
        readers = list(required_people(version).values_list("pk", flat=True))
        Acknowledgement.objects.bulk_create(
            (Acknowledgement(document_version=version, person_id=pk, acknowledged_at=now)
             for pk in readers[::2]),
            batch_size=5000,
        )  # fmt: skip
        RiskAssurance.objects.create(risk_id=principal.risk_id, linked_type=document_type,
                                     linked_id=document.pk, line=2)  # fmt: skip


def main() -> None:
    ensure_large_baf()
    ensure_measures()
    ensure_documents()
    client = Client()
    client.force_login(Person.objects.get(username="board"))
    response = client.get(URL)  # warm: the settings are read and cached once
    if response.status_code != 200:
        raise SystemExit(f"{URL} answered {response.status_code}")
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        client.get(URL)
        samples.append((time.perf_counter() - started) * 1000)
    p50, p95 = statistics.median(samples), percentile(samples, 95)
    figure(f"BAF page of the whole trust ({PRINCIPALS} principal risks), server time p95",
           f"{p95:.0f} ms (median {p50:.0f})", f"< {LIMIT_MS:.0f} ms", p95 < LIMIT_MS)  # fmt: skip


if __name__ == "__main__":
    main()
