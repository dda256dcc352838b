"""Foundation figures on the `--scale large` trust (1,500 units in 5 levels, 15,000 staff).

Builds the organisation once into var/bench/foundation-large.sqlite3 (reused while complete),
then measures, in process with Django's test client:
  (a) the SQL queries and time of "which units may this user see" for `manager` and `board`;
  (b) home page server time, p50 and p95 over 200 requests;
  (c) the unit list page and a unit page, p95.
"""

from __future__ import annotations

import logging
import statistics
import sys
import time
from collections.abc import Callable

from benchkit import ROOT, figure, percentile, start_django

DATABASE = start_django("foundation-large.sqlite3", other_database=False)

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from quadrant.core.permissions import Capability, units_where  # noqa: E402
from quadrant.demo.generator import current_seed  # noqa: E402
from quadrant.organisation.models import Person  # noqa: E402

HOME_REQUESTS = 200
PAGE_REQUESTS = 100


class PageError(Exception):
    """A measured page did not answer 200."""


def ensure_large_org() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    seed = current_seed()
    if seed is not None and seed.scale == "large":
        print(f"Reusing {DATABASE.relative_to(ROOT)}: {seed}", flush=True)
        return
    started = time.perf_counter()
    reset = ["--reset"] if seed is not None else []
    call_command("demo", "--no-serve", "--scale", "large", *reset, stdout=sys.stdout)
    seconds = time.perf_counter() - started
    figure("build the large trust (1,500 units, 15,000 staff)", f"{seconds:.1f} s", "< 60 s",
           seconds < 60)  # fmt: skip


def percentiles(samples: list[float]) -> tuple[float, float]:
    return statistics.median(samples), percentile(samples, 95)


def time_requests(client: Client, url: str, count: int) -> list[float]:
    for _ in range(5):  # warm caches, templates and the connection
        client.get(url)
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise PageError(f"{url} answered {response.status_code}")
    return samples


def time_calls(call: Callable[[], object], count: int) -> list[float]:
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure_units_where(user: Person) -> None:
    def fetch() -> list:
        return list(units_where(user, Capability.VIEW))

    def fetch_ids() -> list:
        return list(units_where(user, Capability.VIEW).values_list("pk", flat=True))

    with CaptureQueriesContext(connection) as queries:
        units = fetch()
    figure(f"units_where queries, {user.username} ({len(units)} units)", str(len(queries)),
           "= 1", len(queries) == 1)  # fmt: skip
    p50, p95 = percentiles(time_calls(fetch_ids, 50))
    figure(f"units_where SQL time p95 (ids), {user.username}", f"{p95:.1f} ms (p50 {p50:.1f})",
           "< 50 ms", p95 < 50)  # fmt: skip
    p50, p95 = percentiles(time_calls(fetch, 50))
    print(f"units_where as model objects, {user.username}: p95 {p95:.1f} ms (p50 {p50:.1f})")


def measure_page(client: Client, username: str, label: str, url: str, count: int, limit: int):
    try:
        p50, p95 = percentiles(time_requests(client, url, count))
    except PageError as error:
        figure(f"{label} p95, {username}", str(error), f"< {limit} ms", False)
        return
    figure(f"{label} p95, {username}", f"{p95:.1f} ms (p50 {p50:.1f}, n={count})",
           f"< {limit} ms", p95 < limit)  # fmt: skip


def main() -> None:
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # failures become FAIL lines
    ensure_large_org()
    for username in ("manager", "board"):
        user = Person.objects.get(username=username)
        measure_units_where(user)
        client = Client(raise_request_exception=False)
        client.force_login(user)
        unit = user.home_unit
        measure_page(client, username, "home page", "/", HOME_REQUESTS, 100)
        measure_page(client, username, "unit list page", "/units/", PAGE_REQUESTS, 500)
        measure_page(client, username, f"unit page ({unit.code})", unit.get_absolute_url(),
                     PAGE_REQUESTS, 200)  # fmt: skip


if __name__ == "__main__":
    main()
