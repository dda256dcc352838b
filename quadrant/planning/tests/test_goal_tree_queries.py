"""The whole trust's goal tree renders with a fixed number of SQL queries whatever its size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quadrant.planning.progress import tree_memo

from .conftest import make_goal

pytestmark = pytest.mark.django_db


def grow(org, parents, count):
    """COUNT more goals spread over the wards, under PARENTS in turn."""
    wards = [org.ward_a, org.ward_a2]
    for index in range(count):
        make_goal(wards[index % 2], f"Extra goal {index}", parent=parents[index % len(parents)])


def page_queries(client):
    """The page's queries when the goal tree's roll-up is worked out afresh."""
    tree_memo.forget()
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
    tree_memo.forget()
    with django_assert_num_queries(baseline):
        assert client.get("/planning/goals/").status_code == 200


def test_linked_measures_keep_the_queries_fixed(cascade, org, client_for):
    """Measures linked to many goals add no query per goal or per measure."""
    from quadrant.core.testing.actors import quality_lead
    from quadrant.planning import services

    from .conftest import make_measure

    client = client_for("board")
    client.get("/planning/goals/")
    measure = make_measure(org.ward_a, "FALLS-A", [3, 4, 2, 3, 5, 3, 2, 4, 3, 3, 4, 2])
    services.link_measure(cascade.ward_a, measure, "outcome", actor=quality_lead())
    client.get("/planning/goals/")  # the measure's stored status is written on first read
    small, page = page_queries(client)
    assert "1 measure" in page
    for index in range(15):
        goal = make_goal(org.ward_a, f"Extra goal {index}", parent=cascade.ward_a)
        extra = make_measure(org.ward_a, f"EXTRA-{index}", [1, 2, 1, 2, 1, 2, 1, 2])
        services.link_measure(goal, extra, "process", actor=quality_lead())
    client.get("/planning/goals/")
    large, page = page_queries(client)
    assert page.count('class="app-goal-tree__item ') == 22
    assert large == small


def test_the_goals_below_a_priority_show_progress_in_fixed_queries(cascade, org, client_for):
    """A trust priority's page works out the progress of every goal below it at once."""
    from quadrant.core.testing.actors import quality_lead
    from quadrant.planning import services

    from .conftest import make_measure

    client = client_for("board")
    url = cascade.trust.get_absolute_url()
    first = make_measure(org.ward_a, "FALLS-A", [3, 4, 2, 3, 5, 3, 2, 4])
    services.link_measure(cascade.ward_a, first, "outcome", actor=quality_lead())
    client.get(url)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url).content.decode()
        return len(captured), page.split("Goals below this one", 1)[1].split("</nav>", 1)[0]

    small, below = queries()
    assert below.count(">Not yet known</strong>") == 6
    for index in range(15):
        goal = make_goal(org.ward_a, f"Extra goal {index}", parent=cascade.ward_a)
        extra = make_measure(org.ward_a, f"EXTRA-{index}", [1, 2, 1, 2, 1, 2, 1, 2])
        services.link_measure(goal, extra, "process", actor=quality_lead())
    client.get(url)  # the measures' stored statuses are written on first read
    large, below = queries()
    assert below.count(">Not yet known</strong>") == 21  # no target set anywhere
    assert large == small
