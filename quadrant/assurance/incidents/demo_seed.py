"""Demo safety events: about 5,000 over two years across the trust's wards, with a plausible
mix — mostly incidents with no or low harm, a few moderate and severe, two fatal, two Never
Events — reported by the wards' own staff (a few anonymously; `staff` among the reporters so
that "My reports" has something to show), older ones closed with feedback. Patient details
(on the serious ones and a tenth of the others), with NHS numbers from the range kept for
testing (999…), sit in their restricted table.
One ward (the demo manager's) has a real rise in its last three complete months, mostly
falls, which its event measures show as a special cause (demo_measures.py). Each event of
moderate harm or worse has its duty of candour record: most met on time, some late, a few
not possible, the recent ones still due and a handful overdue.
Everything is bulk-created as the demo seeder (one history event a table)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from quadrant.assurance.incidents.candour import clock
from quadrant.assurance.incidents.candour.choices import NotPossibleReason
from quadrant.assurance.incidents.candour.models import CandourRecord, CandourSettings
from quadrant.assurance.incidents.choices import CANDOUR_HARMS, AffectedPerson, EventStatus
from quadrant.assurance.incidents.models import PatientDetails, SafetyEvent
from quadrant.assurance.incidents.nhs_number import check_digit
from quadrant.assurance.incidents.receipts import new_receipt_code, receipt_hash
from quadrant.demo.names import FIRST_NAMES, LAST_NAMES

DAYS = 730
PER_WARD_A_DAY = 0.23  # with the demo's 30 wards, about 5,000 events in two years
TYPES = (("incident", 86), ("outcome", 3), ("risk", 7), ("good_care", 4))
HARMS = (("none", 68), ("low", 24), ("moderate", 6.5), ("severe", 1.5))
FATAL = 2
NEVER_EVENTS = (
    ("wrong-site-surgery", "Left knee injected instead of the right."),
    ("misplaced-gastric-tube", "Feed started through a nasogastric tube later found in the lung."),
)
CATEGORIES = (
    ("falls", 18), ("medication", 16), ("pressure-ulcers", 12), ("communication", 8),
    ("treatment", 8), ("deterioration", 6), ("documentation", 6), ("access-discharge", 6),
    ("infection", 5), ("equipment", 4), ("diagnosis", 4), ("violence", 3), ("staffing", 2),
    ("self-harm", 1), ("environment", 1),
)  # fmt: skip
WHAT = {
    "falls": "Patient found on the floor beside the bed; was trying to reach the toilet.",
    "medication": "Evening dose given two hours late; the drug was not on the ward.",
    "pressure-ulcers": "Category 2 pressure ulcer found on the sacrum at the morning check.",
    "communication": "Relatives were not told the patient had moved ward.",
    "treatment": "Cannula left in place longer than the policy allows.",
    "deterioration": "NEWS2 score of 6 not escalated for three hours.",
    "documentation": "Fluid balance chart not completed overnight.",
    "access-discharge": "Patient discharged without their take-home medicines.",
    "infection": "Side room not available for a patient with diarrhoea and vomiting.",
    "equipment": "Infusion pump alarm faulty; pump taken out of use.",
    "diagnosis": "Abnormal blood result not acted on until the next day.",
    "violence": "Visitor verbally abusive to the nurse in charge.",
    "staffing": "Two registered nurses short on the night shift.",
    "self-harm": "Patient found with a ligature; removed straight away.",
    "environment": "Water leak in the corridor; area cordoned off.",
}
GOOD_CARE = "Team recognised sepsis early and gave antibiotics within the hour."
RISK = "Oxygen cylinders stored unsecured in the corridor."
LOCATIONS = ("Bay 1", "Bay 2", "Bay 3", "Bay 4", "Side room 2", "Bathroom", "Corridor",
             "Nurses' station", "Day room")  # fmt: skip
FEEDBACK = (
    "Thank you. We shared your report at the safety huddle and changed the handover checklist.",
    "Thank you. Falls sensors are now fitted in every bay; we will check falls each month.",
    "Thank you. Pharmacy now tops up this drug daily; late doses fell the following month.",
    "Thank you. The team reviewed this together; no further response was needed.",
)
ANONYMOUS_SHARE = 0.05
DETAILS_SHARE = 0.1
IMMEDIATE = "Nurse in charge informed; patient checked."
CLOSED = (EventStatus.CLOSED, EventStatus.NO_FURTHER_RESPONSE)
RISE_MONTHS = 3
RISE_EXTRA = 14  # events a month on top of the ward's usual seven or so


def seed_safety_events(context: Any) -> None:
    rng = context.rng_for("safety-events")
    wards = sorted((u for u in context.units.values() if u.kind == "ward"), key=lambda u: u.code)
    reporters = _reporters(wards)
    today = context.reference_date
    staff, home = context.people["staff"], context.manager_ward
    events: list[SafetyEvent] = []
    for offset in range(DAYS, 0, -1):
        day = today - dt.timedelta(days=offset)
        for ward in wards:
            if rng.random() < PER_WARD_A_DAY:
                events.append(_event(rng, day, ward, reporters.get(ward.pk) or [staff], today))
    events += _rise(rng, home, reporters.get(home.pk) or [staff], today)
    _special(rng, events, wards, home, staff)
    _number(events)
    SafetyEvent.objects.bulk_create(events)
    details = [_patient(rng, event) for event in events if _gives_details(rng, event)]
    PatientDetails.objects.bulk_create(details)
    nation = CandourSettings.current().nation
    candour = [_candour(rng, e, today, nation) for e in events if e.duty_of_candour]
    CandourRecord.objects.bulk_create(candour)
    context.log(
        f"safety events: {len(events):,} over two years, {len(details):,} with patient details, "
        f"{len(candour):,} with the duty of candour"
    )


def _rise(rng: random.Random, ward: Any, people: list[Any], today: dt.date) -> list[SafetyEvent]:
    """Extra events, mostly falls, on WARD in the last RISE_MONTHS complete months."""
    month = today.replace(day=1)
    extra = []
    for _ in range(RISE_MONTHS):
        month = (month - dt.timedelta(days=1)).replace(day=1)
        days = ((month + dt.timedelta(days=32)).replace(day=1) - month).days
        for _ in range(RISE_EXTRA + rng.randint(-2, 2)):
            day = month + dt.timedelta(days=rng.randrange(days))
            event = _event(rng, day, ward, people, today)
            if event.event_type in ("incident", "outcome") and rng.random() < 0.7:
                event.category, event.description = "falls", WHAT["falls"]
            extra.append(event)
    return extra


def _reporters(wards: list[Any]) -> dict[int, list[Any]]:
    from quadrant.organisation.models import Person

    by_ward: dict[int, list[Any]] = {}
    for person in Person.objects.filter(home_unit__in=wards, is_active=True).only(
        "pk", "home_unit"
    ):
        by_ward.setdefault(person.home_unit_id, []).append(person)
    return by_ward


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([code for code, _ in weighted], [w for _, w in weighted])[0]


def _event(
    rng: random.Random, day: dt.date, ward: Any, people: list[Any], today: dt.date
) -> SafetyEvent:
    kind = _pick(rng, TYPES)
    category = _pick(rng, CATEGORIES)
    harm = _pick(rng, HARMS) if kind in ("incident", "outcome") else ""
    status = _status(rng, (today - day).days)
    anonymous = rng.random() < ANONYMOUS_SHARE
    at = dt.time(rng.randint(0, 23), rng.choice((0, 15, 30, 45)))
    reported = timezone.make_aware(dt.datetime.combine(day, at))
    reported += dt.timedelta(hours=rng.randint(1, 30))
    event = SafetyEvent(
        event_type=kind,
        occurred_on=day,
        occurred_at=at,
        org_unit=ward,
        location=rng.choice(LOCATIONS),
        affected=_affected(kind, category),
        description={"good_care": GOOD_CARE, "risk": RISK}.get(kind, WHAT[category]),
        immediate_actions=IMMEDIATE if kind == "incident" else "",
        physical_harm=harm,
        psychological_harm=rng.choice(("none", "none", "low")) if harm else "",
        category=category,
        status=status,
        duty_of_candour=harm in CANDOUR_HARMS,
        reportable_to_cqc=harm == "severe",
        anonymous=anonymous,
        reporter=None if anonymous else rng.choice(people),
        created_at=reported,
        updated_at=reported,
    )
    if anonymous:
        event.receipt_hash = receipt_hash(new_receipt_code())
    if status in CLOSED and rng.random() < 0.6:
        event.feedback = rng.choice(FEEDBACK)
        event.feedback_at = reported + dt.timedelta(days=rng.randint(5, 40))
    return event


def _affected(kind: str, category: str) -> str:
    if category in ("staffing", "violence"):
        return AffectedPerson.STAFF
    return AffectedPerson.OTHER if kind == "risk" else AffectedPerson.PATIENT


def _status(rng: random.Random, age: int) -> str:
    if age < 3:
        return EventStatus.SUBMITTED
    if age < 14:
        return rng.choice((EventStatus.SUBMITTED, EventStatus.UNDER_REVIEW))
    if age < 60:
        return rng.choice((EventStatus.AWAITING_RESPONSE, EventStatus.IN_RESPONSE, *CLOSED))
    return rng.choice(CLOSED)


def _special(
    rng: random.Random, events: list[SafetyEvent], wards: list[Any], home: Any, staff: Any
) -> None:
    """Two deaths, two Never Events, and a dozen reports by `staff` on their own ward."""
    incidents = [
        e for e in events if e.event_type == "incident" and e.affected == AffectedPerson.PATIENT
    ]
    for event in rng.sample(incidents, FATAL):
        event.physical_harm, event.duty_of_candour, event.reportable_to_cqc = "fatal", True, True
        event.category = "deterioration"
        event.description = (
            "Patient deteriorated overnight; escalation was delayed. The patient died."
        )
    for event, (code, text) in zip(
        rng.sample(incidents, len(NEVER_EVENTS)), NEVER_EVENTS, strict=True
    ):
        event.never_event, event.never_event_type, event.description = True, code, text
        event.physical_harm, event.duty_of_candour, event.category = "moderate", True, "treatment"
    mine = [e for e in events if e.org_unit == home and not e.anonymous][-12:]
    for event in mine:
        event.reporter = staff


def _number(events: list[SafetyEvent]) -> None:
    """References in the order the reports came in, numbered afresh each year."""
    counters: dict[int, int] = {}
    for event in sorted(events, key=lambda e: e.created_at):
        year = event.created_at.year
        counters[year] = counters.get(year, 0) + 1
        event.reference = f"PSE-{year}-{counters[year]:06d}"


def _gives_details(rng: random.Random, event: SafetyEvent) -> bool:
    """Reporters leave the patient's details out more often than not; the serious ones
    always have them (the safety team needs them to contact the family)."""
    if event.affected != AffectedPerson.PATIENT:
        return False
    return event.duty_of_candour or rng.random() < DETAILS_SHARE


def _patient(rng: random.Random, event: SafetyEvent) -> PatientDetails:
    return PatientDetails(
        event=event,
        name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        nhs_number=_test_nhs_number(rng),
        date_of_birth=dt.date(1930, 1, 1) + dt.timedelta(days=rng.randint(0, 30000)),
        hospital_number=f"RX{rng.randint(1000000, 9999999)}",
        created_at=event.created_at, updated_at=event.created_at,
    )  # fmt: skip


def _test_nhs_number(rng: random.Random) -> str:
    """A valid NHS number from the range set aside for testing (999 000 0000 onwards)."""
    while True:
        first_nine = f"999{rng.randint(0, 999999):06d}"
        digit = check_digit(first_nine)
        if digit is not None:
            return f"{first_nine}{digit}"


SPOKEN_TO = ("The patient", "The patient's daughter", "The patient's son", "The patient's wife",
             "The patient's husband", "The patient's mother")  # fmt: skip
BEREAVED = SPOKEN_TO[1:]
OVERDUE_WITHIN_DAYS = 120  # the overdue ones are recent: older ones were chased long ago


def _candour(rng: random.Random, event: SafetyEvent, today: dt.date, nation: str) -> CandourRecord:
    """The event's duty of candour, as far as it has got by TODAY."""
    aware = min(timezone.localdate(event.created_at), today)
    due = clock.deadline(aware, nation)
    record = CandourRecord(
        event=event, aware_on=aware, nation=nation, deadline=due,
        created_at=event.created_at, updated_at=event.created_at,
    )  # fmt: skip
    roll = rng.random()
    if roll < 0.04:
        record.not_possible = True
        record.not_possible_reason = rng.choice(
            (NotPossibleReason.DECLINED, NotPossibleReason.UNCONTACTABLE)
        )
        record.not_possible_on = min(
            clock.add_working_days(aware, rng.randint(2, 9), nation), today
        )
        return record
    overdue = due < today and (today - aware).days < OVERDUE_WITHIN_DAYS and roll < 0.2
    if overdue:
        return record  # nothing recorded yet, and past the deadline
    late = roll > 0.92
    spoken = clock.add_working_days(aware, rng.randint(1, 7) + (6 if late else 0), nation)
    if spoken > today:
        return record  # still due
    record.conversation_on = spoken
    record.conversation_by = f"{rng.choice(('Dr', 'Sister', 'Mr', 'Ms'))} {rng.choice(LAST_NAMES)}"
    record.conversation_with = rng.choice(BEREAVED if event.physical_harm == "fatal" else SPOKEN_TO)
    record.apology_given = rng.random() < 0.97
    letter = clock.add_working_days(spoken, rng.randint(0, 3), nation)
    if not late:
        letter = min(letter, due)
    if letter <= today:
        record.letter_on = letter
    return record
