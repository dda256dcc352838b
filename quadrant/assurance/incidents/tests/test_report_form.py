"""The report form: a complete report goes in and is acknowledged by its reference; bad input
on each field gets a message naming it, in the service manual's words, and stores nothing;
text with HTML or script in it is kept as typed and shown escaped."""

from __future__ import annotations

import datetime as dt
import re
from html import escape

import pytest
from django.urls import reverse

from quadrant.assurance.incidents.models import PatientDetails, ReportDraft, SafetyEvent
from quadrant.assurance.incidents.tests.conftest import form_data
from quadrant.core.testing.page_outline import outline_faults

pytestmark = pytest.mark.django_db

NEW = reverse("assurance:safety_report_new")
SCRIPT = '<script>alert("x")</script><b>bold</b>'


def test_the_form_is_one_page_for_anyone_who_may_report(client_for):
    response = client_for("staff").get(NEW)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1 and "Report a patient safety event" in body
    assert 'name="anonymous"' in body and 'name="patient_nhs_number"' in body


@pytest.mark.parametrize("persona", ["viewer_like_admin", "partner", "outsider"])
def test_people_who_may_not_report_are_refused(client_for, persona):
    username = {"viewer_like_admin": "admin"}.get(persona, persona)
    assert client_for(username).get(NEW).status_code == 403
    assert client_for(username).post(NEW, {}).status_code == 403


def test_a_named_report_is_acknowledged_with_its_reference(client_for, org):
    client = client_for("staff")
    response = client.post(NEW, form_data(org.ward_a))
    event = SafetyEvent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assurance:safety_report_received", args=[event.pk])
    page = client.get(response["Location"]).content.decode()
    assert event.reference in page and "My reports" in page
    assert event.reporter.username == "staff" and not event.anonymous
    assert event.patient_details.nhs_number == "9434765919"


def test_the_same_form_sent_twice_makes_one_report(client_for, org):
    """A refresh of the acknowledgement or a second tap sends the page's token again."""
    client = client_for("staff")
    token = re.search(r'name="submission" value="([^"]+)"', client.get(NEW).content.decode())
    assert token is not None
    data = form_data(org.ward_a, submission=token.group(1))
    first, again = client.post(NEW, data), client.post(NEW, data)
    event = SafetyEvent.objects.get()
    assert (
        first["Location"]
        == again["Location"]
        == reverse("assurance:safety_report_received", args=[event.pk])
    )
    anonymous = form_data(org.ward_a, submission="another-page", anonymous="on")
    sent = client.post(NEW, anonymous).content.decode()
    assert "Keep your receipt code" in sent
    resent = client.post(NEW, anonymous).content.decode()
    assert "This report has already been sent" in resent and "receipt code is" not in resent
    assert SafetyEvent.objects.count() == 2
    assert client.get(NEW).content.decode().count(token.group(1)) == 0  # a new page, a new token


def test_the_acknowledgement_is_the_reporters_own(client_for, reported):
    url = reverse("assurance:safety_report_received", args=[reported.pk])
    assert client_for("manager2").get(url).status_code == 404
    # The ward's manager sees the event, but not the reporter's acknowledgement page.
    assert client_for("manager").get(url)["Location"] == reported.get_absolute_url()


TOO_LONG = [
    ("description", "x" * 5001, "What happened? must be 5,000 characters or fewer"),
    ("location", "x" * 201, "Where exactly? must be 200 characters or fewer"),
    ("immediate_actions", "x" * 2001, "What was done straight away? must be 2,000 characters"),
    ("patient_name", "x" * 201, "Patient's name must be 200 characters or fewer"),
    ("patient_hospital_number", "x" * 21, "Hospital number must be 20 characters or fewer"),
]
WRONG = [
    ("event_type", "meteor", "Select a valid choice"),
    ("event_type", "", "Select what you are reporting"),
    ("description", "   ", "Enter what happened"),
    ("occurred_on-day", "31", "Date of the event must be a real date"),  # 31 November
    ("occurred_on-year", "26", "Year must include 4 numbers"),
    ("occurred_on-month", "", "Date of the event must include a month"),
    ("occurred_at", "25:99", "Enter the time of the event like 14:30"),
    ("org_unit", "999999", "Select a valid choice"),
    ("org_unit", "", "Select the unit where it happened"),
    ("affected", "", "Select who was affected"),
    ("affected", "alien", "Select a valid choice"),
    ("physical_harm", "", "Select the physical harm you saw, or no physical harm"),
    ("physical_harm", "catastrophic", "Select a valid choice"),
    ("psychological_harm", "fatal", "Select a valid choice"),  # no fatal psychological harm
    ("category", "", "Select the category that fits best"),
    ("never_event_type", "alien-abduction", "Select a valid choice"),
    ("patient_nhs_number", "9434765918", "Enter a valid NHS number"),
    ("patient_nhs_number", "94347659199999", "Enter a valid NHS number"),
    ("patient_nhs_number", "NHS-NUMBER", "Enter a valid NHS number"),
    ("patient_date_of_birth-year", "2999", "Date of birth must be today or in the past"),
]


@pytest.mark.parametrize(("field", "value", "message"), TOO_LONG + WRONG)
def test_bad_input_names_the_field_and_stores_nothing(client_for, org, field, value, message):
    response = client_for("staff").post(NEW, form_data(org.ward_a, **{field: value}))
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body and escape(message) in body
    assert not SafetyEvent.objects.exists() and not PatientDetails.objects.exists()


def test_a_future_date_is_refused_in_the_briefs_words(client_for, org):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    response = client_for("staff").post(
        NEW,
        form_data(
            org.ward_a, **{"occurred_on-day": str(tomorrow.day),
                           "occurred_on-month": str(tomorrow.month),
                           "occurred_on-year": str(tomorrow.year)},
        ),
    )  # fmt: skip
    assert response.status_code == 400
    assert "Date of the event must be today or in the past" in response.content.decode()
    assert not SafetyEvent.objects.exists()


def test_a_unit_where_one_may_not_report_is_not_offered_nor_accepted(client_for, org):
    response = client_for("staff").post(NEW, form_data(org.ward_b))
    assert response.status_code == 400
    assert not SafetyEvent.objects.exists()


def test_html_and_script_are_kept_as_text_and_shown_escaped(client_for, org, people):
    client = client_for("staff")
    client.post(NEW, form_data(org.ward_a, description=SCRIPT, location=SCRIPT))
    event = SafetyEvent.objects.get()
    assert event.description == SCRIPT and event.location == SCRIPT
    for url in (event.get_absolute_url(), reverse("assurance:my_safety_reports")):
        body = client.get(url).content.decode()
        assert SCRIPT not in body
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


def test_the_form_page_has_a_sound_outline(client_for):
    assert outline_faults(client_for("staff").get(NEW).content.decode()) == []


def test_the_server_draft_fills_the_form_and_goes_when_the_report_is_sent(client_for, org, people):
    client = client_for("staff")
    draft_url = reverse("assurance:safety_report_draft")
    saved = client.post(
        draft_url, {"description": "Half-written", "occurred_on-day": "2", "location": "Bay 9"},
        content_type="application/json",
    )  # fmt: skip
    assert saved.status_code == 200 and saved.json()["saved"] is True
    body = client.get(NEW).content.decode()
    assert "Half-written" in body and 'value="Bay 9"' in body and 'value="2"' in body
    client.post(NEW, form_data(org.ward_a))
    assert not ReportDraft.objects.filter(author=people["staff"]).exists()
