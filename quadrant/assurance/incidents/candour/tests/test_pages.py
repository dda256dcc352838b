"""The duty of candour's pages: the panel on an event's page (clock start, deadline, working
days left or overdue, the forms), its errors the NHS way, the safety team's list (overdue
first, filters, pages), the oversight section and the nation's settings page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from quadrant.assurance.incidents.candour import clock, services
from quadrant.assurance.incidents.candour.models import CandourRecord, CandourSettings
from quadrant.assurance.incidents.models import SafetyEvent
from quadrant.assurance.incidents.panels import oversight_for

pytestmark = pytest.mark.django_db

LIST = reverse("assurance:candour_records")


def _date(prefix: str, name: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}-{name}-day": str(day.day), f"{prefix}-{name}-month": str(day.month),
            f"{prefix}-{name}-year": str(day.year)}  # fmt: skip


def test_the_panel_shows_the_clock(record, client_for, today):
    body = client_for("quality").get(record.event.get_absolute_url()).content.decode()
    assert "Clock started" in body and f"{record.deadline:%-d %B %Y}" in body
    left = clock.working_days_between(today, record.deadline, clock.ENGLAND)
    assert f"{left} working days left" in body
    assert "nhsuk-tag--blue" in body and "Record the notification" in body
    assert "The notification was not possible" in body
    assert "Margaret Thistlewood" not in body.split('id="duty-of-candour"')[1]


def test_an_overdue_record_says_so(overdue, client_for, today):
    body = client_for("quality").get(overdue.event.get_absolute_url()).content.decode()
    late = -clock.working_days_between(today, overdue.deadline, clock.ENGLAND)
    assert "nhsuk-tag--red" in body and "Overdue" in body
    assert f"{late} working days past the deadline" in body


def test_recording_the_notification_from_the_page(record, client_for, today):
    data = {
        "candour-version": str(record.version), **_date("candour", "aware_on", record.aware_on),
        **_date("candour", "conversation_on", today), **_date("candour", "letter_on", today),
        "candour-conversation_by": "Dr A Shah, consultant",
        "candour-conversation_with": "The patient's son", "candour-apology_given": "no",
    }  # fmt: skip
    client = client_for("quality")
    answer = client.post(reverse("assurance:candour_notification", args=[record.event_id]), data)
    assert answer.status_code == 302 and answer["Location"].endswith("#duty-of-candour")
    stored = CandourRecord.objects.get(pk=record.pk)
    assert stored.letter_on == today and stored.apology_given is False
    body = client.get(record.event.get_absolute_url()).content.decode()
    assert "Done on time" in body and "The patient&#x27;s son" in body
    assert "The notification was not possible" not in body  # a met duty has no such form


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"conversation_on": "TOMORROW"},
         "Date of the notification conversation must be today or in the past"),
        ({"letter_on": "TODAY"},
         "Enter the date of the notification conversation: the letter follows it"),
        ({"conversation_on": "TODAY", "apology": ""}, "Select whether an apology was given"),
        ({"aware_on": "GARBLED"}, "Date the organisation became aware must be a real date"),
        ({"aware_on": "NONE"}, "Enter the date the organisation became aware"),
        ({"version": "STALE"}, "was changed by"),
    ],
)  # fmt: skip
def test_errors_are_shown_the_nhs_way(record, client_for, today, changes, message):
    data = {"candour-version": str(record.version),
            **_date("candour", "aware_on", record.aware_on),
            "candour-conversation_by": "Dr Shah", "candour-conversation_with": "The patient",
            "candour-apology_given": "yes"}  # fmt: skip
    days = {"TODAY": today, "TOMORROW": today + dt.timedelta(days=1)}
    for name, value in changes.items():
        if name == "apology":
            data["candour-apology_given"] = value
        elif name == "version":
            services.record_notification(record, {"conversation_by": ""}, actor=record.updated_by
                                         or _quality(record))  # fmt: skip
        elif value == "GARBLED":
            data.update({"candour-aware_on-day": "31", "candour-aware_on-month": "2"})
        elif value == "NONE":
            data.update({f"candour-aware_on-{part}": "" for part in ("day", "month", "year")})
        else:
            data.update(_date("candour", name, days[value]))
    answer = client_for("quality").post(
        reverse("assurance:candour_notification", args=[record.event_id]), data
    )
    body = answer.content.decode()
    assert answer.status_code == 400
    assert "There is a problem" in body and message in body
    assert "<title>Error:" in re.sub(r"\s+", " ", body)


def _quality(record):
    from quadrant.organisation.models import Person

    return Person.objects.get(username="quality")


def test_not_possible_errors_and_success(record, client_for):
    client = client_for("quality")
    url = reverse("assurance:candour_not_possible", args=[record.event_id])
    answer = client.post(url, {"not_possible-version": record.version})
    assert answer.status_code == 400
    assert "Select why the notification was not possible" in answer.content.decode()
    answer = client.post(url, {"not_possible-version": record.version,
                               "not_possible-reason": "other"})  # fmt: skip
    assert answer.status_code == 400
    assert "Enter why the notification was not possible" in answer.content.decode()
    answer = client.post(url, {"not_possible-version": record.version,
                               "not_possible-reason": "nonsense"})  # fmt: skip
    assert answer.status_code == 400
    answer = client.post(url, {"not_possible-version": record.version,
                               "not_possible-reason": "declined"})  # fmt: skip
    assert answer.status_code == 302
    body = client.get(record.event.get_absolute_url()).content.decode()
    assert "Not possible" in body and "declined to be told" in body


def test_an_event_flagged_later_offers_to_open_its_record(report, client_for, people):
    event = report(harm="low")
    SafetyEvent.objects.filter(pk=event.pk).update(duty_of_candour=True)
    client = client_for("quality")
    assert (
        "Open the duty of candour record" in client.get(event.get_absolute_url()).content.decode()
    )
    answer = client.post(reverse("assurance:candour_open", args=[event.pk]))
    assert answer.status_code == 302
    assert CandourRecord.objects.filter(event=event).count() == 1
    assert client.post(reverse("assurance:candour_open", args=[event.pk])).status_code == 302
    assert CandourRecord.objects.filter(event=event).count() == 1


def test_no_panel_for_an_event_without_the_duty(report, client_for):
    event = report(harm="low")
    body = client_for("quality").get(event.get_absolute_url()).content.decode()
    assert 'id="duty-of-candour"' not in body


def test_the_list_puts_overdue_first_and_filters(report, overdue, client_for, people, today):
    due = CandourRecord.objects.get(event=report())
    met = CandourRecord.objects.get(event=report())
    services.record_notification(
        met, {"conversation_on": today, "conversation_by": "Dr Shah",
              "conversation_with": "The patient", "apology_given": True, "letter_on": today},
        actor=people["quality"],
    )  # fmt: skip
    other_ward = CandourRecord.objects.get(event=report(ward="b"))
    client = client_for("quality")
    body = client.get(LIST).content.decode()
    refs = re.findall(r">(PSE-\d{4}-\d{6})</a>", body)
    assert refs[0] == overdue.event.reference  # overdue first
    assert set(refs) == {
        overdue.event.reference,
        due.event.reference,
        other_ward.event.reference,
    }  # fmt: skip  (open only, by default)
    assert met.event.reference not in body
    body = client.get(LIST, {"status": "done_on_time"}).content.decode()
    assert re.findall(r">(PSE-\d{4}-\d{6})</a>", body) == [met.event.reference]
    body = client.get(LIST, {"status": "overdue"}).content.decode()
    assert re.findall(r">(PSE-\d{4}-\d{6})</a>", body) == [overdue.event.reference]
    body = client.get(LIST, {"unit": "SURG", "status": ""}).content.decode()
    assert re.findall(r">(PSE-\d{4}-\d{6})</a>", body) == [other_ward.event.reference]
    answer = client.get(LIST, {"unit": "NOWHERE"})
    assert answer.status_code == 400 and "No unit has the code or name" in answer.content.decode()
    assert client.get(LIST, {"status": "perhaps"}).status_code == 400
    paged = client.get(LIST, {"page_size": 1, "page": 2}).content.decode()
    assert len(re.findall(r">(PSE-\d{4}-\d{6})</a>", paged)) == 1


def test_the_list_is_scoped_to_the_divisions_safety_team(report, surgery_safety):
    from django.test import Client

    report()
    mine = report(ward="b")
    client = Client()
    client.force_login(surgery_safety)
    body = client.get(LIST).content.decode()
    assert re.findall(r">(PSE-\d{4}-\d{6})</a>", body) == [mine.reference]


def test_the_list_reads_in_few_queries(report, client_for, django_assert_max_num_queries):
    for _ in range(6):
        report()
    client = client_for("quality")
    client.get(LIST)
    with django_assert_max_num_queries(14):
        assert client.get(LIST).status_code == 200


def test_the_oversight_section(overdue, report, people, surgery_safety):
    report()  # due, not overdue
    request = RequestFactory().get("/")
    request.user = people["quality"]
    [section] = [s for s in oversight_for(request) if s["title"] == "Overdue duty of candour"]
    assert "1 overdue" in section["html"] and overdue.event.reference in section["html"]
    for persona in ("manager", "staff", "board"):
        request.user = people[persona]
        assert all(s["title"] != "Overdue duty of candour" for s in oversight_for(request))
    request.user = surgery_safety  # handles Surgery's events: none overdue there
    [section] = [s for s in oversight_for(request) if s["title"] == "Overdue duty of candour"]
    assert "No duty of candour record is overdue" in section["html"]


def test_the_settings_page_sets_the_nation(client_for):
    client = client_for("quality")
    url = reverse("assurance:candour_settings")
    body = client.get(url).content.decode()
    assert "Northern Ireland" in body and 'value="ENG" checked' in body.replace("  ", " ")
    answer = client.post(url, {"version": "1", "nation": "NIR"})
    assert answer.status_code == 302
    assert CandourSettings.current().nation == "NIR"
    answer = client.post(url, {"version": str(CandourSettings.current().version), "nation": "XX"})
    assert answer.status_code == 200 and "There is a problem" in answer.content.decode()
    answer = client_for("manager").post(url, {"version": "1", "nation": "WLS"})
    assert answer.status_code == 403 and CandourSettings.current().nation == "NIR"
