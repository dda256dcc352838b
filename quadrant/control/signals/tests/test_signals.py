"""Signals: raised once, not raised again by a re-import, closed when a correction removes
the condition, history from a first import never emailed; acknowledged or turned into an
action only by people who may act on signals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from quadrant.actions.digest import send_daily_digest
from quadrant.control.measures.services import record_observation, set_target
from quadrant.control.signals.models import Signal
from quadrant.control.signals.rules import acknowledge_signal, turn_signal_into_action
from quadrant.control.summary.models import MeasureStatus
from quadrant.control.testing.insight import STABLE, months

pytestmark = pytest.mark.django_db
LAST = months(len(STABLE) + 1)[-1]


def test_first_import_of_history_raises_one_signal_marked_as_history(falls, load):
    load(falls, [*STABLE, 30])
    (signal,) = Signal.objects.filter(measure=falls)
    assert (signal.kind, signal.status, signal.history) == ("concern", "open", True)
    assert signal.period == LAST
    assert signal.detail.startswith("Special cause of concern")
    status = MeasureStatus.objects.get(measure=falls)
    assert status.concern and status.variation_icon == "concern_high"


def test_new_data_raises_one_signal_and_a_reimport_raises_none(falls, load):
    load(falls, STABLE)
    assert not Signal.objects.exists()
    load(falls, [*STABLE, 30])
    signal = Signal.objects.get(measure=falls)
    assert signal.history is False  # new data on a measure analysed before
    result = load(falls, [*STABLE, 30])
    assert (result.created, result.updated) == (0, 0)
    load(falls, [*STABLE, 30, 31])  # the same episode goes on
    assert Signal.objects.filter(measure=falls).count() == 1


def test_a_correction_that_removes_the_condition_closes_the_signal(
    falls, load, people, django_capture_on_commit_callbacks
):
    load(falls, STABLE)
    load(falls, [*STABLE, 30])
    with django_capture_on_commit_callbacks(execute=True):
        record_observation(
            falls, LAST.isoformat(), value=10, reason="Typing error", actor=people["analyst"]
        )
    signal = Signal.objects.get(measure=falls)
    assert signal.status == "closed" and signal.closed_at is not None
    assert signal.note.startswith("Closed automatically")
    assert "no longer a special cause of concern" in signal.note
    assert not MeasureStatus.objects.get(measure=falls).concern


def test_assurance_turning_to_consistent_fail_raises_a_failing_signal(
    falls, load, people, django_capture_on_commit_callbacks
):
    load(falls, STABLE)
    with django_capture_on_commit_callbacks(execute=True):
        set_target(falls, 5, dt.date(2023, 1, 1), actor=people["quality"])
    signal = Signal.objects.get(measure=falls, kind="failing")
    assert "will not be met without change" in signal.detail


def test_digest_mails_new_signals_once_and_never_history(falls, load, people):
    load(falls, [*STABLE, 30])  # history: shown, not mailed
    assert send_daily_digest(dt.date(2026, 11, 2)) == 0
    load(falls, [*STABLE, 10])  # a correction ends the episode...
    load(falls, [*STABLE, 10, 32])  # ...and new data starts another
    (new,) = Signal.objects.filter(history=False)
    mail.outbox.clear()
    assert send_daily_digest(dt.date(2026, 11, 3)) == 1
    (message,) = mail.outbox
    assert message.to == [people["manager"].email]
    assert "New signals on your measures (1)" in message.body
    assert "Falls, Ward A" in message.body and new.detail in message.body
    assert f"/control/signals/{new.pk}/" in message.body
    assert send_daily_digest(dt.date(2026, 11, 3)) == 0  # the same day: nothing again
    assert send_daily_digest(dt.date(2026, 11, 4)) == 0  # the signal was mailed already


def test_acknowledge_needs_a_note_and_the_permission(falls, load, people):
    load(falls, [*STABLE, 30])
    signal = Signal.objects.get()
    with pytest.raises(ValidationError, match="Say what you found"):
        acknowledge_signal(signal, note=" ", actor=people["manager"])
    with pytest.raises(PermissionDenied, match="act on signals"):
        acknowledge_signal(signal, note="Seen", actor=people["manager2"])
    with pytest.raises(PermissionDenied):
        acknowledge_signal(signal, note="Seen", actor=people["staff"])
    acknowledge_signal(signal, note="Agency staff shortage; known", actor=people["manager"])
    signal.refresh_from_db()
    assert signal.status == "acknowledged" and signal.handled_by == people["manager"]


def test_turning_a_signal_into_an_action_links_them(falls, load, people):
    load(falls, [*STABLE, 30])
    signal = Signal.objects.get()
    due = dt.date.today() + dt.timedelta(days=14)
    action = turn_signal_into_action(
        signal, title="Review falls huddles", owner=people["staff"], due_date=due,
        actor=people["manager"],
    )  # fmt: skip
    signal.refresh_from_db()
    assert signal.status == "actioned"
    assert action.source == signal and action.org_unit == falls.org_unit
    assert action.owner == people["staff"] and action.due_date == due
    with pytest.raises(ValidationError, match="already turned into an action"):
        turn_signal_into_action(
            signal, title="Again", owner=people["staff"], due_date=due, actor=people["manager"]
        )
