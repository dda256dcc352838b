"""The model's rules: the date of the event is not in the future, the NHS number's check
digit, moderate harm or worse means the duty of candour applies, references run on per year;
and the national lists are the cited files."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from quadrant.assurance.incidents import choices, national, services
from quadrant.assurance.incidents.models import FUTURE_DATE, PatientDetails, SafetyEvent
from quadrant.assurance.incidents.nhs_number import INVALID, check_digit, is_valid
from quadrant.assurance.incidents.tests.conftest import answers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("number", ["9434765919", "943 476 5919", "943-476-5919", "4010232137"])
def test_valid_nhs_numbers_pass_the_check_digit(number):
    assert is_valid(number)


@pytest.mark.parametrize(
    "number",
    [
        "9434765918",  # the last digit mistyped
        "9434765991",  # two digits swapped
        "943476591",  # nine digits
        "94347659190",  # eleven
        "94347659A9",
        "１２３４５６７８９０",  # full-width digits are digits to Python, not to the NHS
        "",
    ],
)
def test_invalid_nhs_numbers_fail(number):
    assert not is_valid(number)


def test_nine_digits_whose_remainder_is_ten_have_no_check_digit():
    # 10*1 + 9*2 + ... weights: this prefix sums to a remainder of 1, so 11 - 1 = 10.
    prefix = next(f"{n:09d}" for n in range(10**8, 10**9) if check_digit(f"{n:09d}") is None)
    assert not any(is_valid(prefix + str(digit)) for digit in range(10))


def test_the_event_date_may_not_be_in_the_future(org, people):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.submit_report(answers(org.ward_a, occurred_on=tomorrow), actor=people["staff"])
    assert refused.value.message_dict["occurred_on"] == [FUTURE_DATE]
    assert not SafetyEvent.objects.exists()


def test_today_is_allowed(org, people):
    event = services.submit_report(
        answers(org.ward_a, occurred_on=dt.date.today()), actor=people["staff"]
    ).event
    assert event.occurred_on == dt.date.today()


def test_a_wrong_nhs_number_stores_nothing(org, people):
    with pytest.raises(ValidationError) as refused:
        services.submit_report(
            answers(org.ward_a, patient_nhs_number="9434765918"), actor=people["staff"]
        )
    assert refused.value.message_dict["patient_nhs_number"] == [INVALID]
    assert not SafetyEvent.objects.exists() and not PatientDetails.objects.exists()


def test_every_problem_is_raised_at_once(org, people):
    with pytest.raises(ValidationError) as refused:
        services.submit_report(
            answers(
                org.ward_a, description="", category="not-a-category",
                patient_date_of_birth=dt.date.today() + dt.timedelta(days=3),
            ),
            actor=people["staff"],
        )  # fmt: skip
    assert set(refused.value.message_dict) >= {
        "description", "category", "patient_date_of_birth"
    }  # fmt: skip


@pytest.mark.parametrize(
    ("physical", "psychological", "candour"),
    [
        ("none", "none", False),
        ("low", "low", False),
        ("moderate", "none", True),
        ("severe", "", True),
        ("fatal", "none", True),
        ("low", "moderate", True),
        ("none", "severe", True),
    ],
)
def test_moderate_harm_or_worse_sets_the_duty_of_candour(
    org, people, physical, psychological, candour
):
    event = services.submit_report(
        answers(org.ward_a, physical_harm=physical, psychological_harm=psychological),
        actor=people["staff"],
    ).event
    assert event.duty_of_candour is candour


def test_an_incident_needs_the_physical_harm_a_risk_does_not(org, people):
    with pytest.raises(ValidationError) as refused:
        services.submit_report(answers(org.ward_a, physical_harm=""), actor=people["staff"])
    assert "physical_harm" in refused.value.message_dict
    risk = services.submit_report(
        answers(org.ward_a, event_type="risk", physical_harm="", psychological_harm=""),
        actor=people["staff"],
    ).event
    assert risk.physical_harm == "" and not risk.duty_of_candour


def test_a_never_event_type_flags_the_never_event(org, people):
    event = services.submit_report(
        answers(org.ward_a, never_event_type="wrong-site-surgery"), actor=people["staff"]
    ).event
    assert event.never_event and event.get_never_event_type_display() == "Wrong site surgery"


def test_references_run_on_within_the_year(org, people):
    year = dt.date.today().year
    made = [
        services.submit_report(answers(org.ward_a), actor=people["staff"]).event.reference
        for _ in range(3)
    ]
    assert made == [f"PSE-{year}-{n:06d}" for n in (1, 2, 3)]


def test_the_never_events_list_has_its_fifteen_events_with_the_unchecked_one_marked():
    events = national.never_events()
    assert len(events) == 15
    assert events[0].label == "Wrong site surgery"
    assert [e.code for e in events if not e.checked] == ["oxygen-to-air-flowmeter"]
    assert national.source("never_events.toml")["publisher"] == "NHS England"


def test_the_codes_the_rules_name_are_in_the_national_files():
    types = {entry.code for entry in national.event_types()}
    harms = {entry.code for entry in national.physical_harms()}
    assert types == {choices.INCIDENT, choices.OUTCOME, choices.RISK, choices.GOOD_CARE}
    assert choices.CANDOUR_HARMS | {choices.NO_HARM, "low"} == harms
    assert {entry.code for entry in national.psychological_harms()} == harms - {"fatal"}


def test_the_category_list_says_it_is_local():
    assert "not a national list" in national.source("categories.toml")["title"]
    assert {"medication", "falls", "pressure-ulcers", "infection"} <= {
        entry.code for entry in national.categories()
    }
