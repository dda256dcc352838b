"""The whole trust's goal tree renders with a fixed number of SQL queries whatever its size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import make_goal

pytestmark = pytest.mark.django_db


def grow(org, parents, count):
    """COUNT more goals spread over the wards, under PARENTS in turn."""
    wards = [org.ward_a, org.ward_a2]
    for index in range(count):
        make_goal(wards[index % 2], f"Extra goal {index}", parent=parents[index % len(parents)])


def page_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/planning/goals/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_query_count_does_not_grow_with_the_tree(cascade, org, client_for):
    client = client_for("board")
    client.get("/planning/goals/")  # warm the session and content types
    small, page = page_queries(client)
    assert page.count('class="app-goal-tree__item ') == 7
    grow(org, [cascade.service], 40)
    large, page = page_queries(client)
    assert page.count('class="app-goal-tree__item ') == 47
    assert large == small


def test_fixed_queries_guard(cascade, org, client_for, django_assert_num_queries):
    client = client_for("manager")
    client.get("/planning/goals/")
    baseline, _ = page_queries(client)
    grow(org, [cascade.service], 25)
    with django_assert_num_queries(baseline):
        assert client.get("/planning/goals/").status_code == 200


def test_progress_with_linked_measures_keeps_the_queries_fixed(cascade, org, client_for):
    """Each goal's rolled-up progress is shown without a query per goal or per measure."""
    from quadrant.core.testing.actors import quality_lead
    from quadrant.planning import services

    from .conftest import make_measure

    client = client_for("board")
    client.get("/planning/goals/")
    measure = make_measure(org.ward_a, "FALLS-A", [3, 4, 2, 3, 5, 3, 2, 4, 3, 3, 4, 2])
    services.link_measure(cascade.ward_a, measure, "outcome", actor=quality_lead())
    client.get("/planning/goals/")  # the measure's stored status is written on first read
    small, page = page_queries(client)
    assert page.count(">Not yet known</strong>") == 7  # no target set anywhere
    for index in range(15):
        goal = make_goal(org.ward_a, f"Extra goal {index}", parent=cascade.ward_a)
        extra = make_measure(org.ward_a, f"EXTRA-{index}", [1, 2, 1, 2, 1, 2, 1, 2])
        services.link_measure(goal, extra, "process", actor=quality_lead())
    client.get("/planning/goals/")
    large, page = page_queries(client)
    assert page.count('class="app-goal-tree__item ') == 22
    assert large == small
