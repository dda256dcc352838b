"""Benchmark of audits: saving one answer, as the phone does (an HTMX POST of one question's
answer to the run page's answer address, through the middleware, the view and the service,
in one small transaction), p95 under 50 ms of server time.

Run: `QUADRANT_ENV=test .venv/bin/python bench/bench_assurance_audits.py` (a fresh SQLite
database under var/bench/, or QUADRANT_DATABASE_URL's).
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from benchkit import figure, percentile, start_django

start_django("assurance-audits.sqlite3", fresh=True)

from django.core.management import call_command  # noqa: E402

QUESTIONS = 40
SAVES = 300
LIMIT_MS = 50.0


def main() -> int:
    call_command("migrate", interactive=False, verbosity=0)
    from django.test import Client
    from django.urls import reverse

    from quadrant.assurance.audits import services
    from quadrant.core.testing.personas import build_org, build_personas

    org = build_org()
    people = build_personas(org)
    quality, auditor = people["quality"], people["auditor"]
    template = services.create_template({"code": "bench", "title": "Bench audit"}, actor=quality)
    section = services.add_section(template, "Checks", actor=quality)
    questions = [
        services.add_question(section, {"text": f"Check {n}", "kind": "yes_no"}, actor=quality)
        for n in range(QUESTIONS)
    ]
    run = services.start_run(template, org.ward_a, dt.date.today(), actor=auditor)
    client = Client(enforce_csrf_checks=False)
    client.force_login(auditor)
    samples = []
    for n in range(SAVES):
        question = questions[n % QUESTIONS]
        url = reverse("assurance:audit_answer", args=[run.pk, question.pk])
        started = time.perf_counter()
        response = client.post(url, {"answer": "yes" if n % 3 else "no", "note": ""},
                               HTTP_HX_REQUEST="true")  # fmt: skip
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200 and b"Saved." in response.content, response.content
    p95 = percentile(samples, 95)
    figure(
        "audits: save one answer (HTMX POST)",
        f"median {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms",
        f"p95 < {LIMIT_MS:.0f} ms", p95 < LIMIT_MS,
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
