"""Every reference a person can set through the API is checked against what they may name, and
an object they may not see is refused exactly like one that does not exist (no existence oracle).

The relations are found by introspection of the API router (each viewset's create serializer and
the serializers of its POST actions), so a new serializer or field is walked without a change
here. The persona is manager2 (manager at Ward B, in Surgery); the objects are Ward A's (Medicine).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from rest_framework import serializers
from rest_framework.relations import ManyRelatedField, RelatedField

from quadrant.api_urls import router
from quadrant.core.api.relations import ScopedRelatedMixin
from quadrant.core.references import no_such, referable
from quadrant.core.testing.factories import build
from quadrant.core.testing.targets import World
from quadrant.organisation.models import OrgUnit, Person

pytestmark = pytest.mark.django_db

FOREIGN = "manager2"
MISSING_ID = 987654321
MISSING_SLUG = "NO-SUCH-THING"


@dataclass(frozen=True)
class Relation:
    """One writable relation: the endpoint that accepts it and the field that holds it."""

    basename: str
    route: str  # "" for the list's create, else the POST action's url_path
    detail: bool
    serializer: type[serializers.BaseSerializer[Any]]
    field: str

    def __str__(self) -> str:
        return f"{self.basename}{'/' + self.route if self.route else ''}.{self.field}"


def _post_serializers(viewset: Any) -> list[tuple[str, bool, Any]]:
    found = []
    if "post" in viewset.http_method_names and hasattr(viewset, "create"):
        found.append(("", False, viewset.serializer_class))
    for extra in viewset.get_extra_actions():
        # a body read by read_body is declared with takes_body
        serializer = getattr(extra, "body_serializer", None) or extra.kwargs.get("serializer_class")
        if "post" in extra.mapping and serializer is not None:
            found.append((extra.url_path, extra.detail, serializer))
    return found


def _writable_relations(serializer_class: Any) -> dict[str, Any]:
    fields = serializer_class().fields
    relations = {}
    for name, field in fields.items():
        if field.read_only:
            continue
        if isinstance(field, ManyRelatedField):
            relations[name] = field.child_relation
        elif isinstance(field, RelatedField):
            relations[name] = field
    return relations


def all_relations() -> list[Relation]:
    relations = []
    for _prefix, viewset, basename in router.registry:
        for route, detail, serializer in _post_serializers(viewset):
            for name in _writable_relations(serializer):
                relations.append(Relation(basename, route, detail, serializer, name))
    return relations


RELATIONS = all_relations()


def test_the_walk_finds_the_relations_of_the_review() -> None:
    """The introspection itself works: the relations the attack used are among those walked."""
    names = {str(relation) for relation in RELATIONS}
    assert {"project.goals", "project.driver_nodes", "project.lead", "project.sponsor",
            "goal.parent", "goal.owner", "action.owner", "action/reassign.owner",
            "signal/action.owner", "measure.owner", "pdsa-cycle.project"} <= names  # fmt: skip


@pytest.mark.parametrize("relation", RELATIONS, ids=str)
def test_every_writable_relation_is_scoped(relation: Relation) -> None:
    field = _writable_relations(relation.serializer)[relation.field]
    assert isinstance(field, ScopedRelatedMixin), (
        f"{relation} accepts any {field.queryset.model.__name__}: use a scoped related field "
        "(quadrant/core/api/relations.py)"
    )


# -------------------------------------------------------------- the objects and the requests


def _foreign_object(model: Any, world: World) -> Any | None:
    """An object of MODEL in Medicine that manager2 may not name; None for a model everyone
    may name (organisation-wide, such as the quality domains)."""
    if model is OrgUnit:
        return world.org.ward_a
    if model is Person:
        return world.people["manager"]
    obj = build(model, world)
    obj.save()
    if referable(model.objects.filter(pk=obj.pk), world.people[FOREIGN]).exists():
        return None
    return obj


def _detail_object(basename: str, world: World) -> Any:
    """An object of Ward B that manager2 may act on, for the POST actions on one object."""
    from quadrant.actions.services import raise_action
    from quadrant.control.models import Measure
    from quadrant.control.signals.models import Signal

    manager2, ward_b = world.people[FOREIGN], world.org.ward_b
    if basename == "action":
        import datetime as dt

        return raise_action(
            title="Check the bed rails", owner=manager2, org_unit=ward_b,
            due_date=dt.date.today() + dt.timedelta(days=7), actor=manager2,
        )  # fmt: skip
    if basename == "signal":
        measure = build(Measure, world)
        measure.org_unit = ward_b
        measure.save()
        signal = build(Signal, world)
        signal.measure = measure
        signal.save()
        return signal
    raise AssertionError(f"Add a Ward B object for the POST actions of {basename} to this test")


def _url(relation: Relation, world: World) -> str:
    prefix = next(p for p, _v, b in router.registry if b == relation.basename)
    if not relation.detail:
        return f"/api/v1/{prefix}/{relation.route + '/' if relation.route else ''}"
    obj = _detail_object(relation.basename, world)
    return f"/api/v1/{prefix}/{obj.pk}/{relation.route}/"


def _message(response: Any, field: str) -> str:
    messages = [e["message"] for e in response.json()["errors"] if e["field"] == field]
    assert messages, f"no error names the field {field}: {response.json()}"
    return messages[0]


def _answer(response: Any, value: Any) -> list[tuple[str, str]]:
    """The errors of RESPONSE with the value sent blanked out."""
    return [(e["field"], e["message"].replace(str(value), "…")) for e in response.json()["errors"]]


@pytest.mark.parametrize("relation", RELATIONS, ids=str)
def test_a_foreign_reference_is_refused_like_a_missing_one(
    relation: Relation, org: Any, people: Any, api_for: Any
) -> None:
    world = World(org, people)
    field = _writable_relations(relation.serializer)[relation.field]
    model = field.queryset.model
    foreign = _foreign_object(model, world)
    if foreign is None:  # nothing to hide: everyone may name every one of them
        assert referable(model.objects.all(), people[FOREIGN]).count() == model.objects.count()
        return
    slug = getattr(field, "slug_field", None)
    known, missing = (getattr(foreign, slug), MISSING_SLUG) if slug else (foreign.pk, MISSING_ID)
    many = isinstance(relation.serializer().fields[relation.field], ManyRelatedField)
    url, client = _url(relation, world), api_for(FOREIGN)

    def send(value: Any) -> Any:
        return client.post(url, {relation.field: [value] if many else value}, format="json")

    before = model.objects.count()
    refused, absent = send(known), send(missing)
    assert refused.status_code == absent.status_code == 400
    key = slug or "id"
    assert _message(refused, relation.field) == no_such(model, known, key)
    assert _message(absent, relation.field) == no_such(model, missing, key)
    assert _answer(refused, known) == _answer(absent, missing)  # the whole answer, every field
    assert model.objects.count() == before


# ------------------------------------------------------------------------- the review's attack


@pytest.fixture
def surgery(org: Any, people: Any) -> Any:
    """Goals and driver-diagram change ideas of Surgery, made by the trust's quality lead."""
    import datetime as dt
    from types import SimpleNamespace

    from quadrant.planning import diagrams
    from quadrant.planning import services as planning

    quality = people["quality"]

    def goal(unit: Any, title: str) -> Any:
        return planning.create_goal(
            actor=quality, title=title, statement=f"{title} by March 2027", org_unit=unit,
            first_year=2025, last_year=2026, status="active", review_cadence="quarterly",
            next_review=dt.date(2026, 12, 1),
        )  # fmt: skip

    diagram = diagrams.create_driver_diagram(
        title="Surgical falls", org_unit=org.surgery, aim="Fewer falls", actor=quality
    )
    aim = diagram.nodes.get()
    primary = diagrams.add_driver_node(aim, "Safer wards", actor=quality)
    secondary = diagrams.add_driver_node(primary, "Rounding", actor=quality)
    nodes = [diagrams.add_driver_node(secondary, text, actor=quality) for text in ("A", "B")]
    return SimpleNamespace(
        goals=[goal(org.surgery, "Surgery: fewer falls"), goal(org.general_surgery, "GS: falls")],
        trauma=goal(org.ward_b, "Trauma and orthopaedics: falls"),
        nodes=nodes,
        ward_a=goal(org.ward_a, "Ward A: falls risk assessed"),
    )


