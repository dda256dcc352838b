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


def _status(measure_id, *, concern, failing, period=LAST):
    from quadrant.control.summary.icon_cache import StatusRow

    reading = (
        "Special cause of concern: 1 point above the mean since March 2026; "
        "the target of 12 will not be met without change"
    )
    return StatusRow(
        measure_id=measure_id, computed_at=None, points=20, latest_period=period,
        latest_value=30.0, target=12.0, variation_icon="concern_high" if concern else "",
        assurance_icon="consistent_fail" if failing else "", concern=concern, failing=failing,
        concern_since=period if concern else None, concern_count=1, concern_rule="",
        concern_side="above", attention=0, sparkline="", reading=reading,
    )  # fmt: skip


def test_concern_and_a_failed_target_at_once_raise_one_signal_that_says_both(falls):
    from quadrant.control.signals.rules import apply_rules
    from quadrant.control.summary.icon_cache import Change

    counts = apply_rules(
        [Change(falls.pk, (False, False), _status(falls.pk, concern=True, failing=True))]
    )
    (signal,) = Signal.objects.filter(measure=falls)
    assert counts["raised"] == 1 and signal.kind == "concern"
    assert signal.detail.startswith("Special cause of concern: 1 point above the mean")
    assert "will not be met without change" in signal.detail
    # The concern ends, the target is still failed: that now has a signal of its own.
    after = _status(falls.pk, concern=False, failing=True)
    apply_rules([Change(falls.pk, (True, True), after)])
    assert Signal.objects.get(measure=falls, kind="concern").status == "closed"
    failing = Signal.objects.get(measure=falls, kind="failing")
    assert failing.status == "open" and "will not be met" in failing.detail


def test_the_demo_gives_each_owner_one_signal_per_measure():
    from collections import Counter

    from quadrant.control.demo.signals import seed_signals_and_actions
    from quadrant.control.demo_seed import seed_control
    from quadrant.demo.generator import seed_demo

    context = seed_demo("demo", log=lambda message: None, with_steps=False)
    seed_control(context)
    seed_signals_and_actions(context)
    manager2 = context.people["manager2"]
    open_signals = Signal.objects.filter(measure__owner=manager2, status="open")
    assert open_signals.exists()
    per_measure = Counter(open_signals.values_list("measure__code", flat=True))
    assert set(per_measure.values()) == {1}, per_measure


def test_a_signal_row_never_says_its_kind_twice(falls, load, client_for):
    load(falls, [*STABLE, 30])
    signal = Signal.objects.get(measure=falls)
    assert signal.headline == signal.detail  # the detail starts with the kind already
    body = client_for("manager").get("/").content.decode()
    assert "Special cause of concern: Special cause of concern" not in body
    assert signal.detail in body
    failing = Signal(measure=falls, kind="failing", detail="The target of 12 is not met")
    assert failing.headline == "Target consistently failed: the target of 12 is not met"
