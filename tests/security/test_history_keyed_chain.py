"""The change history's chain is keyed and anchored outside the database.

The attack of the review: lift the append-only trigger, edit an event, recompute the chain with
the project's own plain SHA-256 function, put the trigger back. It must now be reported, and so
must a rewrite by someone who holds the key (against a checkpoint kept outside) and a
truncation of the chain back past a checkpoint. Run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import importlib
import io
import json
import logging
from collections.abc import Callable

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from quadrant.core.history import write_event
from quadrant.core.integrity import chain
from quadrant.core.integrity.checkpoint import Checkpoint
from quadrant.core.integrity.guards import install_guards, missing_guards, remove_guards
from quadrant.core.models import HistoryChainHead, HistoryEvent

rechaining = importlib.import_module("quadrant.core.migrations.0004_keyed_history_chain")
NAMES_NOW = ("HistoryEvent", "HistoryChainHead", "after 0005")  # the routine, on today's tables


def key_the_chain() -> None:
    rechaining.rechain(apps, _Editor(), to_keyed=True, names=NAMES_NOW)


Link = Callable[[str, HistoryEvent], str]


@pytest.fixture
def events(db):
    return [
        write_event(
            action="update",
            model=None,
            object_id=str(n),
            object_repr=f"row {n}",
            changes={"email": ["old@example.nhs.uk", f"new{n}@example.nhs.uk"]},
        )
        for n in range(6)
    ]


def _verify(*args: str) -> str:
    out = io.StringIO()
    call_command("history", "verify", *args, stdout=out)
    return out.getvalue()


def _refused(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("history", "verify", *args)
    assert caught.value.returncode == 1
    return str(caught.value)


def _checkpoint(tmp_path) -> tuple[Checkpoint, object]:
    path = tmp_path / "checkpoints.jsonl"
    out = io.StringIO()
    call_command("history", "checkpoint", "--output", str(path), stdout=out)
    return Checkpoint.from_dict(json.loads(out.getvalue())), path


def _rewrite(link: Link, *, edit: int | None = None, resign: bool = False) -> None:
    """What an attacker with write access to the database does: lift the guards, change the
    event EDIT, recompute every link with LINK (and, with the key, re-sign the stored
    checkpoints), set the chain head to match and put the guards back."""
    remove_guards(connection)
    with connection.cursor() as cursor:
        if edit is not None:
            cursor.execute(
                "UPDATE core_historyevent SET changes = %s WHERE id = %s",
                [json.dumps({"email": ["old@example.nhs.uk", "attacker@example.com"]}), edit],
            )
        previous, position = chain.GENESIS_HASH, 0
        for event in HistoryEvent.objects.order_by("id"):
            position += 1
            if resign and event.action == "checkpoint":
                old = Checkpoint.from_dict(event.changes)
                target = HistoryEvent.objects.get(pk=old.event_id)
                event.changes = json.loads(
                    Checkpoint(old.event_id, old.length, target.hash, old.at).signed().to_json()
                )
                cursor.execute(
                    "UPDATE core_historyevent SET changes = %s WHERE id = %s",
                    [json.dumps(event.changes), event.pk],
                )
            event.prev_hash = previous
            previous = link(previous, event)
            cursor.execute(
                "UPDATE core_historyevent SET prev_hash = %s, hash = %s WHERE id = %s",
                [event.prev_hash, previous, event.pk],
            )
    HistoryChainHead.objects.filter(pk=1).update(last_hash=previous, length=position)
    install_guards(connection)
    assert missing_guards(connection) == []


def test_intact_chain_verifies(events):
    assert f"History chain intact: {HistoryEvent.objects.count()} events checked." in _verify()


def test_the_reviewed_attack_with_the_plain_sha256_chain_is_reported(events):
    victim = events[2]
    _rewrite(chain.legacy_event_hash, edit=victim.pk)
    message = _refused()
    assert f"broken at event {events[0].pk} " in message  # no link verifies without the key


def test_recomputing_with_a_guessed_key_is_reported(events, settings):
    real_key = settings.HISTORY_KEY
    settings.HISTORY_KEY = "a guess at the key"
    _rewrite(chain.event_hash, edit=events[3].pk)
    settings.HISTORY_KEY = real_key  # the server's key, which the attacker did not have
    assert f"broken at event {events[0].pk} " in _refused()


def test_a_rewrite_by_a_key_holder_is_caught_by_the_checkpoint_kept_outside(events, tmp_path):
    _, path = _checkpoint(tmp_path)
    _rewrite(chain.event_hash, edit=events[1].pk, resign=True)
    assert "History chain intact" in _verify()  # the key and the database are both in hand…
    message = _refused("--checkpoint", str(path))  # …but not the write-once copy
    assert f"does not match the checkpoint file {path}" in message
    assert f"event {events[-1].pk} differs from its checkpoint" in message


def test_a_rewrite_is_caught_by_the_stored_checkpoint_without_the_key(events, tmp_path):
    _checkpoint(tmp_path)
    _rewrite(chain.legacy_event_hash, edit=events[1].pk)
    assert f"broken at event {events[0].pk} " in _refused()


def test_truncation_past_a_checkpoint_is_detected(events, tmp_path):
    checkpoint, path = _checkpoint(tmp_path)
    assert checkpoint.event_id == events[-1].pk
    remove_guards(connection)
    with connection.cursor() as cursor:  # cut the last two events and the stored checkpoint
        cursor.execute("DELETE FROM core_historyevent WHERE id >= %s", [events[-2].pk])
    newest = events[-3]
    HistoryChainHead.objects.filter(pk=1).update(last_hash=newest.hash, length=len(events) - 2)
    install_guards(connection)
    assert "History chain intact" in _verify()  # the keyed chain alone cannot see a cut tail
    message = _refused("--checkpoint", str(path))
    assert f"event {checkpoint.event_id}, checkpointed at {checkpoint.at}, is no longer" in message


def test_an_altered_checkpoint_file_is_refused(events, tmp_path):
    checkpoint, path = _checkpoint(tmp_path)
    forged = json.loads(checkpoint.to_json()) | {"length": checkpoint.length - 1}
    path.write_text(json.dumps(forged) + "\n", encoding="utf-8")
    assert "is not signed with this history key" in _refused("--checkpoint", str(path))
    path.write_text("not json\n", encoding="utf-8")
    assert f"Line 1 of {path} is not a checkpoint" in _refused("--checkpoint", str(path))
    assert "cannot be read" in _refused("--checkpoint", str(tmp_path / "missing.jsonl"))


def test_checkpoint_prints_logs_stores_appends_and_emails(events, tmp_path, caplog):
    path = tmp_path / "anchors.jsonl"
    out = io.StringIO()
    with caplog.at_level(logging.INFO, logger="quadrant.history"):
        for _ in range(2):
            call_command(
                "history", "checkpoint", "--output", str(path), "--email",
                "governance@example.nhs.uk", stdout=out,
            )  # fmt: skip
    printed = [Checkpoint.from_dict(json.loads(line)) for line in out.getvalue().splitlines()]
    assert printed[0].event_id == events[-1].pk and printed[0].length == len(events)
    assert printed[1].event_id == printed[0].event_id + 1  # the first checkpoint's own event
    assert all(checkpoint.signature_is_valid() for checkpoint in printed)
    assert path.read_text(encoding="utf-8").splitlines() == [c.to_json() for c in printed]
    assert HistoryEvent.objects.filter(action="checkpoint").count() == 2
    assert printed[1].to_json() in caplog.text
    assert mail.outbox[-1].to == ["governance@example.nhs.uk"]
    assert printed[1].to_json() in mail.outbox[-1].body
    assert "matching 2 checkpoint(s) of the checkpoint file" in _verify("--checkpoint", str(path))


def test_no_checkpoint_is_signed_for_a_broken_chain(events, tmp_path):
    _rewrite(chain.legacy_event_hash, edit=events[4].pk)
    with pytest.raises(CommandError) as caught:
        call_command("history", "checkpoint", "--output", str(tmp_path / "c.jsonl"))
    assert "No checkpoint written" in str(caught.value)
    assert not (tmp_path / "c.jsonl").exists()


def test_the_old_audit_command_is_still_there_for_scripts(events):
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "History chain intact" in out.getvalue()


class _Editor:
    """What the migration's RunPython is handed (it uses the connection only)."""

    connection = connection


