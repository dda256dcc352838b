"""Serve the demo: the background worker and the web server as child processes.

Both stop together: on Ctrl-C or SIGTERM, or when either of them exits.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any


def _gunicorn_works() -> bool:
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return os.name == "posix"


def server_command(host: str, port: int) -> list[str]:
    """Gunicorn (2 workers, 4 threads each) where it runs; otherwise Django's runserver."""
    if _gunicorn_works():
        return [
            sys.executable, "-m", "gunicorn", "quadrant.wsgi:application",
            "--bind", f"{host}:{port}", "--workers", "2", "--threads", "4",
            "--access-logfile", "-", "--log-level", "warning",
        ]  # fmt: skip
    return [sys.executable, "-m", "quadrant.cli", "runserver", "--noreload", f"{host}:{port}"]


def worker_command() -> list[str]:
    return [sys.executable, "-m", "quadrant.cli", "qcluster"]


class _Stop(Exception):
    pass


def _raise_stop(signum: int, frame: Any) -> None:
    raise _Stop


def serve(host: str, port: int, *, log: Callable[[str], None]) -> int:
    """Run the worker and the web server until Ctrl-C; returns an exit status."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "quadrant.settings"}
    children: list[tuple[str, subprocess.Popen[bytes]]] = []
    previous = signal.signal(signal.SIGTERM, _raise_stop)
    status = 0
    try:
        # Own process groups: Ctrl-C reaches only us, and we stop the children in order.
        for name, command in (
            ("worker", worker_command()),
            ("web server", server_command(host, port)),
        ):
            child = subprocess.Popen(command, env=env, start_new_session=True)  # noqa: S603
            children.append((name, child))
        while True:
            for name, child in children:
                code = child.poll()
                if code is not None:
                    log(f"The {name} stopped (exit status {code}); stopping the demo.")
                    return code or 1
            time.sleep(0.5)
    except (KeyboardInterrupt, _Stop):
        log("\nStopping the web server and the worker…")
    finally:
        _stop_all(children)
        signal.signal(signal.SIGTERM, previous)
    return status


def _stop_all(children: list[tuple[str, subprocess.Popen[bytes]]]) -> None:
    for _name, child in reversed(children):
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 10
    for _name, child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
