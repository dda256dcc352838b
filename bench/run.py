"""`make bench`: run every bench/bench_*.py in turn (each in its own process) and sum up.

Each script prints lines "figure: value (target …) PASS/FAIL"; this runner shows them as they
come, then lists them all again at the end. Exit status 1 if a script failed or missed a target.

`bench/run.py --quick` sets BENCH_QUICK=1 for every script: those that know it measure a
smaller case (bench_spc_memory.py: a 20 MB file rather than 200 MB).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def run_script(script: Path, quick: bool = False) -> tuple[int, list[str]]:
    """Run SCRIPT, echoing its output; returns its exit status and its figure lines."""
    figures: list[str] = []
    process = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=BENCH_DIR.parent,
        env={**os.environ, "BENCH_QUICK": "1"} if quick else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    assert process.stdout is not None
    for line in process.stdout:
        print(f"  {line}", end="", flush=True)
        if line.rstrip().endswith(("PASS", "FAIL")):
            figures.append(line.strip())
    return process.wait(), figures


def main() -> int:
    scripts = sorted(BENCH_DIR.glob("bench_*.py"))
    if not scripts:
        print("No benchmarks found (bench/bench_*.py).")
        return 1
    summary: list[tuple[str, int, list[str], float]] = []
    for script in scripts:
        print(f"== {script.name}", flush=True)
        started = time.perf_counter()
        status, figures = run_script(script, quick="--quick" in sys.argv)
        summary.append((script.name, status, figures, time.perf_counter() - started))
    print("\n== Figures")
    failed = False
    for name, status, figures, seconds in summary:
        outcome = "ok" if status == 0 else f"FAILED (exit status {status})"
        print(f"{name}: {outcome}, {seconds:.0f} s")
        for figure in figures:
            print(f"  {figure}")
        failed |= status != 0 or any(figure.endswith("FAIL") for figure in figures)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
