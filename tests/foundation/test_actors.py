"""Every write has an explicit actor: a person, a named system actor or an anonymous one.

actor=None is refused by every service (a TypeError saying what to pass); a service accepts
system or anonymous actors only where it says so; the change history names each kind
distinctly from a person.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from quadrant.control.models import Measure
from quadrant.core.actors import AnonymousActor, SystemActor, history_label
from quadrant.core.context import acting_as, current_actor
from quadrant.core.models import HistoryEvent
from quadrant.core.permissions import Capability, check_actor, may, require
from quadrant.core.services import create_object
from quadrant.core.testing.personas import make_person
from quadrant.language import services as language
from quadrant.organisation.choices import GrantRole, Role, UnitKind
from quadrant.organisation.models import Membership
from quadrant.organisation.services import create_org_unit, name_on_object
from quadrant.planning import diagrams
from quadrant.planning import services as planning

pytestmark = pytest.mark.django_db

SCHEDULER = SystemActor("feed scheduler")
FEEDBACK = AnonymousActor("feedback form")


def test_none_is_refused_with_a_clear_error(org, people):
    calls = [
        lambda: require(None, Capability.VIEW, org.ward_a),
        lambda: check_actor(None, Capability.VIEW, allow=("person", "system", "anonymous")),
        lambda: language.set_qms_name("Our QMS", actor=None),
        lambda: planning.create_strategy(
            title="S", org_unit=org.trust, first_year=2025, last_year=2026, actor=None
        ),
        lambda: diagrams.create_driver_diagram(
            title="D", org_unit=org.ward_a, aim="Fewer falls", actor=None
        ),
        lambda: create_org_unit(
            code="NEW", name="New", kind=UnitKind.WARD, parent=org.acute, actor=None
        ),
        lambda: name_on_object(people["staff"], org.ward_a, GrantRole.VIEWER, actor=None),
    ]
    for call in calls:
        with pytest.raises(TypeError, match="actor is None: pass the person"):
            call()
    assert not Membership.objects.filter(org_unit__code="NEW").exists()


def test_a_service_for_people_only_refuses_system_and_anonymous_actors(org):
    for actor in (SCHEDULER, FEEDBACK):
        with pytest.raises(PermissionDenied, match="must be made by a person signed in"):
            language.set_qms_name("Our QMS", actor=actor)
        with pytest.raises(PermissionDenied, match="must be made by a person signed in"):
            require(actor, Capability.VIEW, org.ward_a)
        assert not may(actor, Capability.VIEW, org.ward_a)


def test_a_service_that_accepts_the_system_records_it_by_name(org):
    diagram = diagrams.create_driver_diagram(
        title="Falls", org_unit=org.ward_a, aim="Fewer falls", actor=SCHEDULER
    )
    event = HistoryEvent.objects.filter(object_id=str(diagram.pk), action="create").first()
    assert event is not None
    assert event.actor_id is None
    assert event.actor_name == "system: feed scheduler"
    assert diagram.created_by is None


def test_only_the_system_makes_the_first_unit(db):
    with pytest.raises(PermissionDenied):
        create_org_unit(code="ROOT", name="Root", kind=UnitKind.ORGANISATION, parent=None,
                        actor=FEEDBACK)  # fmt: skip
    root = create_org_unit(
        code="ROOT", name="Root", kind=UnitKind.ORGANISATION, parent=None, actor=SCHEDULER
    )
    assert root.path


def test_anonymous_writes_are_recorded_as_anonymous_not_as_a_person(org, people):
    with acting_as(FEEDBACK):
        assert current_actor() is None  # no person to stamp as created_by
        measure = create_object(
            Measure, {"code": "ANON1", "name": "Anonymous", "org_unit": org.ward_a}, actor=FEEDBACK
        )
    event = HistoryEvent.objects.get(
        object_id=str(measure.pk), action="create", content_type__model="measure"
    )
    assert event.actor_name == "anonymous: feedback form"
    # A person's username can hold neither a space nor a colon: no person is recorded so.
    assert history_label(people["staff"]) == "staff"
    assert " " in history_label(FEEDBACK) and ":" in history_label(SCHEDULER)


def test_a_system_actor_needs_a_name():
    with pytest.raises(ValueError, match="needs a name"):
        SystemActor(" ")


def test_a_division_administrator_does_not_manage_someone_with_a_role_above(org, people):
    """Person's one rule: managing an account needs its home unit and every live role in
    one's subtree (before, may() looked at the home unit only)."""
    admin, divadmin = people["admin"], make_person("surgeryadmin", home_unit=org.surgery)
    Membership.objects.create(person=divadmin, org_unit=org.surgery, role=Role.ADMIN)
    target = people["manager2"]  # home unit Ward B, in Surgery
    assert may(divadmin, Capability.MANAGE_PEOPLE, target)
    Membership.objects.create(person=target, org_unit=org.trust, role=Role.VIEWER)
    assert not may(divadmin, Capability.MANAGE_PEOPLE, target)
    assert may(admin, Capability.MANAGE_PEOPLE, target)
    assert may(divadmin, Capability.VIEW, target)  # still seen: home unit and role in Surgery