def _errors(response: Any) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def test_ward_a_manager_cannot_link_a_project_to_surgery_or_name_manager2(
    surgery: Any, people: Any, api_for: Any
) -> None:
    from quadrant.improvement.models import Project

    manager2 = people["manager2"]
    response = api_for("manager").post(
        "/api/v1/projects/",
        {
            "title": "Fewer falls", "aim_what": "Fewer falls", "org_unit": "WARDA",
            "goals": [g.pk for g in surgery.goals], "driver_nodes": [n.pk for n in surgery.nodes],
            "lead": manager2.pk, "sponsor": manager2.pk,
        },
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert _errors(response) == {
        "goals": f"No goal with id {surgery.goals[0].pk}",
        "driver_nodes": f"No driver diagram node with id {surgery.nodes[0].pk}",
        "lead": f"No person with id {manager2.pk}",
        "sponsor": f"No person with id {manager2.pk}",
    }
    assert not Project.objects.exists()


def test_relinking_a_project_to_a_foreign_goal_is_refused_like_a_missing_one(
    surgery: Any, people: Any, api_for: Any
) -> None:
    client = api_for("manager")
    made = client.post(
        "/api/v1/projects/",
        {"title": "Fewer falls", "aim_what": "Fewer falls", "org_unit": "WARDA",
         "goals": [surgery.ward_a.pk], "lead": people["staff"].pk},
        format="json",
    )  # fmt: skip
    assert made.status_code == 201, made.json()
    url, version = f"/api/v1/projects/{made.json()['id']}/", made.json()["version"]
    foreign = client.patch(url, {"goals": [surgery.trauma.pk], "version": version}, format="json")
    missing = client.patch(url, {"goals": [MISSING_ID], "version": version}, format="json")
    assert foreign.status_code == missing.status_code == 400
    assert _errors(foreign) == {"goals": f"No goal with id {surgery.trauma.pk}"}
    assert _errors(missing) == {"goals": f"No goal with id {MISSING_ID}"}
    assert client.get(url).json()["goals"] == [surgery.ward_a.pk]


def test_a_goal_with_a_foreign_owner_is_refused(org: Any, api_for: Any) -> None:
    from quadrant.planning.models import Goal

    body = {
        "title": "Ward A: bed rails", "statement": "Every shift", "org_unit": "WARDA",
        "first_year": 2025, "last_year": 2025, "status": "active", "review_cadence": "monthly",
    }  # fmt: skip
    client = api_for("manager")
    for owner in ("manager2", "nobody-at-all"):
        refused = client.post("/api/v1/goals/", {**body, "owner": owner}, format="json")
        assert refused.status_code == 400
    foreign = client.post("/api/v1/goals/", {**body, "owner": "manager2"}, format="json")
    assert "owner" in _errors(foreign) and not Goal.objects.exists()


def test_the_services_refuse_foreign_references_when_called_directly(
    surgery: Any, org: Any, people: Any
) -> None:
    from django.core.exceptions import ValidationError

    from quadrant.actions.services import raise_action
    from quadrant.improvement import services
    from quadrant.planning import services as planning

    manager, manager2 = people["manager"], people["manager2"]
    with pytest.raises(ValidationError) as linked:
        services.create_project(
            title="Falls", aim_what="Fewer falls", org_unit=org.ward_a, actor=manager,
            goals=[surgery.goals[0].pk], driver_nodes=surgery.nodes,
        )  # fmt: skip
    assert linked.value.message_dict == {"goals": [f"No goal with id {surgery.goals[0].pk}"]}
    with pytest.raises(ValidationError) as led:
        services.create_project(
            title="Falls", aim_what="Fewer falls", org_unit=org.ward_a, actor=manager,
            lead=manager2,
        )  # fmt: skip
    assert led.value.message_dict == {"lead": ["No person with username manager2"]}
    project = services.create_project(
        title="Falls", aim_what="Fewer falls", org_unit=org.ward_a, actor=manager
    )
    with pytest.raises(ValidationError, match="No driver diagram node with id"):
        services.update_project(project, {"driver_nodes": surgery.nodes}, actor=manager)
    with pytest.raises(ValidationError, match="No goal with id"):
        planning.update_goal(surgery.ward_a, {"parent": surgery.trauma}, actor=manager)
    with pytest.raises(ValidationError, match="No person with username manager2"):
        planning.update_goal(surgery.ward_a, {"owner": manager2}, actor=manager)
    import datetime as dt

    with pytest.raises(ValidationError, match="No person with username manager2"):
        raise_action(
            title="Check", owner=manager2, org_unit=org.ward_a,
            due_date=dt.date.today() + dt.timedelta(days=3), actor=manager,
        )  # fmt: skip


def test_people_above_ones_unit_may_be_named_as_sponsor(org: Any, people: Any, api_for: Any):
    """The division's coach and the trust's quality lead are named from a ward; manager2 not."""
    response = api_for("manager").post(
        "/api/v1/projects/",
        {"title": "Falls", "aim_what": "Fewer falls", "org_unit": "WARDA",
         "sponsor": people["quality"].pk, "coach": people["coach"].pk},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()


def test_a_refusal_names_only_units_the_reader_may_see(org: Any, people: Any) -> None:
    from django.core.exceptions import PermissionDenied

    from quadrant.core.permissions import Capability, require
    from quadrant.planning.models import Goal

    with pytest.raises(PermissionDenied) as hidden:
        require(people["manager"], Capability.EDIT_GOALS, Goal(org_unit=org.surgery))
    assert "Surgery" not in str(hidden.value)
    assert "edit goals and driver diagrams" in str(hidden.value)
    with pytest.raises(PermissionDenied) as seen:
        require(people["manager"], Capability.EDIT_GOALS, Goal(org_unit=org.medicine))
    assert "at Medicine or a unit above it" in str(seen.value)  # a unit above one's own is named
