"""The load figures: 100 simulated users against gunicorn and PostgreSQL, on loopback, and
sign-in on its own at a steady five a second.

Uses the PostgreSQL database `quadrant_bench_load` (QUADRANT_BENCH_LOAD_URL to change it), which
it seeds with the `--scale large` demo trust when it does not hold a complete large seed (about a
minute, or three on a busy machine), and reuses afterwards. Then:
  1. runs collectstatic into a temporary QUADRANT_VAR_DIR and starts
     `gunicorn quadrant.wsgi -w 2 --threads 4` on a free loopback port (QUADRANT_ENV=demo);
  2. logs 100 users in (GET /login/, POST with the CSRF token), before the measured window;
  3. for 60 s, each user waits 1-3 s, then opens a page or submits a form, again and again;
  4. prints the requests, the errors (any answer other than 2xx/3xx, a redirect to the login
     page, or a failed connection) and the p50/p95/p99 response times, with the targets, and
     the p95 of the project page and of the board's home page on their own;
  5. then signs in five times a second for 60 s (fresh sessions, the named accounts in turn)
     and prints the p95 of the sign-in POST, with the Argon2 parameters in use checked against
     OWASP's recommended minimums.
Each virtual user is a thread with its own `requests` session; every request sends
`Connection: close`, so no request can meet a keep-alive connection the server is just closing.
"""

from __future__ import annotations

import logging
import os
import random
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchkit import ROOT, ensure_pg_database, figure, percentile

BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get(
    "QUADRANT_BENCH_LOAD_URL", "postgres://postgres@127.0.0.1:5432/quadrant_bench_load"
)
os.environ["QUADRANT_DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("QUADRANT_ENV", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quadrant.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402
import requests  # noqa: E402

USERS = 100
DURATION = 60.0  # seconds of measured load
THINK = (1.0, 3.0)  # seconds between one user's requests
LOGIN_CONCURRENCY = 8  # Argon2 checks are deliberately slow: log in a few at a time
NAMED_USERS = ("board", "quality", "analyst", "manager", "manager2", "staff", "auditor", "coach",
               "admin")  # fmt: skip
SEARCH_WORDS = ("ward", "falls", "pressure", "sepsis", "theatre", "discharge", "infection", "team")
TARGET_P95 = 300.0  # ms, every request; also the project page and the board's home on their own
TARGET_P99 = 1000.0  # ms
LOGIN_RATE = 5.0  # sign-ins a second, for LOGIN_DURATION seconds
LOGIN_DURATION = 60.0
TARGET_LOGIN_P95 = 400.0  # ms
BOARD_USERS = ("board", "director")  # executives: their home page is the board's
# OWASP Password Storage Cheat Sheet, Argon2id: the equivalent minimum settings (memory in KiB,
# iterations), each with one degree of parallelism.
OWASP_ARGON2_MINIMUMS = ((47104, 1), (19456, 2), (12288, 3), (9216, 4), (7168, 5))
SEED = 3


def server_env(var_dir: str) -> dict[str, str]:
    return {
        **os.environ,
        "QUADRANT_ENV": "demo",
        "QUADRANT_DATABASE_URL": DATABASE_URL,
        "QUADRANT_VAR_DIR": var_dir,
        "QUADRANT_SECRET_KEY": SECRET_KEY,
        "DJANGO_SETTINGS_MODULE": "quadrant.settings",
    }


SECRET_KEY = secrets.token_urlsafe(64)  # one key for every process (sessions must agree)


# --- the database ---------------------------------------------------------------------------


def ensure_large_seed(var_dir: str) -> None:
    from django.db import DatabaseError, connection

    from quadrant.demo.generator import current_seed

    try:
        seed = current_seed()
    except DatabaseError:  # not migrated yet
        seed = None
    if seed is not None and seed.scale == "large":
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # a database kept from an older checkout
        print(f"Reusing the database: {seed}", flush=True)
        return
    connection.close()
    print("Seeding the large demo trust (about a minute)…", flush=True)
    started = time.perf_counter()
    command = [str(BIN / "quadrant"), "demo", "--reset", "--scale", "large", "--no-serve"]
    subprocess.run(
        command, env=server_env(var_dir), cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )
    print(f"Seeded in {time.perf_counter() - started:.0f} s: {current_seed()}", flush=True)


# --- who the users are and what they open ---------------------------------------------------


@dataclass
class UserPlan:
    username: str
    units: list[str]
    measures: list[str]
    projects: list[int]
    idea_unit: int | None  # home unit, when the person may submit an idea there


def plan_users(rng: random.Random) -> list[UserPlan]:
    """The 9 named demo accounts and 91 generated staff, with pages each of them may open."""
    from quadrant.control.models import Measure
    from quadrant.core.permissions import Capability, may, restrict, units_where
    from quadrant.demo.people import NAMED_ACCOUNTS
    from quadrant.improvement.models import Project
    from quadrant.organisation.models import Person

    generated = list(
        Person.objects.filter(is_active=True, home_unit__isnull=False)
        .exclude(username__in=NAMED_ACCOUNTS)
        .order_by("pk")
        .values_list("username", flat=True)
    )
    usernames = [*NAMED_USERS, *rng.sample(generated, USERS - len(NAMED_USERS))]
    plans = []
    for person in Person.objects.filter(username__in=usernames).select_related("home_unit"):
        units = list(units_where(person, Capability.VIEW).values_list("code", flat=True))
        measures = list(
            restrict(Measure.objects.filter(archived_at__isnull=True), person, Capability.VIEW)
            .values_list("code", flat=True)
        )  # fmt: skip
        projects = list(
            restrict(Project.objects.filter(archived_at__isnull=True), person, Capability.VIEW)
            .values_list("pk", flat=True)[:200]
        )  # fmt: skip
        home = person.home_unit
        plans.append(
            UserPlan(
                username=person.username,
                units=rng.sample(units, min(20, len(units))),
                measures=rng.sample(measures, min(20, len(measures))),
                projects=rng.sample(projects, min(20, len(projects))),
                idea_unit=home.pk if home and may(person, Capability.SUBMIT_IDEA, home) else None,
            )
        )
    return plans


# --- the server -----------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(var_dir: str, port: int) -> subprocess.Popen:
    log = open(Path(var_dir) / "gunicorn.log", "w")  # noqa: SIM115 - closed with the process
    command = [str(BIN / "gunicorn"), "quadrant.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2",
               "--threads", "4"]  # fmt: skip
    process = subprocess.Popen(command, env=server_env(var_dir), cwd=ROOT, stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200:
                return process
        except requests.RequestException:
            pass
        time.sleep(0.3)
    stop(process)
    tail = (Path(var_dir) / "gunicorn.log").read_text()[-3000:]
    raise RuntimeError(f"gunicorn did not answer /healthz:\n{tail}")


@dataclass
class CpuUse:
    """CPU seconds used so far: gunicorn (master and workers), PostgreSQL's processes, and the
    whole machine (busy time of every core); zeros where /proc is missing (not Linux)."""

    server: float = 0.0
    database: float = 0.0
    machine: float = 0.0

    def __sub__(self, other: CpuUse) -> CpuUse:
        return CpuUse(
            self.server - other.server,
            self.database - other.database,
            self.machine - other.machine,
        )


def cpu_seconds(master: int) -> CpuUse:
    tick = os.sysconf("SC_CLK_TCK")
    use = CpuUse()
    try:
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                text = stat.read_text()
            except OSError:
                continue
            name, fields = text[text.index("(") + 1 : text.rindex(")")], text.rsplit(")", 1)[1]
            values = fields.split()
            seconds = (int(values[11]) + int(values[12])) / tick  # utime + stime
            if stat.parent.name == str(master) or values[1] == str(master):  # values[1]: ppid
                use.server += seconds
            elif name.startswith("postgres"):
                use.database += seconds
        busy = [int(value) for value in Path("/proc/stat").read_text().split()[1:9]]
        use.machine = (sum(busy) - busy[3] - busy[4]) / tick  # all but idle and iowait
    except (OSError, IndexError, ValueError):
        return CpuUse()
    return use


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()  # gunicorn's graceful stop (SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- the virtual users ----------------------------------------------------------------------

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Sample:
    label: str
    ms: float
    error: str = ""  # empty when the request succeeded


@dataclass
class Shared:
    base: str
    start_barrier: threading.Barrier
    login_slots: threading.Semaphore = field(
        default_factory=lambda: threading.Semaphore(LOGIN_CONCURRENCY)
    )
    deadline: float = 0.0
    samples: list[Sample] = field(default_factory=list)
    login_failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class VirtualUser(threading.Thread):
    def __init__(self, plan: UserPlan, shared: Shared, seed: int) -> None:
        super().__init__(daemon=True, name=plan.username)
        self.plan, self.shared, self.rng = plan, shared, random.Random(seed)
        self.session = requests.Session()
        self.session.headers["Connection"] = "close"
        self.ideas = 0
        actions: list[tuple[int, Callable[[], None]]] = [
            (4, lambda: self.get("board home" if plan.username in BOARD_USERS else "home", "/")),
            (2, lambda: self.get("unit list", "/units/")),
            (3, lambda: self.get("unit page", f"/units/{self.rng.choice(plan.units)}/")),
            (2, lambda: self.get("measure list", "/control/measures/")),
            (2, lambda: self.get("summary", "/control/summary/")),
            (1, lambda: self.get("planning", "/planning/")),
            (1, lambda: self.get("goals", "/planning/goals/")),
            (1, lambda: self.get("quality account", "/planning/quality-account/")),
            (1, lambda: self.get("improvement", "/improvement/")),
            (2, lambda: self.get("portfolio", "/improvement/portfolio/")),
            (2, self.search),
        ]
        if plan.measures:
            actions.append((3, self.measure_page))
        if plan.projects:
            actions.append((2, self.project_page))
        if plan.idea_unit is not None:
            actions.append((2, self.submit_idea))
        self.weights = [weight for weight, _ in actions]
        self.actions = [action for _, action in actions]

    def project_page(self) -> None:
        self.get("project page", f"/improvement/projects/{self.rng.choice(self.plan.projects)}/")

    def measure_page(self) -> None:
        self.get("measure page", f"/control/measures/{self.rng.choice(self.plan.measures)}/")

    # one request, timed and checked
    def request(self, label: str, method: str, path: str, **kwargs) -> requests.Response | None:
        started = time.perf_counter()
        error, response = "", None
        try:
            response = self.session.request(
                method, self.shared.base + path, allow_redirects=False, timeout=30, **kwargs
            )
            if not 200 <= response.status_code < 400:
                error = f"HTTP {response.status_code}"
            elif response.headers.get("Location", "").startswith("/login/"):
                error = "sent to the login page"
        except requests.RequestException as exc:
            error = type(exc).__name__
        sample = Sample(label, (time.perf_counter() - started) * 1000, error)
        with self.shared.lock:
            self.shared.samples.append(sample)
        return None if error else response

    def get(self, label: str, path: str) -> requests.Response | None:
        return self.request(label, "GET", path)

    def search(self) -> None:
        self.get("search", f"/search/?q={self.rng.choice(SEARCH_WORDS)}")

    def submit_idea(self) -> None:
        """Open "I have an idea", think, and send it (the think time counts as the next wait)."""
        page = self.get("idea form", "/improvement/ideas/new/")
        token = CSRF.search(page.text) if page is not None else None
        if token is None or not self.think():
            return
        self.ideas += 1
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "title": f"Load test idea {self.ideas} from {self.plan.username}",
            "org_unit": str(self.plan.idea_unit),
            "problem": "Written by bench/bench_load.py.",
        }
        self.request("idea submit (POST)", "POST", "/improvement/ideas/new/", data=data)

    def think(self) -> bool:
        """Wait 1-3 s; False (without waiting) when that would pass the end of the window."""
        wait = self.rng.uniform(*THINK)
        if time.monotonic() + wait >= self.shared.deadline:
            return False
        time.sleep(wait)
        return True

    def log_in(self) -> bool:
        try:
            page = self.session.get(self.shared.base + "/login/", timeout=60)
            token = CSRF.search(page.text)
            if token is None:
                raise ValueError(f"no CSRF token on /login/ (HTTP {page.status_code})")
            data = {
                "csrfmiddlewaretoken": token.group(1),
                "username": self.plan.username,
                "password": "quadrant-demo",
            }
            response = self.session.post(
                self.shared.base + "/login/", data=data, allow_redirects=False, timeout=60
            )
            if response.status_code != 302 or response.headers["Location"].startswith("/login"):
                raise ValueError(f"login answered HTTP {response.status_code}")
            return True
        except (requests.RequestException, ValueError) as exc:
            with self.shared.lock:
                self.shared.login_failures.append(f"{self.plan.username}: {exc}")
            return False

    def run(self) -> None:
        with self.shared.login_slots:
            logged_in = self.log_in()
        self.shared.start_barrier.wait()
        if not logged_in:
            return
        while self.think():
            self.rng.choices(self.actions, self.weights)[0]()


# --- the run --------------------------------------------------------------------------------


def run_load(base: str, plans: list[UserPlan], server: int) -> tuple[Shared, float]:
    """Log every user in, then run the window; prints the CPU the window used."""
    window: dict[str, Any] = {}

    def open_window() -> None:  # runs once, when every user has logged in
        window["start"] = time.monotonic()
        shared.deadline = window["start"] + DURATION
        window["cpu"] = cpu_seconds(server)
        window["client_cpu"] = time.process_time()

    shared = Shared(base, threading.Barrier(len(plans), action=open_window))
    users = [VirtualUser(plan, shared, SEED * 1000 + n) for n, plan in enumerate(plans)]
    login_started = time.monotonic()
    for user in users:
        user.start()
    for user in users:
        user.join()
    seconds = time.monotonic() - window["start"]
    client_cpu = time.process_time() - window["client_cpu"]
    used = cpu_seconds(server) - window["cpu"]
    logins = len(plans) - len(shared.login_failures)
    print(f"Logged in {logins} of {len(plans)} users in {window['start'] - login_started:.1f} s; "
          f"window {seconds:.1f} s (until the last answer)", flush=True)  # fmt: skip
    if used.machine:
        requests_made = max(1, len(shared.samples))
        print(f"CPU in the window: gunicorn {used.server:.0f} s "
              f"({used.server / requests_made * 1000:.0f} ms a request), PostgreSQL "
              f"{used.database:.0f} s ({used.database / requests_made * 1000:.0f} ms a request), "
              f"load generator {client_cpu:.0f} s, whole machine {used.machine:.0f} s of "
              f"{seconds * (os.cpu_count() or 1):.0f} s available", flush=True)  # fmt: skip
    return shared, seconds


def report(shared: Shared, seconds: float, users: int) -> None:
    samples = shared.samples
    figure("load: users logged in before the window", f"{users - len(shared.login_failures)} of "
           f"{users}", f"all {users}", not shared.login_failures)  # fmt: skip
    for failure in shared.login_failures[:5]:
        print(f"  login failed: {failure}")
    if not samples:
        figure("load: requests", "0", "> 0", False)
        return
    errors = [sample for sample in samples if sample.error]
    figure(f"load, {users} users for {DURATION:.0f} s: errors",
           f"{len(errors)} of {len(samples)} requests ({len(samples) / seconds:.0f} requests/s)",
           "0", not errors)  # fmt: skip
    for (label, error), count in Counter((s.label, s.error) for s in errors).most_common(8):
        print(f"  {count} × {label}: {error}")
    times = sorted(sample.ms for sample in samples)
    p50, p95, p99 = (percentile(times, p) for p in (50, 95, 99))
    figure(f"load response time p95, {users} users", f"{p95:.0f} ms (p50 {p50:.0f}, "
           f"n={len(times)})", f"< {TARGET_P95:.0f} ms", p95 < TARGET_P95)  # fmt: skip
    figure(f"load response time p99, {users} users", f"{p99:.0f} ms (max {times[-1]:.0f})",
           f"< {TARGET_P99:.0f} ms", p99 < TARGET_P99)  # fmt: skip
    by_label: dict[str, list[float]] = defaultdict(list)
    for sample in samples:
        by_label[sample.label].append(sample.ms)
    for label in ("project page", "board home"):
        values = sorted(by_label.get(label, []))
        if values:
            p95_page = percentile(values, 95)
            figure(f"load p95, {label}", f"{p95_page:.0f} ms (n={len(values)})",
                   f"< {TARGET_P95:.0f} ms", p95_page < TARGET_P95)  # fmt: skip
        else:
            figure(f"load p95, {label}", "not opened in the window", "opened", False)
    print("By page (information only): n, p50, p95, max in ms")
    for label, values in sorted(by_label.items(), key=lambda item: -len(item[1])):
        values.sort()
        print(f"  {label}: n={len(values)}, p50 {percentile(values, 50):.0f}, "
              f"p95 {percentile(values, 95):.0f}, max {values[-1]:.0f}")  # fmt: skip


def argon2_parameters() -> tuple[int, int, int]:
    """(memory in KiB, iterations, parallelism) of the password hasher new hashes get."""
    from django.contrib.auth.hashers import get_hasher

    hasher = get_hasher("argon2")
    return hasher.memory_cost, hasher.time_cost, hasher.parallelism


def login_rate_run(base: str) -> list[float]:
    """Sign in LOGIN_RATE times a second for LOGIN_DURATION seconds, each time with a fresh
    session, the named accounts in turn: the milliseconds of each successful sign-in POST
    (failures are counted and reported apart)."""
    times: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def sign_in(username: str) -> None:
        session = requests.Session()
        session.headers["Connection"] = "close"
        try:
            page = session.get(base + "/login/", timeout=30)
            token = CSRF.search(page.text)
            if token is None:
                raise ValueError(f"no CSRF token on /login/ (HTTP {page.status_code})")
            data = {"csrfmiddlewaretoken": token.group(1), "username": username,
                    "password": "quadrant-demo"}  # fmt: skip
            started = time.perf_counter()
            response = session.post(base + "/login/", data=data, allow_redirects=False, timeout=30)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 302 or response.headers["Location"].startswith("/login"):
                raise ValueError(f"sign-in answered HTTP {response.status_code}")
            with lock:
                times.append(elapsed)
        except (requests.RequestException, ValueError) as exc:
            with lock:
                failures.append(f"{username}: {exc}")

    threads = []
    start = time.monotonic()
    count = int(LOGIN_RATE * LOGIN_DURATION)
    for n in range(count):
        delay = start + n / LOGIN_RATE - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        thread = threading.Thread(target=sign_in, args=(NAMED_USERS[n % len(NAMED_USERS)],))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    figure("sign-in at 5 a second for 60 s: failures", f"{len(failures)} of {count}", "0",
           not failures)  # fmt: skip
    for failure in failures[:5]:
        print(f"  sign-in failed: {failure}")
    return sorted(times)


def report_logins(times: list[float]) -> None:
    memory, iterations, parallelism = argon2_parameters()
    meets = any(memory >= m and iterations >= t for m, t in OWASP_ARGON2_MINIMUMS)
    figure("Argon2id parameters", f"m={memory} KiB, t={iterations}, p={parallelism}",
           "at least one of OWASP's minimums (m=19456 KiB t=2, m=47104 KiB t=1, …)",
           meets)  # fmt: skip
    if not times:
        target = f"< {TARGET_LOGIN_P95:.0f} ms"
        figure("sign-in POST p95, 5 a second", "no sign-in succeeded", target, False)
        return
    p50, p95 = percentile(times, 50), percentile(times, 95)
    figure("sign-in POST p95, 5 a second for 60 s", f"{p95:.0f} ms (p50 {p50:.0f}, "
           f"n={len(times)})", f"< {TARGET_LOGIN_P95:.0f} ms", p95 < TARGET_LOGIN_P95)  # fmt: skip


def main() -> None:
    logging.getLogger("django").setLevel(logging.ERROR)
    print(f"Machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} before the run"
          " (the load generator runs on the same machine)", flush=True)  # fmt: skip
    problem = ensure_pg_database(DATABASE_URL)
    if problem is not None:
        figure("load: PostgreSQL", f"not reachable ({problem[:120]})", "reachable", False)
        return
    django.setup()
    with tempfile.TemporaryDirectory(prefix="quadrant-bench-load-") as var_dir:
        ensure_large_seed(var_dir)
        plans = plan_users(random.Random(SEED))
        from django.db import connection

        connection.close()
        started = time.perf_counter()
        subprocess.run([str(BIN / "quadrant"), "collectstatic", "--noinput", "-v0"],
                       env=server_env(var_dir), cwd=ROOT, check=True)  # fmt: skip
        print(f"collectstatic into a temporary directory: {time.perf_counter() - started:.0f} s",
              flush=True)  # fmt: skip
        port = free_port()
        server = start_gunicorn(var_dir, port)
        try:
            print(f"gunicorn (2 workers × 4 threads) on 127.0.0.1:{port}; {len(plans)} users; "
                  f"load average {os.getloadavg()[0]:.2f}", flush=True)  # fmt: skip
            shared, seconds = run_load(f"http://127.0.0.1:{port}", plans, server.pid)
            print(f"Signing in {LOGIN_RATE:.0f} times a second for {LOGIN_DURATION:.0f} s…",
                  flush=True)  # fmt: skip
            login_times = login_rate_run(f"http://127.0.0.1:{port}")
        finally:
            stop(server)
        print(f"Load average at the end: {os.getloadavg()[0]:.2f}", flush=True)
        report(shared, seconds, len(plans))
        report_logins(login_times)


if __name__ == "__main__":
    main()
