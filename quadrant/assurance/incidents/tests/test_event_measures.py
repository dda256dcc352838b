"""Safety events as control measures: the monthly count per unit (zeros where nothing was
reported, the month in progress left out), the rate per 1,000 occupied bed days from the
unit's bed days measure, months without bed days said plainly, a re-run that changes nothing,
a late report that corrects its month; who may refresh (the safety team, at their units),
from the page as a job and from the command line."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from quadrant.assurance.incidents.services.measures import (
    EVENT_MEASURES,
    refresh_event_measures,
)
from quadrant.assurance.incidents.tests.themes_helpers import make_events
from quadrant.control.public import Measure, Observation, create_measure, record_observation
from quadrant.core.actors import COMMAND_LINE
from quadrant.core.models import Job

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 15)
AUG, SEP, OCT, NOV = (dt.date(2026, month, 1) for month in (8, 9, 10, 11))


def _bed_days(unit, people, values):
    measure = create_measure(
        {
            "code": f"BED-DAYS-{unit.code}", "name": f"Occupied bed days, {unit.name}",
            "org_unit": unit, "frequency": "month", "unit_label": "bed days",
        },
        actor=people["quality"],
    )  # fmt: skip
    for period, value in values.items():
        record_observation(measure, period, value=value, actor=people["quality"])
    return measure


def _series(code):
    return {
        o.period: (o.value, o.numerator, o.denominator)
        for o in Observation.objects.filter(measure__code=code).order_by("period")
    }


@pytest.fixture
def ward_a_events(org):
    make_events(org.ward_a, AUG + dt.timedelta(days=3), 4)
    make_events(org.ward_a, OCT + dt.timedelta(days=9), 6, category="medication")
    make_events(org.ward_a, NOV + dt.timedelta(days=1), 5)  # the month in progress
    make_events(org.ward_b, SEP, 2)


def test_monthly_counts_with_zeros_and_without_the_month_in_progress(org, ward_a_events):
    result = refresh_event_measures([org.ward_a], actor=COMMAND_LINE, today=TODAY)
    assert _series("PSE-WARDA") == {
        AUG: (4.0, None, None),
        SEP: (0.0, None, None),
        OCT: (6.0, None, None),
    }
    measure = Measure.objects.get(code="PSE-WARDA")
    assert measure.org_unit == org.ward_a and measure.frequency == "month"
    assert measure.direction == "decrease"  # a rise is a special cause of concern
    assert not Measure.objects.filter(code="PSE-WARDB").exists()  # only the unit asked for
    assert result.units[0].months == 3


def test_the_rate_per_1000_bed_days_and_the_months_without_bed_days(org, people, ward_a_events):
    _bed_days(org.ward_a, people, {AUG: 800, OCT: 750})
    result = refresh_event_measures([org.ward_a], actor=COMMAND_LINE, today=TODAY)
    rate = Measure.objects.get(code="PSE-RATE-WARDA")
    assert rate.chart_type == "u" and rate.multiplier == 1000
    assert _series("PSE-RATE-WARDA") == {AUG: (5.0, 4.0, 800.0), OCT: (8.0, 6.0, 750.0)}
    (outcome,) = result.units
    assert outcome.rate_months == 2
    assert outcome.notes == [
        "Ward A: no occupied bed days for September 2026 (BED-DAYS-WARDA), so no rate for "
        "that month"
    ]


def test_a_unit_without_a_bed_days_measure_gets_its_count_and_is_told_why_no_rate(
    org, ward_a_events
):
    result = refresh_event_measures([org.ward_b], actor=COMMAND_LINE, today=TODAY)
    assert _series("PSE-WARDB") == {SEP: (2.0, None, None), OCT: (0.0, None, None)}
    assert not Measure.objects.filter(code="PSE-RATE-WARDB").exists()
    assert "there is no occupied bed days measure BED-DAYS-WARDB" in result.units[0].notes[0]


def test_a_rerun_writes_nothing_and_a_late_report_corrects_its_month(org, people, ward_a_events):
    _bed_days(org.ward_a, people, {AUG: 800, SEP: 700, OCT: 750})
    refresh_event_measures([org.ward_a], actor=COMMAND_LINE, today=TODAY)
    again = refresh_event_measures([org.ward_a], actor=COMMAND_LINE, today=TODAY)
    assert "nothing to change" in again.summary
    make_events(org.ward_a, SEP + dt.timedelta(days=20), 7)
    late = refresh_event_measures([org.ward_a], actor=COMMAND_LINE, today=TODAY)
    assert "2 changed" in late.summary
    assert _series("PSE-WARDA")[SEP] == (7.0, None, None)
    assert _series("PSE-RATE-WARDA")[SEP] == (10.0, 7.0, 700.0)


def test_the_measures_are_written_by_the_system_actor_in_one_history_event(org, ward_a_events):
    from quadrant.core.logs import HistoryEvent

    before = HistoryEvent.objects.count()
    refresh_event_measures([org.ward_a], actor=COMMAND_LINE, today=TODAY)
    events = list(HistoryEvent.objects.order_by("pk")[before:])
    imports = [e for e in events if "Imported observations from Safety events" in e.summary]
    assert len(imports) == 1
    assert imports[0].actor_name == f"system: {EVENT_MEASURES.name}"
    assert any(e.summary.startswith("Imported") is False and e.action == "create" for e in events)


def test_a_measure_of_the_same_code_not_fed_by_events_is_left_alone(org, people, ward_a_events):
    create_measure(
        {"code": "PSE-WARDA", "name": "Something else", "org_unit": org.ward_a},
        actor=people["quality"],
    )
    result = refresh_event_measures([org.ward_a], actor=COMMAND_LINE, today=TODAY)
    assert not Observation.objects.filter(measure__code="PSE-WARDA").exists()
    assert "already exists and is not fed by safety events" in result.units[0].notes[0]


def test_a_person_refreshes_only_the_units_where_they_handle_safety_events(
    org, people, ward_a_events
):
    refresh_event_measures(actor=people["quality"], today=TODAY)
    assert set(Measure.objects.filter(code__startswith="PSE-").values_list("code", flat=True)) == {
        "PSE-WARDA", "PSE-WARDB",
    }  # fmt: skip
    for persona in ("manager", "staff", "board"):
        with pytest.raises(PermissionDenied):
            refresh_event_measures(actor=people[persona], today=TODAY)


def test_the_safety_team_refreshes_from_the_themes_page_as_a_job(
    client_for, org, ward_a_events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("quality").post(reverse("assurance:safety_measures_refresh"))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "succeeded", job.message
    assert "refreshed" in job.result["summary"]
    assert Measure.objects.filter(code="PSE-WARDA").exists()
    assert "no occupied bed days measure BED-DAYS-WARDA" in job.log


@pytest.mark.parametrize("persona", ["manager", "board", "staff", "outsider"])
def test_no_one_else_may_refresh(client_for, ward_a_events, persona):
    response = client_for(persona).post(reverse("assurance:safety_measures_refresh"))
    assert response.status_code == 403
    assert not Job.objects.exists() and not Measure.objects.exists()


def test_the_refresh_needs_a_post(client_for):
    assert (
        client_for("quality").get(reverse("assurance:safety_measures_refresh")).status_code == 405
    )


def test_the_command(org, ward_a_events):
    out = StringIO()
    call_command("refresh_event_measures", "--unit", "ACUTE", "--today", "2026-11-15", stdout=out)
    assert "Event measures of 1 unit refreshed" in out.getvalue()
    assert "BED-DAYS-WARDA" in out.getvalue()
    assert _series("PSE-WARDA")[OCT] == (6.0, None, None)
    with pytest.raises(Exception, match="No unit has the code"):
        call_command("refresh_event_measures", "--unit", "NOWHERE")
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        call_command("refresh_event_measures", "--today", "15/11/2026")


def test_the_themes_page_charts_the_chosen_units_measures(client_for, org, people, ward_a_events):
    _bed_days(org.ward_a, people, {AUG: 800, SEP: 700, OCT: 750})
    refresh_event_measures([org.ward_a], actor=COMMAND_LINE, today=TODAY)
    body = (
        client_for("quality")
        .get(reverse("assurance:safety_themes"), {"unit": org.ward_a.pk})
        .content.decode()
    )
    assert "Patient safety events reported, Ward A" in body
    assert "Patient safety events per 1,000 occupied bed days, Ward A" in body
    assert 'data-measure="PSE-RATE-WARDA"' in body
    assert body.count("app-chart app-chart--dual") == 2


def test_every_night_the_schedule_refreshes_every_unit(org, ward_a_events):
    from django_q.models import Schedule

    from quadrant.assurance.incidents.tasks import (
        NIGHTLY_SCHEDULE,
        NIGHTLY_TASK,
        ensure_nightly_schedule,
        refresh_event_measures_nightly,
    )

    schedule = ensure_nightly_schedule()  # made by the migration; asking again changes nothing
    assert Schedule.objects.filter(name=NIGHTLY_SCHEDULE).count() == 1
    assert schedule.func == NIGHTLY_TASK and schedule.schedule_type == "D"
    assert "2 units refreshed" in refresh_event_measures_nightly()
    assert "nothing to change" in refresh_event_measures_nightly()
