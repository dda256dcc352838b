"""restrict() has two ways to the same answer: with subqueries (a user whose roles are not read
yet: jobs, the API's token users) and, inside a request, from the roles and grants already read
(path prefixes and id lists). For every Quadrant model, persona and action they must agree."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldError

from quadrant.core.permissions import Capability, forget_roles, held_roles, restrict, rule_of
from quadrant.core.testing.factories import build
from quadrant.core.testing.targets import World
from quadrant.organisation.choices import GrantRole, Role
from quadrant.organisation.models import Membership, ObjectGrant

pytestmark = pytest.mark.django_db

LOGS = {"core.HistoryEvent", "core.HistoryChainHead", "core.SecurityEvent",
        "accounts.LoginThrottle", "actions.DigestDelivery", "control.MeasureStatus"}  # fmt: skip


def _scoped(model) -> bool:
    """Models restrict() applies to: a rule of their own, or a unit reached by
    `unit_field` (org_unit unless the model names another, None for unit-less models)."""
    if rule_of(model) is not None:
        return True
    unit_field = getattr(model, "unit_field", "org_unit")
    if unit_field is None:
        return True
    try:
        model._default_manager.filter(**{f"{unit_field}__path": ""}).query  # noqa: B018
    except FieldError:
        return False
    return True


# OrgUnit itself is compared on proper trees in test_permission_queries.py (the factory here
# builds units outside the tree, with no path).
MODELS = sorted(
    (
        m
        for m in apps.get_models()
        if m.__module__.startswith("quadrant.")
        and m._meta.label not in LOGS | {"organisation.OrgUnit"}
        and _scoped(m)
    ),
    key=lambda m: m._meta.label,
)
ACTIONS = [Capability.VIEW, Capability.ENTER_DATA, Capability.RUN_PROJECTS, Capability.EDIT_GOALS,
           Capability.MANAGE_PEOPLE, Capability.APPROVE_DOCUMENTS]  # fmt: skip


def _answer(model, user, action) -> set[int]:
    return set(restrict(model._default_manager.all(), user, action).values_list("pk", flat=True))


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_cold_and_warm_permission_paths_agree(model, org, people):
    world = World(org, people)
    made = []
    for _ in range(3):
        obj = build(model, world)
        obj.save()
        made.append(obj)
    content_type = ContentType.objects.get_for_model(model)
    for role, person in ((GrantRole.VIEWER, "staff"), (GrantRole.LEAD, "manager2")):
        ObjectGrant.objects.create(
            person=people[person], content_type=content_type, object_id=made[0].pk, role=role
        )
    Membership.objects.create(person=people["staff"], org_unit=org.ward_b, role=Role.PARTNER)
    for name, person in people.items():
        for action in ACTIONS:
            forget_roles(person)
            cold = _answer(model, person, action)
            held_roles(person)
            warm = _answer(model, person, action)
            assert warm == cold, f"{model._meta.label}, {name}, {action}"
