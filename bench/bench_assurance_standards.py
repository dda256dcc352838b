"""Benchmark of assurance's standards: loading a 200-standard framework from a CSV file (read,
every row checked, written in one transaction with its history event) under 1 s; and loading
a new version of it in which 20 standards changed.

Run: `QUADRANT_ENV=test .venv/bin/python bench/bench_assurance_standards.py` (a fresh SQLite
database under var/bench/, or QUADRANT_DATABASE_URL's).
"""

from __future__ import annotations

import statistics
import time

from benchkit import figure, start_django

start_django("assurance-standards.sqlite3", fresh=True)

from django.core.management import call_command  # noqa: E402

STANDARDS = 200
RUNS = 5
LIMIT_S = 1.0


def csv_text(version: int) -> bytes:
    lines = ["code,title,group,text,effective from,source url"]
    for n in range(STANDARDS):
        changed = " (revised)" if version and n % 10 == 0 else ""
        lines.append(
            f"NS{n // 20 + 1}.{n % 20 + 1},Standard {n + 1}{changed},Standard area {n // 20 + 1},"
            f'"The organisation meets requirement {n + 1}, audits it and reports the results '
            f'to its quality committee.",1/4/2025,https://example.org/standards/{n + 1}'
        )
    return ("\n".join(lines) + "\n").encode()


def load(code: str, data: bytes) -> tuple[float, object]:
    from quadrant.assurance.standards.definitions import FrameworkDefinition
    from quadrant.assurance.standards.importers.csv_file import read_standards
    from quadrant.assurance.standards.services import load_framework
    from quadrant.core.actors import SystemActor

    started = time.perf_counter()
    found = read_standards(data)
    assert found.ok, found.errors[:3]
    definition = FrameworkDefinition(
        code=code, title=f"Bench {code}", kind="external",
        groups=tuple(found.groups), standards=tuple(found.standards),
    )  # fmt: skip
    result = load_framework(definition, actor=SystemActor("bench"), source="bench")
    return time.perf_counter() - started, result


def main() -> int:
    call_command("migrate", interactive=False, verbosity=0)
    first, changed = [], []
    for run in range(RUNS):
        seconds, result = load(f"bench-{run}", csv_text(0))
        assert result.created == STANDARDS + 10 + 1, result  # type: ignore[attr-defined]
        first.append(seconds)
        seconds, result = load(f"bench-{run}", csv_text(1))
        assert result.updated == STANDARDS // 10, result  # type: ignore[attr-defined]
        changed.append(seconds)
    worst = max(first)
    figure(
        "standards: load a 200-standard framework CSV",
        f"median {statistics.median(first) * 1000:.0f} ms, worst {worst * 1000:.0f} ms",
        f"< {LIMIT_S * 1000:.0f} ms", worst < LIMIT_S,
    )  # fmt: skip
    figure(
        "standards: load a new version (20 changed)",
        f"median {statistics.median(changed) * 1000:.0f} ms",
        f"< {LIMIT_S * 1000:.0f} ms", max(changed) < LIMIT_S,
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
