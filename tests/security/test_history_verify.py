"""`quadrant history verify` reports the row count, or the first broken link with exit code 1."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from quadrant.core.history import write_event
from quadrant.core.integrity.guards import remove_guards


@pytest.fixture
def events(db):
    return [
        write_event(
            action="create", model=None, object_id=str(n), object_repr=f"row {n}", changes={}
        )
        for n in range(5)
    ]


def test_intact_chain_prints_the_count(events):
    from quadrant.core.models import HistoryEvent

    out = io.StringIO()
    call_command("history", "verify", stdout=out)
    assert f"History chain intact: {HistoryEvent.objects.count()} events checked." in out.getvalue()


def test_tampered_row_is_named_with_exit_code_1(events):
    victim = events[2]
    # Inside this test's transaction (rolled back afterwards): lift the guard, forge one row.
    remove_guards(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_historyevent SET object_repr = %s, changes = %s WHERE id = %s",
            ["forged", '{"status": ["open", "closed"]}', victim.pk],
        )
    with pytest.raises(CommandError) as caught:
        call_command("history", "verify")
    assert caught.value.returncode == 1
    assert f"broken at event {victim.pk} " in str(caught.value)
    assert victim.at.isoformat() in str(caught.value)


def test_deleted_row_is_detected(events):
    remove_guards(connection)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_historyevent WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError) as caught:
        call_command("history", "verify")
    assert f"broken at event {events[2].pk} " in str(caught.value)


def test_missing_guard_fails_verification(events):
    remove_guards(connection)
    with pytest.raises(CommandError) as caught:
        call_command("history", "verify")
    assert "append-only guards are missing: core_historyevent" in str(caught.value)
