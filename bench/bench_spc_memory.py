"""Peak memory of ``quadrant spc`` on a large CSV file (target: at most 3x the file's size).

Run as ``python bench/bench_spc_memory.py`` from the repository root (``make bench`` runs it
with the others). Writes a CSV of BENCH_SPC_MB megabytes (200 by default; 20 with
``--quick`` or BENCH_QUICK=1, which ``bench/run.py --quick`` sets) under var/bench — trust and
ward codes, a day, a count and a denominator — charts it as a p chart per ward in a subprocess
(the CSV output thrown away) and prints the child's peak resident memory (``ru_maxrss``) and
its ratio to the file size (held to the target from 100 MB: below that the interpreter's own
30 MB weigh too much). The file is kept for the next run while its size is the one asked for.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
BENCH_DIR = REPO / "var" / "bench"
TARGET_RATIO = 3.0
TARGET_FROM_MB = 100
WARDS = 2_000
ROWS_A_CHUNK = 200_000
HEADER = "trust,ward,day,breaches,attendances\n"


def write_csv(path: Path, megabytes: int) -> None:
    """About MEGABYTES of rows: each ward's days in turn, shuffled within each chunk."""
    rng = np.random.default_rng(16)
    wanted = megabytes * 1_000_000
    first_day = dt.date(2000, 1, 1).toordinal()
    days = {o: dt.date.fromordinal(o).isoformat() for o in range(first_day, first_day + 20_000)}
    wards = [(f"R{w // 20:03d}", f"R{w // 20:03d}-W{w % 20:02d}") for w in range(WARDS)]
    written, step = 0, 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        while written < wanted:
            ward = np.arange(ROWS_A_CHUNK) % WARDS
            day = first_day + step * (ROWS_A_CHUNK // WARDS) + np.arange(ROWS_A_CHUNK) // WARDS
            attendances = rng.integers(50, 400, ROWS_A_CHUNK)
            breaches = rng.binomial(attendances, 0.12)
            lines = "".join(
                f"{wards[w][0]},{wards[w][1]},{days[d]},{b},{a}\n"
                for w, d, b, a in zip(
                    ward.tolist(), day.tolist(), breaches.tolist(), attendances.tolist(),
                    strict=True,
                )
            )  # fmt: skip
            out.write(lines)
            written += len(lines)
            step += 1


def main() -> int:
    quick = "--quick" in sys.argv or os.environ.get("BENCH_QUICK") == "1"
    megabytes = 20 if quick else int(os.environ.get("BENCH_SPC_MB", "200"))
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / f"spc-memory-{megabytes}mb.csv"
    if not path.is_file():
        started = time.perf_counter()
        write_csv(path, megabytes)
        print(f"wrote {path.relative_to(REPO)} in {time.perf_counter() - started:.0f} s")
    size = path.stat().st_size
    cmd = [
        sys.executable, "-m", "quadrant.spc", str(path), "--value", "breaches",
        "--denominator", "attendances", "--chart", "p", "--group", "trust", "ward",
        "--date", "day",
    ]  # fmt: skip
    env = dict(os.environ, PYTHONPATH=str(REPO))
    started = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        print(f"quadrant spc failed: {done.stderr.decode()[:500]}")
        return 1
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # kB on Linux
    ratio = peak / size
    print(f"quadrant spc on {size / 1e6:.0f} MB CSV: {seconds:.0f} s wall")
    figure = f"quadrant spc peak memory on a {size / 1e6:.0f} MB CSV: {peak / 1e6:.0f} MB, "
    if megabytes < TARGET_FROM_MB:  # Python and numpy alone take some 30 MB
        print(f"{figure}{ratio:.2f}x the file (the 3x target is for files of 100 MB or more)")
    else:
        verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"
        print(f"{figure}{ratio:.2f}x the file (target <= {TARGET_RATIO:g}x) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
