"""The change history and the security log are append-only at the database level."""

from __future__ import annotations

import urllib.request

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from quadrant.core.history import write_event
from quadrant.core.integrity.guards import GUARDED_TABLES, missing_guards
from quadrant.core.models import HistoryEvent, SecurityEvent
from quadrant.core.security import log_security_event

pg_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="TRUNCATE exists only on PostgreSQL"
)


@pytest.fixture
def logged(db):
    """One history row and one security-log row."""
    event = write_event(action="create", model=None, object_id="1", object_repr="x", changes={})
    log_security_event("login", detail="test")
    return event


def _refused(sql: str, params: list | None = None) -> str:
    with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql, params or [])
    return str(caught.value)


def test_every_guard_is_installed(db):
    assert missing_guards(connection) == []


@pytest.mark.parametrize("table", GUARDED_TABLES)
def test_raw_update_is_refused(logged, table):
    message = _refused(f"UPDATE {table} SET request_id = 'forged'")  # noqa: S608
    assert "append-only" in message
    assert not HistoryEvent.objects.filter(request_id="forged").exists()


@pytest.mark.parametrize("table", GUARDED_TABLES)
def test_raw_delete_is_refused(logged, table):
    before = (HistoryEvent.objects.count(), SecurityEvent.objects.count())
    assert "append-only" in _refused(f"DELETE FROM {table}")  # noqa: S608
    assert (HistoryEvent.objects.count(), SecurityEvent.objects.count()) == before


def test_orm_update_and_delete_are_refused(logged):
    with pytest.raises(DatabaseError), transaction.atomic():
        HistoryEvent.objects.filter(pk=logged.pk).update(summary="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.all().delete()
    assert HistoryEvent.objects.get(pk=logged.pk).summary == ""


@pg_only
@pytest.mark.parametrize("table", GUARDED_TABLES)
def test_truncate_is_refused_on_postgresql(logged, table):
    assert "append-only" in _refused(f"TRUNCATE {table}")
    assert "append-only" in _refused(f"TRUNCATE {table} CASCADE")
    assert HistoryEvent.objects.filter(pk=logged.pk).exists()


def test_flush_is_refused_outside_the_test_suite(logged, settings):
    settings.TESTING = False
    with pytest.raises(CommandError):
        call_command("flush", interactive=False, verbosity=0)
    assert HistoryEvent.objects.filter(pk=logged.pk).exists()


# The two tests below run in this order (one file stays on one xdist worker): the first writes
# through a live server in a real transaction, the second proves the flush in between emptied
# the tables and put every guard back.


@pytest.mark.django_db(transaction=True)
def test_live_server_and_transactional_tests_work_with_the_guards(live_server, people):
    with urllib.request.urlopen(f"{live_server.url}/healthz", timeout=10) as response:  # noqa: S310
        assert response.status == 200
    write_event(action="create", model=None, object_id="2", object_repr="y", changes={})
    assert HistoryEvent.objects.count() > 1
    assert missing_guards(connection) == []


@pytest.mark.django_db(transaction=True)
def test_the_flush_between_transactional_tests_kept_the_guards():
    assert HistoryEvent.objects.count() == 0
    assert missing_guards(connection) == []
    write_event(action="create", model=None, object_id="3", object_repr="z", changes={})
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM core_historyevent")
    assert HistoryEvent.objects.count() == 1
