"""The whole tree's roll-up is kept while the data under it is unchanged, and worked out again
as soon as a goal, a link, a measure or a stored status changes, or the day changes."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quadrant.core.services import archive_object
from quadrant.core.testing.actors import quality_lead
from quadrant.planning import services
from quadrant.planning.progress import goals_progress, tree_memo

from .conftest import make_measure

pytestmark = pytest.mark.django_db

WORSE = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9, 14, 15, 15, 16, 15, 16, 17, 16]


def queries_of(call):
    with CaptureQueriesContext(connection) as captured:
        answer = call()
    return len(captured.captured_queries), answer


def test_an_unchanged_tree_costs_one_query(cascade):
    tree_memo.forget()
    goals_progress([cascade.trust.pk])
    goals_progress([cascade.trust.pk])  # a status stored while working out settles here
    count, answer = queries_of(lambda: goals_progress([cascade.trust.pk]))
    assert count == 1
    assert answer[cascade.trust.pk].state == "unknown"


def test_a_new_link_is_seen_at_once(cascade, org):
    assert goals_progress([cascade.trust.pk])[cascade.trust.pk].state == "unknown"
    measure = make_measure(org.ward_a, "FALLS-A", WORSE, direction="decrease")
    services.link_measure(cascade.ward_a, measure, "outcome", actor=quality_lead())
    assert goals_progress([cascade.trust.pk])[cascade.trust.pk].state == "off_track"


def test_a_rating_by_hand_and_an_archived_child_are_seen_at_once(cascade):
    services.update_goal(
        cascade.ward_b, {"rag": "red", "rag_rationale": "Two falls"}, actor=quality_lead()
    )
    assert goals_progress([cascade.surgery.pk])[cascade.surgery.pk].state == "off_track"
    archive_object(cascade.ward_b, actor=quality_lead())
    assert goals_progress([cascade.surgery.pk])[cascade.surgery.pk].state == "unknown"


def test_an_archived_goal_asked_for_is_still_judged(cascade):
    services.update_goal(cascade.ward_b, {"rag": "amber"}, actor=quality_lead())
    archive_object(cascade.ward_b, actor=quality_lead())
    assert goals_progress([cascade.ward_b.pk])[cascade.ward_b.pk].state == "at_risk"


def test_a_new_day_works_it_out_again(cascade, org):
    measure = make_measure(org.ward_a, "FALLS-A", WORSE, direction="decrease")
    services.link_measure(cascade.ward_a, measure, "outcome", actor=quality_lead())
    today = dt.date.today()
    assert goals_progress([cascade.ward_a.pk], today=today)[cascade.ward_a.pk].state == (
        "off_track"
    )
    later = today + dt.timedelta(days=200)  # no new data since: stale, not yet known
    progress = goals_progress([cascade.ward_a.pk], today=later)[cascade.ward_a.pk]
    assert progress.state == "unknown" and "No new data since" in progress.summary
