"""`quadrant backup`, `quadrant backup --verify` and `quadrant restore`, on the suite's backend."""

from __future__ import annotations

import io
import json
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from quadrant.core.history import verify_chain, write_event
from quadrant.core.integrity.backup import Manifest, file_sha256, verify_backup
from quadrant.core.integrity.pg_backup import BackupError, check_versions
from quadrant.core.models import HistoryEvent, SecurityEvent
from quadrant.core.security import log_security_event

pytestmark = pytest.mark.django_db(transaction=True)


def _write(n: int, label: str = "row") -> None:
    for i in range(n):
        write_event(action="create", model=None, object_id=str(i), object_repr=label, changes={})
        log_security_event("login", username=f"{label}{i}")


@pytest.fixture
def backup_path(tmp_path, people):
    _write(10)
    path = tmp_path / ("quadrant.sqlite3" if connection.vendor == "sqlite" else "quadrant.dump")
    call_command("backup", str(path), stdout=io.StringIO())
    return path


def test_backup_taken_while_users_write_restores_consistently(tmp_path, people):
    stop = threading.Event()
    written = []

    def writer() -> None:
        try:
            while not stop.is_set():
                _write(1, "during")
                written.append(1)
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 20:
            stop.wait(0.01)
        path = tmp_path / "live.backup"
        manifest = Manifest.path_for(path)
        call_command("backup", str(path), stdout=io.StringIO())
        during = len(written)
        while len(written) < during + 20:
            stop.wait(0.01)
    finally:
        stop.set()
        thread.join()
    data = json.loads(manifest.read_text())
    assert data["tables"]["core_historyevent"] == data["history_head"]["length"] > 20
    assert data["tables"]["core_historyevent"] < HistoryEvent.objects.count()
    assert verify_backup(path) == []
    out = io.StringIO()
    call_command("backup", "--verify", str(path), stdout=out)
    assert "history chain of" in out.getvalue() and "intact" in out.getvalue()


def test_restore_brings_back_the_backup_and_nothing_after(backup_path):
    history_rows, security_rows = HistoryEvent.objects.count(), SecurityEvent.objects.count()
    _write(5, "after")
    call_command("restore", str(backup_path), "--yes", stdout=io.StringIO())
    assert HistoryEvent.objects.count() == history_rows
    assert SecurityEvent.objects.count() == security_rows
    assert not SecurityEvent.objects.filter(username__startswith="after").exists()
    assert verify_chain() == (history_rows, None)
    out = io.StringIO()
    call_command("history", "verify", stdout=out)  # the append-only guards came back too
    assert f"{history_rows} events checked" in out.getvalue()


def test_restore_asks_first_and_cancelling_changes_nothing(backup_path, monkeypatch):
    _write(2, "kept")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Restore cancelled"):
        call_command("restore", str(backup_path), stdout=io.StringIO())
    assert SecurityEvent.objects.filter(username__startswith="kept").count() == 2


def test_verify_refuses_a_damaged_file(backup_path):
    data = bytearray(backup_path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    backup_path.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="does not match its manifest"):
        call_command("backup", "--verify", str(backup_path))


def test_verify_reports_row_counts_that_differ_from_the_manifest(backup_path):
    manifest_path = Manifest.path_for(backup_path)
    data = json.loads(manifest_path.read_text())
    data["tables"]["core_securityevent"] += 1
    manifest_path.write_text(json.dumps(data))
    with pytest.raises(CommandError) as caught:
        call_command("backup", "--verify", str(backup_path))
    assert "Table core_securityevent: 10 rows restored, manifest says 11." in str(caught.value)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="edits the SQLite backup file")
def test_verify_finds_a_forged_history_row_inside_the_backup(backup_path):
    import sqlite3

    forged = HistoryEvent.objects.order_by("id")[3]
    with sqlite3.connect(backup_path) as db:
        db.execute("DROP TRIGGER core_historyevent_no_update")
        db.execute("UPDATE core_historyevent SET object_repr = 'forged' WHERE id = ?", [forged.pk])
    manifest_path = Manifest.path_for(backup_path)
    data = json.loads(manifest_path.read_text())
    data["sha256"] = file_sha256(backup_path)
    manifest_path.write_text(json.dumps(data))
    problems = verify_backup(backup_path)
    assert any(f"History chain broken at event {forged.pk} " in p for p in problems)


def test_an_older_pg_dump_is_named_clearly():
    check_versions("pg_dump (PostgreSQL) 16.2 (Debian)", 150004)  # newer client: fine
    with pytest.raises(BackupError) as caught:
        check_versions("pg_dump (PostgreSQL) 14.11 (Debian 14.11-1)\n", 150004)
    assert "pg_dump is version 14 but the database server is PostgreSQL 15" in str(caught.value)
