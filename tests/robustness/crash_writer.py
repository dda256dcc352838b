"""The real observation import, run by test_crash.py in a child process that it kills with SIGKILL.

Usage: python -m tests.robustness.crash_writer CSV USERNAME. Prints READY once Django is set up,
waits for a line on stdin, then imports CSV as USERNAME through the control import service
(`import_file`: every row checked, then saved all or nothing), printing PROGRESS lines as the
service reports them and DONE with the counts at the end.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import django


def main(csv_path: str, username: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quadrant.settings")
    django.setup()
    from quadrant.control.choices import DataRoute
    from quadrant.control.intake.importers.run import import_file
    from quadrant.organisation.models import Person

    actor = Person.objects.get(username=username)
    path = Path(csv_path)
    print("READY", flush=True)
    sys.stdin.readline()  # the test starts the next import early, and says GO when it is time

    def report(fraction: float, message: str) -> None:
        print(f"PROGRESS {fraction:.3f} {message}", flush=True)

    with path.open("rb") as handle:
        result = import_file(
            handle,
            filename=path.name,
            columns={"measure": "measure", "period": "period", "value": "value"},
            actor=actor,
            source="crash test",
            route=DataRoute.FILE,
            progress=report,
        )
    print(f"DONE ok={result.ok} created={result.created} errors={result.error_count}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
