"""Planning figures on the `--scale large` trust: the whole trust's goal tree.

Builds the large organisation with the planning seed step only (8 priorities cascaded to every
division, directorate and service, and half the services' first wards) into
var/bench/planning-large.sqlite3 (reused while complete), then measures in process with
Django's test client:
  (a) the SQL queries of the goal tree page for `board` (whole trust) and `manager` (one ward's
      chain): the same fixed number whatever the tree's size;
  (b) the goal tree page's server time for `board`, p50 and p95 over 100 requests.
"""

from __future__ import annotations

import statistics
import time

from benchkit import ROOT, figure, percentile, start_django

DATABASE = start_django("planning-large.sqlite3")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from quadrant.demo.generator import current_seed, seed_demo  # noqa: E402
from quadrant.organisation.models import Person  # noqa: E402
from quadrant.planning.models import Goal  # noqa: E402

URL = "/planning/goals/"
REQUESTS = 100


def ensure_large_plan() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    seed = current_seed()
    if seed is not None and seed.scale == "large" and Goal.objects.exists():
        print(f"Reusing {DATABASE.relative_to(ROOT)}: {Goal.objects.count()} goals", flush=True)
        return
    if seed is not None:
        call_command("flush", interactive=False, verbosity=0)
    from quadrant.planning.demo_seed import seed_planning

    started = time.perf_counter()
    context = seed_demo("large", with_steps=False, log=lambda message: None)
    seed_planning(context)
    print(f"Built the large trust and its goals in {time.perf_counter() - started:.0f} s")


def queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    if response.status_code != 200:
        raise SystemExit(f"{URL} answered {response.status_code}")
    return len(captured)


def main() -> None:
    ensure_large_plan()
    goals = Goal.objects.count()
    clients = {}
    for username in ("board", "manager"):
        client = Client()
        client.force_login(Person.objects.get(username=username))
        client.get(URL)
        clients[username] = client
    board_queries, manager_queries = queries(clients["board"]), queries(clients["manager"])
    figure(f"goal tree SQL queries, whole trust ({goals} goals) vs one ward's chain",
           f"{board_queries} vs {manager_queries}", "equal (fixed)",
           board_queries == manager_queries)  # fmt: skip
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        clients["board"].get(URL)
        samples.append((time.perf_counter() - started) * 1000)
    p50, p95 = statistics.median(samples), percentile(samples, 95)
    figure(f"goal tree of the whole trust ({goals} goals), server time p95",
           f"{p95:.0f} ms (p50 {p50:.0f})", "< 150 ms", p95 < 150)  # fmt: skip


if __name__ == "__main__":
    main()
