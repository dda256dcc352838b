"""A goal's progress rolls up the cascade: the worst of its linked measures and its child goals,
and "Not yet known" only when nothing is known, always with the reason."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quadrant.control.public import MeasureTarget
from quadrant.core.testing.actors import quality_lead
from quadrant.planning import services
from quadrant.planning.progress import RULE, goal_progress, goals_progress

from .conftest import make_goal, make_measure

pytestmark = pytest.mark.django_db

STEADY = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9]
WORSE = [*STEADY, 14, 15, 15, 16, 15, 16, 17, 16]
HIGH = [95, 96, 94, 95, 97, 96, 95, 94, 96, 95] * 2


def passing(unit, code):
    """A measure that consistently meets its target (higher is better, target 80)."""
    measure = make_measure(unit, code, HIGH, direction="increase")
    MeasureTarget.objects.create(measure=measure, value=80, effective_from=dt.date(2020, 1, 1))
    return measure


def link(goal, measure, role="outcome"):
    services.link_measure(goal, measure, role, actor=quality_lead())


def test_a_parent_is_on_track_when_every_known_child_is(cascade, org):
    link(cascade.ward_a, passing(org.ward_a, "FFT-A"))
    progress = goals_progress()
    assert progress[cascade.ward_a.pk].state == "on_track"
    assert progress[cascade.ward_a.pk].summary == (
        "On track: Measure FFT-A consistently meets its target."
    )
    service = progress[cascade.service.pk]
    assert (service.source, service.state) == ("children", "on_track")
    assert service.summary == (
        "On track: 1 of its 2 child goals is on track. Not yet known: 1 child goal."
    )
    # the trust: Medicine is on track through Acute medicine; Surgery is not yet known
    assert progress[cascade.trust.pk].state == "on_track"


def test_a_parent_is_off_track_when_one_child_is(cascade, org):
    link(cascade.ward_a, passing(org.ward_a, "FFT-A"))
    link(cascade.ward_a2, make_measure(org.ward_a2, "FALLS-A2", WORSE, direction="decrease"))
    progress = goals_progress()
    assert progress[cascade.ward_a2.pk].state == "off_track"
    assert progress[cascade.service.pk].state == "off_track"
    assert progress[cascade.service.pk].summary == "Off track: 1 of its 2 child goals is off track."
    for goal in (cascade.division, cascade.trust):
        assert progress[goal.pk].state == "off_track"
    assert progress[cascade.trust.pk].summary == (
        "Off track: 1 of its 2 child goals is off track. Not yet known: 1 child goal."
    )
    assert progress[cascade.surgery.pk].state == "unknown"  # the other branch is left alone


def test_a_closed_child_goal_is_left_out(cascade, org):
    link(cascade.ward_a2, make_measure(org.ward_a2, "FALLS-A2", WORSE, direction="decrease"))
    link(cascade.ward_a, passing(org.ward_a, "FFT-A"))
    services.update_goal(cascade.ward_a2, {"status": "closed"}, actor=quality_lead())
    assert goal_progress(cascade.service).state == "on_track"


def test_own_measure_and_children_count_alike(cascade, org):
    """The goal's own measure is off track although its child goals are on track."""
    link(cascade.ward_a, passing(org.ward_a, "FFT-A"))
    link(cascade.ward_a2, passing(org.ward_a2, "FFT-A2"))
    link(cascade.service, make_measure(org.acute, "FALLS-AC", WORSE, direction="decrease"))
    progress = goal_progress(cascade.service)
    assert (progress.source, progress.state) == ("measures and children", "off_track")
    assert progress.summary == (
        "Off track: Measure FALLS-AC shows special cause variation of concern."
    )


def test_a_goal_with_no_measure_says_so(cascade):
    progress = goal_progress(cascade.ward_b)
    assert (progress.state, progress.label) == ("unknown", "Not yet known")
    assert progress.summary == "No measure linked."
    surgery = goal_progress(cascade.surgery)
    assert surgery.summary == "No measure linked; its child goal is not yet known either."


def test_a_stale_measure_names_its_last_month(cascade, org):
    old = make_measure(org.ward_a, "FALLS-OLD", STEADY, start=dt.date(2024, 4, 1))
    link(cascade.ward_a, old)
    progress = goal_progress(cascade.ward_a)
    assert progress.state == "unknown"
    assert progress.summary == "No new data since March 2025."
    assert progress.readings[0].why == "No new data since March 2025"


def test_a_measure_without_a_target_says_so(cascade, org):
    link(cascade.ward_a, make_measure(org.ward_a, "FALLS-A", STEADY, direction="decrease"))
    assert goal_progress(cascade.ward_a).summary == "No target set."


def test_what_is_not_known_is_named_next_to_what_is(cascade, org):
    link(cascade.ward_a, passing(org.ward_a, "FFT-A"))
    link(cascade.ward_a, make_measure(org.ward_a, "EMPTY", []), role="balancing")
    progress = goal_progress(cascade.ward_a)
    assert progress.state == "on_track"
    assert progress.summary == (
        "On track: Measure FFT-A consistently meets its target. "
        "Not yet known: Measure EMPTY (no data yet)."
    )


def test_the_goal_page_states_the_rule_and_the_reason(cascade, org, client_for):
    link(cascade.ward_a2, make_measure(org.ward_a2, "FALLS-A2", WORSE, direction="decrease"))
    page = client_for("board").get(f"/planning/goals/{cascade.service.pk}/").content.decode()
    assert "How progress is worked out" in page
    assert RULE in page
    assert "Off track: 1 of its 2 child goals is off track." in page
    assert "nhsuk-tag--red" in page


def test_the_goals_below_and_the_strategy_show_the_rolled_up_status(cascade, org, client_for):
    link(cascade.ward_a, passing(org.ward_a, "FFT-A"))
    client = client_for("board")
    page = client.get(cascade.trust.get_absolute_url()).content.decode()
    below = page.split("Goals below this one", 1)[1].split("</nav>", 1)[0]
    assert below.count(">On track</strong>") == 3  # Medicine, Acute medicine, Ward A
    assert below.count(">Not yet known</strong>") == 3  # Ward A2, Surgery, Ward B
    strategy = client.get(cascade.strategy.get_absolute_url()).content.decode()
    assert "On track: 1 of its 2 child goals is on track. Not yet known: 1 child goal." in strategy


def test_the_roll_up_costs_the_same_queries_however_many_goals(cascade, org):
    def count():
        with CaptureQueriesContext(connection) as queries:
            goals_progress()
        return len(queries)

    link(cascade.ward_a, passing(org.ward_a, "FFT-A"))
    goals_progress()  # the stored statuses are written on first read
    small = count()
    for index in range(30):
        goal = make_goal(org.ward_a2, f"Extra {index}", parent=cascade.ward_a2)
        link(goal, passing(org.ward_a2, f"X{index}"))
    goals_progress()
    assert count() == small
    assert goals_progress()[cascade.ward_a2.pk].summary == (
        "On track: 30 of its 30 child goals are on track."
    )
