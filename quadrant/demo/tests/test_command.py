"""`quadrant demo --no-serve`: migrates and seeds once; a second run changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from quadrant.core.models import HistoryEvent
from quadrant.demo.models import DemoSeed
from quadrant.organisation.models import Membership, OrgUnit, Person


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", "--no-serve", *args, stdout=out)
    return out.getvalue()


def counts() -> tuple[int, int, int, int]:
    return (
        OrgUnit.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
        HistoryEvent.objects.count(),
    )


@pytest.mark.django_db(transaction=True)
def test_demo_command_seeds_once_and_is_idempotent() -> None:
    first = run_demo()
    assert "Seeding the demo organisation (demo scale)" in first
    after_first = counts()
    assert after_first[0] == 87 and after_first[1] >= 300
    second = run_demo()
    assert "Already seeded" in second
    assert counts() == after_first
    assert DemoSeed.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_demo_command_names_the_way_to_change_scale() -> None:
    run_demo()
    message = run_demo("--scale", "large")
    assert "--reset --scale large" in message
    assert OrgUnit.objects.count() == 87  # nothing was rebuilt without --reset
