"""Progress comes from the linked measures' SPC icons and targets; a RAG rating by hand only
where no measure is linked."""

import datetime as dt

import pytest

from quadrant.control.public import MeasureTarget
from quadrant.core.testing.actors import quality_lead
from quadrant.planning import services
from quadrant.planning.progress import goal_progress, measure_reading

from .conftest import make_measure

pytestmark = pytest.mark.django_db

STEADY = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9]
WORSE = [*STEADY, 14, 15, 15, 16, 15, 16, 17, 16]


def test_concern_on_a_linked_measure_puts_the_goal_off_track(cascade, org):
    measure = make_measure(org.ward_a, "FALLS-A", WORSE, direction="decrease")
    services.link_measure(cascade.ward_a, measure, "outcome", actor=quality_lead())
    progress = goal_progress(cascade.ward_a)
    assert progress.source == "measures"
    assert progress.state == "off_track"
    assert progress.readings[0].variation_icon == "concern_high"
    assert (
        progress.summary == "Off track: Measure FALLS-A shows special cause variation of concern."
    )


def test_consistently_passing_target_is_on_track(cascade, org):
    measure = make_measure(org.ward_a, "FFT-A", [95, 96, 94, 95, 97, 96, 95, 94, 96, 95] * 2,
                           direction="increase")  # fmt: skip
    MeasureTarget.objects.create(measure=measure, value=80, effective_from=dt.date(2024, 1, 1))
    services.link_measure(cascade.ward_a, measure, "process", actor=quality_lead())
    reading = measure_reading(measure, "process")
    assert reading.assurance_icon == "consistent_pass"
    assert goal_progress(cascade.ward_a).state == "on_track"


def test_manual_rag_only_counts_without_measures(cascade, org):
    services.update_goal(
        cascade.ward_a, {"rag": "amber", "rag_rationale": "Staffing gaps"}, actor=quality_lead()
    )
    progress = goal_progress(cascade.ward_a)
    assert (progress.source, progress.state, progress.summary) == (
        "manual", "at_risk", "At risk: the RAG rating given by hand is amber (Staffing gaps)."
    )  # fmt: skip
    measure = make_measure(org.ward_a, "FALLS-A", STEADY, direction="decrease")
    services.link_measure(cascade.ward_a, measure, "outcome", actor=quality_lead())
    assert goal_progress(cascade.ward_a).source == "measures"


def test_measure_without_data_says_so(cascade, org):
    measure = make_measure(org.ward_a, "EMPTY", [])
    services.link_measure(cascade.ward_a, measure, "balancing", actor=quality_lead())
    progress = goal_progress(cascade.ward_a)
    assert progress.state == "unknown"
    assert progress.readings[0].problem == "No data yet"


def test_goal_page_lists_linked_measures_and_link_is_refused_twice(cascade, org, client_for):
    make_measure(org.ward_a, "FALLS-A", WORSE, direction="decrease")
    client = client_for("manager")
    url = f"/planning/goals/{cascade.ward_a.pk}/"
    client.post(url + "measures/", {"code": "falls-a", "role": "outcome"})
    page = client.get(url).content.decode()
    assert "Measure FALLS-A (FALLS-A)" in page
    assert "Special cause variation of a concerning nature: higher values" in page
    again = client.post(url + "measures/", {"code": "FALLS-A", "role": "process"}, follow=True)
    assert "is already linked to" in again.content.decode()


def test_unknown_or_hidden_measure_code_is_refused(cascade, org, client_for):
    make_measure(org.ward_b, "FALLS-B", STEADY)
    response = client_for("manager").post(
        f"/planning/goals/{cascade.ward_a.pk}/measures/",
        {"code": "FALLS-B", "role": "outcome"},
        follow=True,
    )
    assert "No measure you can see has the code “FALLS-B”" in response.content.decode()


def test_manager_cannot_link_to_the_trusts_goal(cascade, org, client_for):
    make_measure(org.ward_a, "FALLS-A", STEADY)
    response = client_for("manager").post(
        f"/planning/goals/{cascade.trust.pk}/measures/", {"code": "FALLS-A", "role": "outcome"}
    )
    assert response.status_code == 403
