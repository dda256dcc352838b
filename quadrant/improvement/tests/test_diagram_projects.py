"""A driver diagram's page lists, under each node, the projects linked to it (directly, or
through a change idea taken from the diagram) that the viewer may see: title, unit, stage and a
link. Improvement describes the link for the link registry; a fixed number of queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quadrant.core.services import archive_object
from quadrant.core.testing.actors import quality_lead
from quadrant.improvement import services
from quadrant.improvement.tests.conftest import make_project
from quadrant.planning import diagrams

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def diagram(org, people):
    """The trust's falls diagram (read by every ward): aim → primary → secondary → change idea."""
    made = diagrams.create_driver_diagram(
        title="Falls across the trust", org_unit=org.trust, aim="Halve falls with harm",
        actor=quality_lead(),
    )  # fmt: skip
    aim = made.nodes.get()
    primary = diagrams.add_driver_node(aim, "Reliable risk assessment", actor=quality_lead())
    secondary = diagrams.add_driver_node(primary, "Assessment within 6 hours", actor=quality_lead())
    idea = diagrams.add_driver_node(secondary, "Admission checklist prompt", actor=quality_lead())
    other = diagrams.add_driver_node(aim, "Safe environment", actor=quality_lead())
    return made, primary, idea, other


def node_html(html, node):
    """The part of the page inside NODE's list item (up to the next node)."""
    start = html.index(f'id="node-{node.pk}"')
    following = html.find('id="node-', start + 1)
    return html[start : following if following != -1 else len(html)]


def page(client, diagram):
    response = client.get(diagram.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def linked(diagram, ward_a_project, org, people):
    """Ward A's project on the primary driver and, through a change idea, on the change idea;
    a Ward B project on the primary driver."""
    _made, primary, idea, _other = diagram
    project_a = ward_a_project.project
    services.update_project(project_a, {"driver_nodes": [primary]}, actor=people["manager"])
    services.add_change_idea(project_a, title="", driver_node=idea, actor=people["manager"])
    project_b = make_project(org.ward_b, people["manager2"], title="Falls on Ward B")
    services.update_project(project_b, {"driver_nodes": [primary]}, actor=people["manager2"])
    return project_a, project_b


def test_each_node_lists_its_projects_with_unit_stage_and_link(diagram, linked, client_for):
    made, primary, idea, other = diagram
    project_a, _ = linked
    html = page(client_for("manager"), made)
    under_primary = node_html(html, primary)
    assert f'<a href="{project_a.get_absolute_url()}">Fewer falls on Ward A</a>' in under_primary
    assert "Ward A" in under_primary and "Scoping" in under_primary
    assert "Fewer falls on Ward A" in node_html(html, idea)  # through its change idea
    assert "Fewer falls on Ward A" not in node_html(html, other)
    assert node_html(html, primary).count("Fewer falls on Ward A</a>") == 1


def test_projects_of_another_ward_are_not_shown(diagram, linked, client_for):
    made, primary, _idea, _other = diagram
    project_a, project_b = linked
    ward_a = node_html(page(client_for("manager"), made), primary)
    assert project_a.title in ward_a and project_b.title not in ward_a
    ward_b = node_html(page(client_for("manager2"), made), primary)
    assert project_b.title in ward_b and project_a.title not in ward_b
    trust = node_html(page(client_for("board"), made), primary)
    assert project_a.title in trust and project_b.title in trust


def test_archived_projects_are_not_listed(diagram, linked, client_for, people):
    made, _primary, _idea, _other = diagram
    project_a, _ = linked
    archive_object(project_a, actor=people["manager"])
    assert project_a.title not in page(client_for("board"), made)


def test_the_editor_partial_keeps_the_projects(diagram, linked, client_for):
    _made, primary, _idea, _other = diagram
    response = client_for("board").post(
        f"/planning/nodes/{primary.pk}/rename/", {"text": "Risk assessed reliably"}, **HTMX
    )
    assert response.status_code == 200
    assert "Fewer falls on Ward A" in response.content.decode()


def count_queries(client, diagram):
    with CaptureQueriesContext(connection) as queries:
        html = page(client, diagram)
    return len(queries), html


def test_query_count_does_not_grow_with_the_linked_projects(diagram, linked, org, people,
                                                            client_for):  # fmt: skip
    made, primary, idea, other = diagram
    client = client_for("board")
    page(client, made)  # warm the session and content types
    few, html = count_queries(client, made)
    assert len(re.findall(r"Project: <a ", html)) == 3
    for number in range(12):
        project = make_project(org.ward_a, people["manager"], title=f"Falls project {number}")
        services.update_project(
            project, {"driver_nodes": [primary, other]}, actor=people["manager"]
        )
        services.add_change_idea(project, title="", driver_node=idea, actor=people["manager"])
    many, html = count_queries(client, made)
    assert len(re.findall(r"Project: <a ", html)) == 3 + 12 * 3
    assert many == few
