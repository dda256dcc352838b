"""Benchmark of the measure pages: the measure page, the summary matrix, recalculation.

1. Recalculating every measure's icons and signals after a 1,000,000-row import (3,000 weekly
   measures): one analyse_many over all of them, the cached rows written, the rules applied.
2. The MDC summary matrix of the whole trust (3,000 measures): p95 server time, and the size
   of the page (its rows come fifty a page, with counts by the units below).
3. A measure page with five years of weekly data (260 points): p95 server time.

Run: `QUADRANT_ENV=test .venv/bin/python bench/bench_control_views.py` (database under
var/bench/, or the one QUADRANT_DATABASE_URL names). `--measures N --rows N` for a smaller run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time

from benchkit import start_django

TARGETS = {"recalculate": 5.0, "summary": 200.0, "measure": 100.0, "summary_kb": 200.0}


def setup_django() -> None:
    start_django("control_views.sqlite3", fresh=True)
    from django.core.management import call_command

    if "sqlite" not in os.environ["QUADRANT_DATABASE_URL"]:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)


def build_trust(measure_count: int) -> tuple[object, list[object]]:
    """The large demo organisation (without other components' data) and weekly measures."""
    from quadrant.control.models import Measure, MeasureTarget
    from quadrant.demo.generator import seed_demo
    from quadrant.organisation.models import OrgUnit

    seed_demo("large", with_steps=False, log=lambda message: None)
    from quadrant.language.defaults import install_defaults
    from quadrant.language.models import QualityDomain

    install_defaults()  # the shipped domain sets (a flush removes them)
    domains = list(QualityDomain.in_use())
    root = OrgUnit.objects.filter(depth=0).first()
    leaves = list(OrgUnit.objects.filter(depth__gte=3).order_by("path"))
    Measure.objects.bulk_create(
        Measure(
            code=f"B{index:05d}",
            name=f"Bench measure {index}",
            org_unit=leaves[index % len(leaves)],
            frequency="week",
            chart_type="xmr",
            direction=("increase", "decrease", "neutral")[index % 3],
            domain=domains[index % len(domains)],
        )
        for index in range(measure_count)
    )
    measures = list(Measure.objects.filter(code__startswith="B").order_by("code"))
    MeasureTarget.objects.bulk_create(
        MeasureTarget(measure=m, value=50 + (i % 7) - 3, effective_from=dt.date(2019, 1, 7))
        for i, m in enumerate(measures)
    )
    return root, measures


def insert_observations(measures: list[object], rows: int) -> int:
    """ROWS weekly observations spread over the measures (a shift in some), inserted in bulk."""
    from django.db import connection, transaction

    from quadrant.control.models import Observation

    per_measure = max(1, rows // len(measures))
    first = dt.date(2020, 1, 6)
    periods = [first + dt.timedelta(weeks=w) for w in range(per_measure)]
    table = connection.ops.quote_name(Observation._meta.db_table)
    now = dt.datetime.now(dt.UTC)
    sql = (
        f"INSERT INTO {table} (created_at, updated_at, version, measure_id, period, value) "  # noqa: S608
        "VALUES (%s, %s, 1, %s, %s, %s)"
    )
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for index, measure in enumerate(measures):
            shift = 8 if index % 4 == 0 else 0
            batch = [
                (now, now, measure.pk, period,
                 50 + ((week * 7919 + index) % 97) / 10 + (shift if week > per_measure - 8 else 0))
                for week, period in enumerate(periods)
            ]  # fmt: skip
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def timed_get(client: object, url: str, runs: int) -> tuple[float, float, float]:
    """Median and p95 wall time, and median CPU time, of RUNS requests (ms)."""
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)  # type: ignore[attr-defined]
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    walls.sort()
    return (
        statistics.median(walls),
        walls[max(0, int(len(walls) * 0.95) - 1)],
        statistics.median(cpus),
    )


def verdict(value: float, target: float) -> str:
    return "PASS" if value < target else "FAIL"


def busy() -> str:
    """The machine's load, printed beside the figures (wall time on a busy machine includes
    waiting for a CPU; the verdict is on the server's CPU time, which does not)."""
    load = os.getloadavg()[0]
    return f"load average {load:.1f} on {os.cpu_count()} CPUs"


def five_year_measure(root: object) -> object:
    """A weekly measure with five years (260 points) of data, a target and an annotation."""
    from quadrant.control.models import Annotation, Measure, MeasureTarget, Observation
    from quadrant.language.models import QualityDomain
    from quadrant.organisation.models import OrgUnit

    ward = OrgUnit.objects.filter(depth__gte=3).order_by("path").first()
    measure = Measure.objects.create(
        code="FIVE-YEARS", name="Five years of weekly data", org_unit=ward, frequency="week",
        chart_type="xmr", direction="increase", unit_label="%",
        domain=QualityDomain.in_use().filter(name="Safe").first(),
    )  # fmt: skip
    first = dt.date(2021, 11, 1)
    Observation.objects.bulk_create(
        Observation(measure=measure, period=first + dt.timedelta(weeks=w),
                    value=90 + (w * 7919 % 13) / 2 + (3 if w > 240 else 0))
        for w in range(260)
    )  # fmt: skip
    MeasureTarget.objects.create(measure=measure, value=92, effective_from=first)
    Annotation.objects.create(measure=measure, date=dt.date(2024, 4, 1), kind="event",
                              text="New hand hygiene campaign")  # fmt: skip
    return measure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--measures", type=int, default=3_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    setup_django()
    started = time.perf_counter()
    root, measures = build_trust(args.measures)
    written = insert_observations(measures, args.rows)
    print(f"Set-up: {len(measures):,} measures, {written:,} observations in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip

    from django.db import reset_queries
    from django.test import Client
    from django.urls import reverse

    from quadrant.control.signals.rules import recalculate
    from quadrant.organisation.models import Membership, Person

    started, cpu = time.perf_counter(), time.process_time()
    counts = recalculate(None)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"Recalculating every measure's icons after a {written:,}-row import "
        f"({counts['measures']:,} measures, {counts['raised']:,} signals): {cpu:.2f} s CPU, "
        f"{seconds:.2f} s wall ({busy()}) (target < {TARGETS['recalculate']:.0f} s) "
        f"{verdict(cpu, TARGETS['recalculate'])}"
    )
    reset_queries()
    board = Person.objects.create(username="bench.board", first_name="Board")
    Membership.objects.create(person=board, org_unit=root, role="executive")
    client = Client()
    client.force_login(board)
    client.get(reverse("control:summary"))  # warm the caches a real server has
    median, p95, cpu_ms = timed_get(client, reverse("control:summary"), args.runs)
    print(
        f"Summary matrix of the whole trust ({len(measures):,} measures): {cpu_ms:.0f} ms CPU; "
        f"wall median {median:.0f} ms, p95 {p95:.0f} ms ({busy()}) "
        f"(target < {TARGETS['summary']:.0f} ms) {verdict(cpu_ms, TARGETS['summary'])}"
    )
    size_kb = len(client.get(reverse("control:summary")).content) / 1024
    print(
        f"Summary matrix of the whole trust, page size: {size_kb:.0f} KB "
        f"(target < {TARGETS['summary_kb']:.0f} KB) {verdict(size_kb, TARGETS['summary_kb'])}"
    )
    five_years = five_year_measure(root)
    url = reverse("control:measure", args=[five_years.code])
    client.get(url)
    median, p95, cpu_ms = timed_get(client, url, args.runs)
    print(
        f"Measure page with five years of weekly data (260 points): {cpu_ms:.0f} ms CPU; "
        f"wall median {median:.0f} ms, p95 {p95:.0f} ms ({busy()}) "
        f"(target < {TARGETS['measure']:.0f} ms) {verdict(cpu_ms, TARGETS['measure'])}"
    )


if __name__ == "__main__":
    main()
