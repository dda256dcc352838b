"""Benchmark of patient safety events with 250,000 events stored: submitting a report through
the phone form (the page's POST, through the middleware, the view and the service: the event,
its patient details, its reference and its history in one transaction), p95 under 100 ms;
and the safety team's filtered event list (the page, with its count and first page), p95
under 200 ms; and a FHIR export of 10,000 of them as AdverseEvents (ten searchset pages of
1,000, each validated with the R4B models), under 10 s in all.

The 250,000 stored events are written straight into the table (they are the bench's
background, not writes under test: going through the recorded bulk path would take minutes).

Run: `QUADRANT_ENV=test .venv/bin/python bench/bench_assurance_incidents.py` (a fresh SQLite
database under var/bench/, or QUADRANT_DATABASE_URL's).
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from typing import Any

from benchkit import figure, percentile, start_django

start_django("assurance-incidents.sqlite3", fresh=True)

from django.core.management import call_command  # noqa: E402

EVENTS = 250_000
SUBMITS = 200
LISTS = 60
SUBMIT_LIMIT_MS = 100.0
LIST_LIMIT_MS = 200.0
FHIR_EVENTS = 10_000
FHIR_PAGE = 1_000
FHIR_LIMIT_S = 10.0
FILTERS = [
    {},
    {"unit": "MED", "physical_harm": "moderate"},
    {"event_type": "incident", "status": "closed", "occurred_from": "2025-06-01"},
    {"unit": "WARDB", "category": "falls", "page": "3"},
]


TRIAGE_FILTERS = [{}, {"physical_harm": "moderate"}, {"category": "falls", "page": "2"}]


def _fill(units: list, reporter_id: int) -> None:
    """EVENTS rows written with one executemany (values adapted as Django would)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from quadrant.assurance.incidents.models import SafetyEvent

    ops = connection.ops
    rng = random.Random(18)
    harms = ["none"] * 68 + ["low"] * 24 + ["moderate"] * 6 + ["severe"] * 2
    statuses = ["submitted", "under_review", "closed", "closed", "no_further_response"]
    categories = ["falls", "medication", "pressure-ulcers", "communication", "treatment"]
    now = timezone.now()
    columns = ["reference", "event_type", "occurred_on", "occurred_at", "org_unit_id", "location",
               "affected", "description", "immediate_actions", "physical_harm",
               "psychological_harm", "category", "never_event", "never_event_type",
               "reportable_to_cqc", "duty_of_candour", "status", "reporter_id", "anonymous",
               "receipt_hash", "feedback", "feedback_at", "created_at", "updated_at",
               "created_by_id", "updated_by_id", "archived_at", "version", "submission_hash",
               "source_reference", "reported_on"]  # fmt: skip
    table = SafetyEvent._meta.db_table
    # The table and column names come from the model; every value is a parameter.
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608  # nosec B608
    rows = []
    for n in range(EVENTS):
        day = dt.date(2024, 12, 1) + dt.timedelta(days=n * 730 // EVENTS)
        harm = rng.choice(harms)
        stamp = ops.adapt_datetimefield_value(now - dt.timedelta(days=(EVENTS - n) * 730 // EVENTS))
        rows.append((
            f"PSE-{day.year - 1}-{n:06d}", "incident", ops.adapt_datefield_value(day),
            ops.adapt_timefield_value(dt.time(n % 24, 0)), rng.choice(units).pk, "Bay 2",
            "patient", "Patient found on the floor beside the bed.", "", harm, "none",
            rng.choice(categories), False, "", False, harm in ("moderate", "severe"),
            rng.choice(statuses), reporter_id, False, "", "", None, stamp, stamp, None, None,
            None, 1, "", "", None,
        ))  # fmt: skip
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, EVENTS, 10_000):
            cursor.executemany(sql, rows[start : start + 10_000])
    with connection.cursor() as cursor:  # the statistics autovacuum would gather in time
        cursor.execute(f"ANALYZE {table}")


def main() -> int:
    call_command("migrate", interactive=False, verbosity=0)
    from django.test import Client
    from django.urls import reverse

    from quadrant.assurance.incidents.models import SafetyEvent
    from quadrant.core.testing.personas import build_org, build_personas

    org = build_org()
    people = build_personas(org)
    started = time.perf_counter()
    _fill([org.ward_a, org.ward_a2, org.ward_b], people["manager"].pk)
    print(f"({EVENTS:,} events stored in {time.perf_counter() - started:.1f} s)", flush=True)

    staff = Client(enforce_csrf_checks=False)
    staff.force_login(people["staff"])
    url = reverse("assurance:safety_report_new")
    samples = []
    for n in range(SUBMITS):
        form = {
            "event_type": "incident", "description": f"Fall number {n} by the bed.",
            "occurred_on-day": "2", "occurred_on-month": "11", "occurred_on-year": "2026",
            "org_unit": str(org.ward_a.pk), "affected": "patient", "physical_harm": "low",
            "category": "falls", "patient_name": "Test Patient", "patient_nhs_number": "9434765919",
        }  # fmt: skip
        begun = time.perf_counter()
        response = staff.post(url, form)
        samples.append((time.perf_counter() - begun) * 1000)
        assert response.status_code == 302, response.content[:2000]
    assert SafetyEvent.objects.count() == EVENTS + SUBMITS
    p95 = percentile(samples, 95)
    figure(
        f"incidents: submit a report ({EVENTS:,} stored)",
        f"median {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms",
        f"p95 < {SUBMIT_LIMIT_MS:.0f} ms", p95 < SUBMIT_LIMIT_MS,
    )  # fmt: skip

    quality = Client()
    quality.force_login(people["quality"])
    list_url = reverse("assurance:safety_events")
    samples = []
    for n in range(LISTS):
        begun = time.perf_counter()
        response = quality.get(list_url, FILTERS[n % len(FILTERS)])
        samples.append((time.perf_counter() - begun) * 1000)
        assert response.status_code == 200
    p95 = percentile(samples, 95)
    figure(
        f"incidents: the safety team's filtered list ({EVENTS:,} events)",
        f"median {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms",
        f"p95 < {LIST_LIMIT_MS:.0f} ms", p95 < LIST_LIMIT_MS,
    )  # fmt: skip
    _triage_queue(people)
    bench_fhir_export(quality)
    return 0


def _triage_queue(people: dict) -> None:
    """The triage queue (events waiting, the longest first, each with the plan's suggestion)
    for the safety team of the whole trust and for a ward's manager, with and without filters."""
    from django.test import Client
    from django.urls import reverse

    url = reverse("assurance:triage_queue")
    clients = []
    for who in ("quality", "manager"):
        client = Client()
        client.force_login(people[who])
        clients.append(client)
    samples = []
    for n in range(LISTS):
        begun = time.perf_counter()
        response = clients[n % 2].get(url, TRIAGE_FILTERS[n % len(TRIAGE_FILTERS)])
        samples.append((time.perf_counter() - begun) * 1000)
        assert response.status_code == 200
    p95 = percentile(samples, 95)
    figure(
        f"incidents: the triage queue ({EVENTS:,} events)",
        f"median {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms",
        f"p95 < {LIST_LIMIT_MS:.0f} ms", p95 < LIST_LIMIT_MS,
    )  # fmt: skip


def bench_fhir_export(client: Any) -> None:
    """FHIR_EVENTS events as AdverseEvents, page after page by the `next` links, as a
    safety team's client (signed in as CLIENT) would fetch them."""
    url: str | None = f"/api/v1/fhir/AdverseEvent?_count={FHIR_PAGE}"
    exported = 0
    begun = time.perf_counter()
    while url and exported < FHIR_EVENTS:
        response = client.get(url, HTTP_ACCEPT="application/fhir+json")
        assert response.status_code == 200, response.content[:2000]
        bundle = response.json()
        exported += len(bundle["entry"])
        url = next((link["url"] for link in bundle["link"] if link["relation"] == "next"), None)
    seconds = time.perf_counter() - begun
    assert exported == FHIR_EVENTS
    figure(
        f"incidents: FHIR export of {FHIR_EVENTS:,} events ({FHIR_PAGE:,} a page)",
        f"{seconds:.1f} s", f"< {FHIR_LIMIT_S:.0f} s", seconds < FHIR_LIMIT_S,
    )  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
