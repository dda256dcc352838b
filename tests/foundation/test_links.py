"""The link registry: links between objects of two components are read through one place, and
each reader sees only the linked objects they may see (nothing says the others exist)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quadrant.actions.services import raise_action
from quadrant.core.links import ANY_MODEL, links_from, links_of, links_to, relations
from quadrant.core.services import archive_object
from quadrant.improvement import services as improvement
from quadrant.improvement.tests.conftest import make_project
from quadrant.planning.tests.conftest import make_goal

pytestmark = pytest.mark.django_db


@pytest.fixture
def trust_goal(org):
    return make_goal(org.trust, "Fewer falls with harm")


def test_every_relation_names_real_models_and_reads_both_ways():
    names = [relation.name for relation in relations()]
    assert len(names) == len(set(names))
    assert {"improvement.project-goal", "actions.action-source"} <= set(names)
    for relation in relations():
        apps.get_model(relation.source)
        if relation.target != ANY_MODEL:
            apps.get_model(relation.target)
        assert relation.label and relation.inverse


def test_a_goal_shows_the_projects_working_towards_it_to_those_who_may_see_them(
    org, people, trust_goal, client_for
):
    ward_a = make_project(org.ward_a, people["manager"], title="Falls on Ward A")
    ward_b = make_project(org.ward_b, people["manager2"], title="Falls on Ward B")
    for project, owner in ((ward_a, "manager"), (ward_b, "manager2")):
        improvement.update_project(project, {"goals": [trust_goal]}, actor=people[owner])
    seen = links_to([trust_goal], people["manager"]).get(trust_goal.pk, [])
    assert [(link.kind, link.title, link.unit) for link in seen] == [
        ("Project", "Falls on Ward A", "Ward A")
    ]
    assert {link.title for link in links_of(trust_goal, people["board"])} >= {
        "Falls on Ward A",
        "Falls on Ward B",
    }
    page = client_for("manager").get(trust_goal.get_absolute_url()).content.decode()
    assert "Improvement projects working towards it" in page
    assert "Falls on Ward A" in page and "Falls on Ward B" not in page


def test_the_project_reads_the_same_link_from_its_side(org, people, trust_goal):
    project = make_project(org.ward_a, people["manager"])
    improvement.update_project(project, {"goals": [trust_goal]}, actor=people["manager"])
    links = links_from([project], people["manager"]).get(project.pk, [])
    assert [(link.relation, link.obj) for link in links] == [
        ("improvement.project-goal", trust_goal)
    ]


def test_an_archived_project_is_not_a_link(org, people, trust_goal):
    project = make_project(org.ward_a, people["manager"])
    improvement.update_project(project, {"goals": [trust_goal]}, actor=people["manager"])
    archive_object(project, actor=people["manager"])
    assert links_to([trust_goal], people["board"]) == {}


def test_an_action_is_linked_to_whatever_it_was_raised_from(org, people):
    project = make_project(org.ward_a, people["manager"])
    action = raise_action(
        title="Re-audit bed rails", owner=people["manager"], org_unit=org.ward_a,
        due_date=dt.date.today() + dt.timedelta(days=14), source=project,
        actor=people["manager"],
    )  # fmt: skip
    inbound = links_to([project], people["manager"])[project.pk]
    assert [(link.label, link.obj) for link in inbound] == [("Actions raised from it", action)]
    outbound = links_from([action], people["manager"])[action.pk]
    assert [(link.label, link.obj) for link in outbound] == [("Raised from", project)]
    assert links_to([project], people["manager2"]) == {}  # Ward B sees neither


def test_reading_links_costs_the_same_for_one_object_or_many(org, people, trust_goal):
    goals = [trust_goal]
    project = make_project(org.ward_a, people["manager"])
    improvement.update_project(project, {"goals": goals}, actor=people["manager"])
    links_to(goals, people["board"])  # content types cached
    with CaptureQueriesContext(connection) as few:
        links_to(goals, people["board"])
    for number in range(8):
        goal = make_goal(org.trust, f"Goal {number}")
        other = make_project(org.ward_a, people["manager"], title=f"Project {number}")
        improvement.update_project(other, {"goals": [goal]}, actor=people["manager"])
        goals.append(goal)
    with CaptureQueriesContext(connection) as many:
        found = links_to(goals, people["board"])
    assert len(found) == 9
    assert len(many.captured_queries) == len(few.captured_queries)