def test_the_migration_rechains_an_intact_legacy_chain(events):
    _rewrite(chain.legacy_event_hash)  # the chain as the old version stored it
    assert "broken" in _refused()
    key_the_chain()
    assert "History chain intact: 6 events checked." in _verify()
    assert missing_guards(connection) == []


def test_the_migration_removes_secrets_the_old_paths_recorded(events, people):
    from django.contrib.contenttypes.models import ContentType

    from quadrant.organisation.models import Person

    leaked_hash = "argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdA$aGFzaA"
    old_row = {"id": people["staff"].pk, "changes": {"password": ["", leaked_hash]}}
    remove_guards(connection)
    with connection.cursor() as cursor:  # as the old queryset update recorded it
        cursor.execute(
            "UPDATE core_historyevent SET content_type_id = %s, changes = %s WHERE id = %s",
            [
                ContentType.objects.get_for_model(Person).pk,
                json.dumps({"count": 1, "rows": [old_row]}),
                events[1].pk,
            ],
        )
    _rewrite(chain.legacy_event_hash)
    key_the_chain()
    changes = HistoryEvent.objects.get(pk=events[1].pk).changes
    assert changes["rows"][0]["changes"]["password"] == [None, "[changed]"]
    assert "argon2" not in str(list(HistoryEvent.objects.values_list("changes", flat=True)))
    assert f"History chain intact: {HistoryEvent.objects.count()} events checked." in _verify()


def test_the_migration_refuses_to_launder_a_broken_legacy_chain(events):
    _rewrite(chain.legacy_event_hash)
    remove_guards(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_historyevent SET object_repr = 'x' WHERE id = %s", [events[2].pk]
        )
    install_guards(connection)
    with pytest.raises(RuntimeError, match=f"broken at event {events[2].pk} "):
        key_the_chain()
