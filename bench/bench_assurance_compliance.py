"""Benchmark of compliance: the compliance view of the whole trust (every standard of the
internal framework × the trust and its divisions, each figure pooling the answers of every
unit below) under 300 ms of server time, at `--scale large` with every ward audited.

Builds the large organisation with the standards and the audits seed steps only, the audits
on every ward (the demo's plan: six templates monthly for two years, fourteen for the last 13
months) into var/bench/compliance-large.sqlite3 (reused while complete; the first build takes
a few minutes), then measures in process with Django's test client:
  (a) the SQL queries of the matrix page for `board` (the whole trust) and `manager` (one
      ward): the same fixed number whatever the size of the tree;
  (b) the evidence worked out afresh (what the first reader after a restart waits for), and
      brought up to date after one more audit is signed off (what the first reader after a
      sign-off waits for; the audit is rolled back afterwards);
  (c) the matrix page and the API for `board`, p50 and p95 over 50 requests each, with the
      evidence kept between requests (the data unchanged).
"""

from __future__ import annotations

import statistics
import time

from benchkit import ROOT, figure, percentile, start_django

DATABASE = start_django("compliance-large.sqlite3")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from quadrant.assurance.audits.models import AuditAnswer, AuditRun  # noqa: E402
from quadrant.demo.generator import current_seed, seed_demo  # noqa: E402
from quadrant.organisation.models import Person  # noqa: E402

PAGE = "/assurance/compliance/"
API = "/api/v1/compliance/"
REQUESTS = 50
LIMIT_MS = 300.0


def ensure_large_audits() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    seed = current_seed()
    if seed is not None and seed.scale == "large" and AuditRun.objects.exists():
        print(f"Reusing {DATABASE.relative_to(ROOT)}: {AuditRun.objects.count():,} runs, "
              f"{AuditAnswer.objects.count():,} answers", flush=True)  # fmt: skip
        return
    if seed is not None:
        call_command("flush", interactive=False, verbosity=0)
    from quadrant.assurance.audits.demo_seed import seed_audits
    from quadrant.assurance.standards.demo import seed_standards

    started = time.perf_counter()
    context = seed_demo("large", with_steps=False, log=lambda message: None)
    seed_standards(context)
    wards = sorted((u for u in context.units.values() if u.kind == "ward"), key=lambda u: u.code)
    seed_audits(context, wards=wards)
    print(f"Built the large trust with audits on {len(wards)} wards in "
          f"{time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip


def timed(client: Client, url: str) -> list[float]:
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return samples


def signing_off(framework: object, audits: int) -> list[float]:
    """Sign off AUDITS more audits on manager's ward one after another, timing each time the
    kept evidence catching up, then roll them back (the database stays as built)."""
    from django.db import transaction

    from quadrant.assurance.audits import services
    from quadrant.assurance.audits.models import AuditTemplate
    from quadrant.assurance.audits.services.runs import questions_and_answers
    from quadrant.assurance.compliance import evidence

    auditor = Person.objects.get(username="auditor")
    ward = Person.objects.get(username="manager").memberships.get().org_unit
    template = AuditTemplate.objects.get(code="hand-hygiene", superseded_at__isnull=True)
    day = AuditRun.objects.latest("run_date").run_date
    took = []
    with transaction.atomic():
        evidence.evidence_of(framework)  # type: ignore[arg-type]
        for _ in range(audits):
            run = services.start_run(template, ward, day, actor=auditor)
            for question, _ in questions_and_answers(run):
                services.save_answer(run, question, passing_value(question), actor=auditor)
            services.sign_off_run(run, actor=auditor)
            started = time.perf_counter()
            evidence.evidence_of(framework)  # type: ignore[arg-type]
            took.append((time.perf_counter() - started) * 1000)
        transaction.set_rollback(True)
    evidence.forget()
    return took


def passing_value(question: object) -> str:
    kind = getattr(question, "kind", "")
    if kind == "score":
        return str(getattr(question, "max_score", 1))
    if kind == "number":
        return str(getattr(question, "pass_min", None) or getattr(question, "pass_max", 0) or 0)
    if kind == "choice":
        return getattr(question, "passing_list", ["x"])[0]
    return "yes" if kind == "yes_no" else "Nothing to add"


def main() -> int:
    ensure_large_audits()
    from quadrant.assurance.compliance import evidence
    from quadrant.assurance.standards.models import Framework

    clients = {}
    for username in ("board", "manager"):
        client = Client()
        client.force_login(Person.objects.get(username=username))
        client.get(PAGE)
        clients[username] = client
    counts = []
    for username in ("board", "manager"):
        with CaptureQueriesContext(connection) as captured:
            clients[username].get(PAGE)
        counts.append(len(captured))
    figure("compliance matrix SQL queries, whole trust vs one ward", f"{counts[0]} vs {counts[1]}",
           "equal (fixed)", counts[0] == counts[1])  # fmt: skip
    framework = Framework.objects.get(code="trust-standards")
    cold = []
    for _ in range(3):
        evidence.forget()
        started = time.perf_counter()
        evidence.evidence_of(framework)
        cold.append((time.perf_counter() - started) * 1000)
    answers = AuditAnswer.objects.count()
    print(
        f"compliance: the whole trust's evidence worked out afresh ({answers:,} answers): "
        f"median {statistics.median(cold):.0f} ms (once a process)",
        flush=True,
    )
    after = signing_off(framework, 10)
    figure("compliance: evidence brought up to date after a sign-off",
           f"median {statistics.median(after):.0f} ms, worst {max(after):.0f} ms",
           f"median < {LIMIT_MS:.0f} ms", statistics.median(after) < LIMIT_MS)  # fmt: skip
    for name, url in (("page", PAGE), ("API", API)):
        clients["board"].get(url)
        samples = timed(clients["board"], url)
        p95 = percentile(samples, 95)
        figure(f"compliance {name} of the whole trust (all standards × all units)",
               f"median {statistics.median(samples):.0f} ms, p95 {p95:.0f} ms",
               f"p95 < {LIMIT_MS:.0f} ms", p95 < LIMIT_MS)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
