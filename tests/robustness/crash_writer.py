"""A large import run by test_crash.py in a subprocess, which kills it with SIGKILL.

Usage: python -m tests.robustness.crash_writer ROWS. Prints READY once Django is set up, waits
for a line on stdin, bulk-loads ROWS jobs as ONE grouped audit event in one transaction, then
prints DONE.
"""

from __future__ import annotations

import os
import sys

import django

BATCH = 5000


def main(rows: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quadrant.settings")
    django.setup()
    from quadrant.core.audit import grouped
    from quadrant.core.models import Job

    print("READY", flush=True)
    sys.stdin.readline()  # the test starts the next writer early, and says GO when it is time
    with grouped("crash test import", model=Job, rows=rows):
        for start in range(0, rows, BATCH):
            end = min(rows, start + BATCH)
            Job.objects.bulk_create(
                [Job(kind="crash", title=f"Row {n}") for n in range(start, end)]
            )
    print("DONE", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
