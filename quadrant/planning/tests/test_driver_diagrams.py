"""Driver diagrams: aim → primary → secondary → change ideas, edited without a page reload
(HTMX partials), with plain-word refusals, drawn as SVG and exported as SVG, PNG and CSV."""

import pytest

from quadrant.core.testing.actors import quality_lead
from quadrant.planning import diagrams
from quadrant.planning.models import DriverDiagram, DriverNode

from .conftest import make_measure

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def diagram(org, cascade):
    made = diagrams.create_driver_diagram(
        title="Falls on Ward A", org_unit=org.ward_a, aim="Halve falls with harm by March 2027",
        goal=cascade.ward_a, actor=quality_lead(),
    )  # fmt: skip
    aim = made.nodes.get()
    staffing = diagrams.add_driver_node(aim, "Reliable risk assessment", actor=quality_lead())
    environment = diagrams.add_driver_node(aim, "Safe environment", actor=quality_lead())
    checks = diagrams.add_driver_node(staffing, "Assessment within 6 hours", actor=quality_lead())
    diagrams.add_driver_node(checks, "Admission checklist prompt", actor=quality_lead())
    return made, aim, staffing, environment, checks


def texts(diagram):
    return [(item.node.text, depth) for item, depth in diagrams.walk(diagrams.load_tree(diagram))]


def test_kinds_follow_the_levels(diagram):
    made, _aim, _staffing, _environment, _checks = diagram
    kinds = [item.node.kind for item, _ in diagrams.walk(diagrams.load_tree(made))]
    assert kinds == ["aim", "primary", "secondary", "change_idea", "primary"]


def test_add_rename_reorder_move_by_htmx_without_reload(diagram, client_for):
    made, _aim, _staffing, environment, checks = diagram
    client = client_for("manager")
    response = client.post(f"/planning/nodes/{environment.pk}/add/", {"text": "Bed rails"}, **HTMX)
    assert response.status_code == 200
    assert '<div id="diagram-editor"' in response.content.decode()
    assert "<html" not in response.content.decode()  # a partial, not a page
    client.post(f"/planning/nodes/{environment.pk}/rename/", {"text": "Safe ward"}, **HTMX)
    client.post(f"/planning/nodes/{environment.pk}/reorder/", {"direction": "up"}, **HTMX)
    client.post(f"/planning/nodes/{checks.pk}/move/", {"parent": environment.pk}, **HTMX)
    assert texts(made) == [
        ("Halve falls with harm by March 2027", 0),
        ("Safe ward", 1),
        ("Bed rails", 2),
        ("Assessment within 6 hours", 2),
        ("Admission checklist prompt", 3),
        ("Reliable risk assessment", 1),
    ]


def test_without_script_the_forms_redirect_back(diagram, client_for):
    made, aim, *_ = diagram
    response = client_for("manager").post(f"/planning/nodes/{aim.pk}/add/", {"text": "Culture"})
    assert response.status_code == 302
    assert response["Location"] == f"/planning/driver-diagrams/{made.pk}/"


def test_refusals_in_plain_words(diagram, client_for):
    _made, aim, _staffing, _environment, checks = diagram
    client = client_for("manager")
    wrong = client.post(f"/planning/nodes/{checks.pk}/move/", {"parent": aim.pk}, **HTMX)
    assert "A secondary driver cannot go under an aim: choose a primary driver." in (
        wrong.content.decode()
    )
    idea = DriverNode.objects.get(kind="change_idea")
    below = client.post(f"/planning/nodes/{idea.pk}/add/", {"text": "x"}, **HTMX)
    assert "A change idea is the last level" in below.content.decode()
    empty = client.post(f"/planning/nodes/{aim.pk}/rename/", {"text": " "}, **HTMX)
    assert "Enter the aim" in empty.content.decode()
    aim_removal = client.post(f"/planning/nodes/{aim.pk}/remove/", **HTMX)
    assert "The aim cannot be removed" in aim_removal.content.decode()


def test_remove_takes_what_hangs_below(diagram, client_for):
    made, _aim, staffing, *_ = diagram
    client_for("manager").post(f"/planning/nodes/{staffing.pk}/remove/", **HTMX)
    assert [text for text, _ in texts(made)] == [
        "Halve falls with harm by March 2027", "Safe environment"
    ]  # fmt: skip


def test_link_a_measure_to_a_node(diagram, org, client_for):
    _made, _aim, staffing, *_ = diagram
    make_measure(org.ward_a, "RISK-A", [1, 2, 3])
    response = client_for("manager").post(
        f"/planning/nodes/{staffing.pk}/link/", {"code": "RISK-A"}, **HTMX
    )
    assert "RISK-A" in response.content.decode()
    assert "1 linked" in response.content.decode()  # on the SVG
    again = client_for("manager").post(
        f"/planning/nodes/{staffing.pk}/link/", {"code": "RISK-A"}, **HTMX
    )
    assert "is already linked" in again.content.decode()


def test_other_ward_manager_cannot_edit_or_see(diagram, client_for):
    made, aim, *_ = diagram
    client = client_for("manager2")
    assert client.post(f"/planning/nodes/{aim.pk}/add/", {"text": "x"}).status_code == 404
    assert client.get(f"/planning/driver-diagrams/{made.pk}/").status_code == 404


def test_partner_reads_but_cannot_edit(diagram, client_for):
    made, aim, *_ = diagram
    client = client_for("partner")
    page = client.get(f"/planning/driver-diagrams/{made.pk}/").content.decode()
    assert "Halve falls with harm" in page
    assert "Add a primary driver" not in page
    assert client.post(f"/planning/nodes/{aim.pk}/add/", {"text": "x"}).status_code == 403
    assert DriverNode.objects.filter(text="x").count() == 0


def test_exports(diagram, client_for):
    made, *_ = diagram
    client = client_for("manager")
    svg = client.get(f"/planning/driver-diagrams/{made.pk}/diagram.svg")
    assert svg["Content-Type"].startswith("image/svg+xml")
    body = svg.content.decode()
    assert body.startswith("<svg") and "Admission checklist prompt" in body
    assert '<title id="dd-title">Driver diagram: Falls on Ward A</title>' in body
    png = client.get(f"/planning/driver-diagrams/{made.pk}/diagram.png")
    assert png["Content-Type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    csv = b"".join(client.get(f"/planning/driver-diagrams/{made.pk}/diagram.csv")).decode()
    assert "id,parent id,level,kind,text,measures,goals" in csv
    assert "Change idea,Admission checklist prompt" in csv


def test_text_is_escaped_in_the_svg(org, people):
    made = diagrams.create_driver_diagram(
        title="<script>", org_unit=org.ward_a, aim="A & B <b>", actor=quality_lead()
    )
    from quadrant.planning.svg import render_svg

    svg = render_svg(made.title, diagrams.load_tree(made))
    assert "<script>" not in svg and "A &amp; B &lt;b&gt;" in svg


def test_create_a_diagram_page(org, cascade, client_for):
    response = client_for("quality").post(
        "/planning/driver-diagrams/new/",
        {"title": "Sepsis", "aim": "95% screened by 2026", "org_unit": org.trust.pk},
    )
    assert response.status_code == 302
    assert DriverDiagram.objects.get(title="Sepsis").nodes.get().kind == "aim"
