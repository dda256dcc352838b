"""The duty of candour's services: a record opens when an event needs the duty (once), its
deadline is 10 working days in the organisation's nation, and the notification's dates are
checked with messages that name the field; every write is recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quadrant.assurance.incidents.candour import clock, services
from quadrant.assurance.incidents.candour.choices import CandourStatus
from quadrant.assurance.incidents.candour.models import CandourRecord, CandourSettings
from quadrant.assurance.incidents.models import SafetyEvent
from quadrant.core.logs import HistoryEvent
from quadrant.core.services import StaleEdit

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def _errors(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_a_report_of_moderate_harm_opens_the_record_as_it_arrives(record, harmed, today):
    assert record.aware_on == today and record.nation == clock.ENGLAND
    assert record.deadline == clock.deadline(today, clock.ENGLAND)
    assert record.status_on(today) == CandourStatus.DUE
    assert HistoryEvent.objects.filter(
        object_id=str(record.pk), actor_name="system: duty of candour clock", action="create"
    ).exists()


@pytest.mark.parametrize("harm", ["none", "low"])
def test_low_harm_opens_nothing(report, harm):
    event = report(harm=harm)
    assert not CandourRecord.objects.filter(event=event).exists()
    assert services.open_if_needed(event, by=services.CANDOUR_CLOCK) is None


def test_psychological_harm_and_the_flag_open_it_too(report, people):
    event = report(harm="low", psychological_harm="moderate")
    assert CandourRecord.objects.filter(event=event).exists()
    flagged = report(harm="low")
    SafetyEvent.objects.filter(pk=flagged.pk).update(duty_of_candour=True)
    flagged.refresh_from_db()
    opened = services.open_if_needed(flagged, by=people["manager"])  # triage confirms it
    assert opened is not None and opened.event_id == flagged.pk


def test_opening_is_idempotent(record, harmed, people, today):
    again = services.open_if_needed(harmed, by=people["quality"], known_on=today - 5 * DAY)
    assert again.pk == record.pk and again.aware_on == today
    assert CandourRecord.objects.filter(event=harmed).count() == 1


@pytest.mark.parametrize("persona", ["staff", "board", "admin", "manager2", "outsider"])
def test_only_triage_and_the_safety_team_open_one(report, people, persona):
    event = report(harm="low")
    SafetyEvent.objects.filter(pk=event.pk).update(duty_of_candour=True)
    event.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.open_if_needed(event, by=people[persona])
    assert not CandourRecord.objects.filter(event=event).exists()


def test_the_nation_sets_the_deadline_of_new_records(report, people):
    saved = services.set_nation(clock.SCOTLAND, actor=people["quality"])
    assert saved.nation == clock.SCOTLAND and CandourSettings.current().nation == clock.SCOTLAND
    event = report()
    record = CandourRecord.objects.get(event=event)
    assert record.nation == clock.SCOTLAND
    assert record.deadline == clock.deadline(record.aware_on, clock.SCOTLAND)
    services.set_nation(clock.IRELAND, actor=people["admin"], expected_version=saved.version)
    assert CandourSettings.current().nation == clock.IRELAND
    assert HistoryEvent.objects.filter(
        content_type__model="candoursettings", actor_name="admin", changes__has_key="nation"
    ).exists()


@pytest.mark.parametrize("persona", ["manager", "staff", "board", "divadmin", "surgql"])
def test_others_may_not_set_the_nation(people, surgery_safety, persona):
    who = surgery_safety if persona == "surgql" else people[persona]
    with pytest.raises(PermissionDenied):
        services.set_nation(clock.WALES, actor=who)
    assert CandourSettings.current().nation == clock.ENGLAND


def test_an_unknown_nation_is_refused_by_field(people):
    with pytest.raises(ValidationError) as excinfo:
        services.set_nation("FR", actor=people["quality"])
    assert _errors(excinfo) == {"nation": ["Select the nation your organisation is in"]}


def test_the_notification_on_time(record, people, today):
    done = services.record_notification(
        record,
        {
            "conversation_on": today, "conversation_by": " Dr A Shah, consultant ",
            "conversation_with": "The patient's daughter", "apology_given": True,
            "letter_on": today,
        },
        actor=people["quality"], expected_version=record.version,
    )  # fmt: skip
    assert done.status_on(today) == CandourStatus.DONE_ON_TIME
    assert done.conversation_by == "Dr A Shah, consultant"
    assert HistoryEvent.objects.filter(
        object_id=str(record.pk), actor_name="quality", changes__has_key="letter_on"
    ).exists()
    assert CandourRecord.objects.with_status(today).get(pk=record.pk).current_status == (
        CandourStatus.DONE_ON_TIME
    )


def test_late_and_overdue(overdue, people, today):
    assert overdue.deadline < today
    assert overdue.deadline == clock.deadline(today - 30 * DAY, clock.ENGLAND)
    assert overdue.status_on(today) == CandourStatus.OVERDUE
    assert overdue.working_days_left(today) < 0
    assert CandourRecord.objects.overdue_on(today).filter(pk=overdue.pk).exists()
    late = services.record_notification(
        overdue,
        {"conversation_on": today - DAY, "conversation_by": "Ward sister",
         "conversation_with": "The patient", "apology_given": False, "letter_on": today},
        actor=people["quality"],
    )  # fmt: skip
    assert late.status_on(today) == CandourStatus.DONE_LATE
    assert not CandourRecord.objects.overdue_on(today).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"aware_on": "FUTURE"}, "aware_on",
         "Date the organisation became aware must be today or in the past"),
        ({"conversation_on": "FUTURE"}, "conversation_on",
         "Date of the notification conversation must be today or in the past"),
        ({"conversation_on": "TODAY", "letter_on": "FUTURE"}, "letter_on",
         "Date of the notification letter must be today or in the past"),
        ({"conversation_on": "BEFORE_AWARE"}, "conversation_on",
         "Date of the notification conversation must be on or after the date the organisation "
         "became aware"),
        ({"conversation_on": "TODAY", "letter_on": "YESTERDAY"}, "letter_on",
         "Date of the notification letter must be on or after the date of the conversation"),
        ({"letter_on": "TODAY"}, "conversation_on",
         "Enter the date of the notification conversation: the letter follows it"),
        ({"aware_on": "BEFORE_EVENT"}, "aware_on",
         "Date the organisation became aware must be on or after the date of the event"),
        ({"conversation_on": "TODAY", "conversation_by": ""}, "conversation_by",
         "Enter who had the conversation"),
        ({"conversation_on": "TODAY", "conversation_with": "  "}, "conversation_with",
         "Enter whom the conversation was with"),
        ({"conversation_on": "TODAY", "apology_given": None}, "apology_given",
         "Select whether an apology was given"),
    ],
)  # fmt: skip
def test_bad_dates_and_missing_answers_name_the_field(record, people, today, changes, field,
                                                      message):  # fmt: skip
    dates = {
        "FUTURE": today + DAY, "TODAY": today, "YESTERDAY": today - DAY,
        "BEFORE_AWARE": record.aware_on - DAY,
        "BEFORE_EVENT": record.event.occurred_on - DAY,
    }  # fmt: skip
    values = {"conversation_by": "Dr A Shah", "conversation_with": "The patient",
              "apology_given": True}  # fmt: skip
    values.update({name: dates.get(value, value) if isinstance(value, str) else value
                   for name, value in changes.items()})  # fmt: skip
    if "conversation_on" not in values:
        values.update(conversation_by="", conversation_with="", apology_given=None)
    version = record.version
    with pytest.raises(ValidationError) as excinfo:
        services.record_notification(record, values, actor=people["quality"])
    errors = _errors(excinfo)
    assert field in errors and any(text.startswith(message) for text in errors[field]), errors
    stored = CandourRecord.objects.get(pk=record.pk)
    assert stored.conversation_on is None and stored.letter_on is None
    assert stored.version == version == record.version  # nothing saved; the copy as stored


def test_a_new_awareness_date_moves_the_deadline(record, people, today):
    earlier = today - 3 * DAY
    moved = services.record_notification(record, {"aware_on": earlier}, actor=people["quality"])
    assert moved.deadline == clock.deadline(earlier, clock.ENGLAND)


def test_a_stale_copy_is_refused(record, people):
    services.record_notification(record, {"letter_on": None}, actor=people["quality"])
    stale = CandourRecord.objects.get(pk=record.pk)
    stale.version -= 1
    with pytest.raises(StaleEdit):
        services.record_notification(
            stale, {"conversation_by": "x"}, actor=people["quality"], expected_version=1
        )


@pytest.mark.parametrize("persona", ["staff", "manager", "board", "admin", "manager2"])
def test_others_may_not_record_it(record, people, persona, today):
    with pytest.raises(PermissionDenied):
        services.record_notification(record, {"conversation_on": today}, actor=people[persona])
    with pytest.raises(PermissionDenied):
        services.record_not_possible(record, "declined", actor=people[persona])


def test_not_possible_stops_the_clock_with_its_reason(overdue, people, today):
    with pytest.raises(ValidationError) as excinfo:
        services.record_not_possible(overdue, "", actor=people["quality"])
    assert "not_possible_reason" in _errors(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.record_not_possible(overdue, "other", "  ", actor=people["quality"])
    assert _errors(excinfo) == {
        "not_possible_note": ["Enter why the notification was not possible"]
    }
    stopped = services.record_not_possible(
        overdue, "uncontactable", "Three calls and a letter to the last address.",
        actor=people["quality"],
    )  # fmt: skip
    assert stopped.status_on(today) == CandourStatus.NOT_POSSIBLE
    assert stopped.not_possible_on == today
    assert not CandourRecord.objects.overdue_on(today).exists()
    # The family got in touch after all: the notification is recorded and the stop lifted.
    reached = services.record_notification(
        stopped,
        {"conversation_on": today, "conversation_by": "Dr Shah", "conversation_with": "Son",
         "apology_given": True},
        actor=people["quality"],
    )  # fmt: skip
    assert not reached.not_possible and reached.not_possible_reason == ""


def test_a_met_duty_cannot_be_said_not_possible(record, people, today):
    services.record_notification(
        record,
        {"conversation_on": today, "conversation_by": "Dr Shah", "conversation_with": "Son",
         "apology_given": True, "letter_on": today},
        actor=people["quality"],
    )  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        services.record_not_possible(record, "declined", actor=people["quality"])
    assert "not_possible_reason" in _errors(excinfo)
