"""The demo trust at the default scale, seeded once for each test module that asks for it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    """The demo trust as of today (the seed context); the database is emptied afterwards."""
    from django.core.management import call_command

    from quadrant.demo.generator import seed_demo

    with django_db_blocker.unblock():
        yield seed_demo("demo", log=lambda message: None)
        call_command("flush", interactive=False, verbosity=0)
