"""The demo trust's seed, step by step: `make demo` must serve within two minutes on a fresh
database, so the seed (after the migrations) is held to 60 s in all, whatever the components
add; each step's own time is printed so that the one that grew is plain to see.

Migrates a fresh var/bench/demo-seed.sqlite3 (always SQLite: the demo's database), then seeds
the default-scale demo trust with every registered step, timing each.

Run: `QUADRANT_ENV=test .venv/bin/python bench/bench_demo_seed.py`.
"""

from __future__ import annotations

import time

from benchkit import figure, start_django

start_django("demo-seed.sqlite3", fresh=True, other_database=False)

from django.core.management import call_command  # noqa: E402

from quadrant.demo.generator import seed_demo  # noqa: E402

SEED_TARGET_S = 60.0
READY_TARGET_S = 100.0  # of the two minutes, the rest is for starting the server and worker
STEP_SHARE = 0.5  # no single step may take more than half the seed's budget


def main() -> int:
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = time.perf_counter() - started
    figure("migrate a fresh database", f"{migrated:.1f} s", "—", True)
    lines: list[str] = []
    started = time.perf_counter()
    seed_demo("demo", log=lines.append)
    total = time.perf_counter() - started
    for line in lines:
        name, _, took = line.rpartition(": done in ")
        if name:
            seconds = float(took.removesuffix(" s"))
            limit = SEED_TARGET_S * STEP_SHARE
            figure(f"demo seed step “{name}”", f"{seconds:.1f} s", f"< {limit:.0f} s",
                   seconds < limit)  # fmt: skip
        else:
            print(line, flush=True)
    figure("seed the demo trust, every step", f"{total:.1f} s", f"< {SEED_TARGET_S:.0f} s",
           total < SEED_TARGET_S)  # fmt: skip
    both = migrated + total
    figure("migrate and seed, before `make demo` serves", f"{both:.1f} s",
           f"< {READY_TARGET_S:.0f} s", both < READY_TARGET_S)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
