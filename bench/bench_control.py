"""Benchmark of the control component: the import and the measure list.

1. Import 1,000,000 observation rows from a CSV file, end to end through the one upsert
   (validation and history included): rows per second. Then the same file again (all unchanged).
2. The measure list of the large trust filtered to a division: p95 server time.

Run: `QUADRANT_ENV=test .venv/bin/python bench/bench_control.py`: SQLite under var/bench/, then
the same figures on PostgreSQL, in the throwaway database `quadrant_bench_control` of the local
server (created when missing, flushed every run; QUADRANT_BENCH_PG_URL names another). A FAIL
line says so when PostgreSQL cannot be reached. `--only sqlite|postgresql` for one of them,
`--rows N` for a smaller run, `--profile` to print the import's cProfile. Wall time and CPU
time (process_time) are both reported: on a busy machine the CPU time is the steadier figure;
on PostgreSQL the server's own work is in the wall time only. The PostgreSQL run ends with the
issue's comparison: its import at least as fast as SQLite's in the same run.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

from benchkit import BENCH_DIR, ensure_pg_database, start_django

IMPORT_TARGET = 100_000  # rows per second, end to end
LIST_TARGET_MS = 150
PG_URL = os.environ.get(
    "QUADRANT_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/quadrant_bench_control"
)


def setup_django() -> None:
    start_django("control.sqlite3", fresh=True)
    from django_q.conf import Conf

    # The icon refresh an import queues is a background job: queue it, as in production,
    # rather than run it inside the timed import (test settings run jobs synchronously).
    Conf.SYNC = False
    from django.core.management import call_command

    if (
        "QUADRANT_DATABASE_URL" in os.environ
        and "sqlite" not in os.environ["QUADRANT_DATABASE_URL"]
    ):
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)


def build_trust(measure_count: int) -> tuple[object, list[str], object]:
    """The large demo trust (or 1,500 units of our own) and MEASURE_COUNT weekly measures."""
    from quadrant.control.models import Measure
    from quadrant.language.defaults import install_defaults
    from quadrant.language.models import QualityDomain
    from quadrant.organisation.models import Membership, OrgUnit, Person

    try:
        from quadrant.demo.generator import seed_demo

        seed_demo("large", with_steps=False, log=lambda message: None)
    except ImportError:  # the demo generator is not there: a flat tree of our own
        root = OrgUnit.objects.create(code="BENCH", name="Bench trust", kind="organisation")
        OrgUnit.objects.filter(pk=root.pk).update(path=f"{root.pk:07d}.")
        for index in range(1_499):
            unit = OrgUnit.objects.create(
                code=f"U{index}", name=f"Unit {index}", kind="ward", parent=root
            )
            OrgUnit.objects.filter(pk=unit.pk).update(path=f"{root.pk:07d}.{unit.pk:07d}.", depth=1)
    root = OrgUnit.objects.filter(depth=0).first()
    leaves = list(OrgUnit.objects.filter(depth__gte=2).order_by("path"))
    install_defaults()  # the shipped domain sets (a flush removes them)
    domains = list(QualityDomain.in_use().values_list("pk", flat=True))
    analyst = Person.objects.create(username="bench.analyst", first_name="Bench")
    Membership.objects.create(person=analyst, org_unit=root, role="analyst")
    Measure.objects.bulk_create(
        Measure(
            code=f"M{index:05d}",
            name=f"Measure {index}",
            org_unit=leaves[index % len(leaves)],
            frequency="week",
            chart_type="xmr",
            domain_id=domains[index % len(domains)],
        )
        for index in range(measure_count)
    )
    codes = list(Measure.objects.order_by("code").values_list("code", flat=True))
    return analyst, codes, root


def write_csv(path: Path, codes: list[str], rows: int) -> None:
    per_measure = max(1, rows // len(codes))
    first_monday = dt.date(2020, 1, 6)
    periods = [(first_monday + dt.timedelta(weeks=w)).isoformat() for w in range(per_measure)]
    written = 0
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["measure", "period", "value"])
        for index, code in enumerate(codes):
            take = min(per_measure, rows - written)
            if take <= 0:
                break
            base = 50 + index % 40
            out.writerows(
                (code, period, base + (week * 7919 % 97) / 10)
                for week, period in enumerate(periods[:take])
            )
            written += take


def bench_import(path: Path, analyst: object, label: str, profile: bool = False) -> float:
    from django.db import connection

    from quadrant.control.intake.importers.run import import_file

    columns = {"measure": "measure", "period": "period", "value": "value"}
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started, cpu = time.perf_counter(), time.process_time()
    with path.open("rb") as handle:
        result = import_file(
            handle, filename=path.name, columns=columns, actor=analyst, source="bench",
            route="file",
        )  # fmt: skip
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    assert result.ok, result.errors[:5]
    rate = result.rows / seconds
    verdict = "PASS" if rate >= IMPORT_TARGET else "FAIL"
    print(
        f"{label} ({connection.vendor}): {rate:,.0f} rows/s ({result.rows:,} rows in "
        f"{seconds:.2f} s wall, {cpu:.2f} s CPU in this process = "
        f"{result.rows / max(cpu, 1e-9):,.0f} rows per CPU second; {result.summary()}) "
        f"(target >= {IMPORT_TARGET:,} rows/s) {verdict}"
    )
    return rate


def bench_list(root: object) -> None:
    from django.test import Client
    from django.urls import reverse

    from quadrant.organisation.models import OrgUnit, Person

    division = OrgUnit.objects.filter(depth=1).order_by("path").first()
    board = Person.objects.create(username="bench.board", first_name="Board")
    from quadrant.organisation.models import Membership

    Membership.objects.create(person=board, org_unit=root, role="executive")
    client = Client()
    client.force_login(board)
    url = reverse("control:measures") + f"?unit={division.code}"
    timings = []
    for _ in range(30):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    from django.db import connection

    verdict = "PASS" if p95 < LIST_TARGET_MS else "FAIL"
    print(
        f"measure list filtered to a division ({connection.vendor}) p95: {p95:.1f} ms "
        f"(p50 {statistics.median(timings):.1f}, n={len(timings)}) "
        f"(target < {LIST_TARGET_MS} ms) {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--measures", type=int, default=3_000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--pg-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--sqlite-rate", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pg_child:
        os.environ["QUADRANT_DATABASE_URL"] = PG_URL
    sqlite_rate = None
    if args.pg_child or args.only != "postgresql":
        rate = run(args)
        if args.pg_child and args.sqlite_rate:
            verdict = "PASS" if rate >= args.sqlite_rate else "FAIL"
            print(
                f"import on PostgreSQL against SQLite in the same run: {rate:,.0f} vs "
                f"{args.sqlite_rate:,.0f} rows/s (target: at least as fast) {verdict}"
            )
        sqlite_rate = rate
    if args.pg_child or args.only == "sqlite":
        return
    # The same figures on PostgreSQL, in a fresh process (Django is set up once per process).
    problem = ensure_pg_database(PG_URL)
    if problem is not None:
        print(
            f"import and measure list on PostgreSQL: PostgreSQL is unreachable at "
            f"{_without_password(PG_URL)} ({problem}) FAIL",
            flush=True,
        )
        raise SystemExit(1)
    import subprocess

    command = [sys.executable, __file__, "--pg-child", "--rows", str(args.rows),
               "--measures", str(args.measures)]  # fmt: skip
    if args.profile:
        command.append("--profile")
    if sqlite_rate:
        command += ["--sqlite-rate", f"{sqlite_rate:.0f}"]
    sys.stdout.flush()
    status = subprocess.call(command)
    if status:
        raise SystemExit(status)


def _without_password(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def run(args: argparse.Namespace) -> float:
    """Every figure on the database QUADRANT_DATABASE_URL names (SQLite by default); returns
    the import's rows per second."""
    setup_django()
    started = time.perf_counter()
    analyst, codes, root = build_trust(args.measures)
    from django.db import connection

    if connection.vendor == "postgresql":  # planner statistics, as autovacuum keeps them
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    path = BENCH_DIR / "observations.csv"
    write_csv(path, codes, args.rows)
    print(
        f"Set-up (large trust, {len(codes):,} measures, CSV): {time.perf_counter() - started:.1f} s"
    )
    rate = bench_import(path, analyst, "import of a new 1M-row CSV file", profile=args.profile)
    bench_import(path, analyst, "re-import of the same file (all unchanged)")
    bench_list(root)
    return rate


if __name__ == "__main__":
    main()
