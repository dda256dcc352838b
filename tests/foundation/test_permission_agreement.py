"""One rule per model: the object check, the list, the API and the page agree.

For every scoped Quadrant model (test_permission_paths.MODELS: each registered model with a
rule), every persona and every action, `may(user, action, obj)` is true exactly when OBJ is
in `restrict(Model.objects..., user, action)` (NetBox's way: the object check is derived from
the queryset rule). Objects are built at Ward A, at Ward B and at the trust, with object
grants and a persona as owner, submitter or uploader, so each rule's every branch is walked.
Where the model has an API detail, it answers 200 exactly when may(view); where it has a
detail page, so does the page (or, for a page where one changes the object, when one may).
"""

from __future__ import annotations

import dataclasses

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.test import Client
from rest_framework.test import APIClient

from quadrant.api_urls import router
from quadrant.core import registry
from quadrant.core.permissions import (
    Capability,
    forget_roles,
    held_roles,
    may,
    may_at,
    restrict,
    unit_of,
    units_where,
)
from quadrant.core.testing.factories import build
from quadrant.core.testing.targets import World
from quadrant.organisation.choices import GrantRole, Role
from quadrant.organisation.models import Membership, ObjectGrant, OrgUnit, Person
from tests.foundation.test_permission_paths import MODELS

pytestmark = pytest.mark.django_db

PLACES = ("ward_a", "ward_b", "trust")
# Person fields that make someone the object's owner, submitter or uploader.
PERSONAL = ("owner", "submitter", "created_by", "person", "lead")

# An API narrower than the model's rule, on purpose: each says why.
NARROWER_API = {
    "core.Job": "the jobs list is one's own queue: only the jobs one started",
}


def _objects(model: type[models.Model], world: World) -> list[models.Model]:
    """One object of MODEL at each of PLACES (the factory builds at "ward_a"), the Ward B one
    owned, submitted or uploaded by `staff`, and grants on the Ward A one."""
    made = []
    for place in PLACES:
        local = World(
            dataclasses.replace(world.org, ward_a=getattr(world.org, place)), world.people
        )
        obj = build(model, local)
        if place == "ward_b":
            for name in PERSONAL:
                field = _field(model, name)
                if field is not None and field.related_model is Person and not field.unique:
                    setattr(obj, name, world.people["staff"])
        obj.save()
        made.append(obj)
    content_type = ContentType.objects.get_for_model(model)
    for role, person in ((GrantRole.VIEWER, "staff"), (GrantRole.LEAD, "manager2")):
        ObjectGrant.objects.create(
            person=world.people[person], content_type=content_type, object_id=made[0].pk, role=role
        )
    return made


def _field(model: type[models.Model], name: str) -> models.Field | None:
    try:
        return model._meta.get_field(name)  # type: ignore[return-value]
    except FieldDoesNotExist:
        return None


def _fresh(person: Person) -> Person:
    forget_roles(person)
    return person


def test_every_searchable_model_is_walked():
    walked = {m._meta.label for m in MODELS} | {"organisation.OrgUnit"}
    for provider in registry.search_providers:
        assert provider.model._meta.label in walked, provider.label


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_may_is_the_restricted_queryset(model, org, people):
    world = World(org, people)
    made = _objects(model, world)
    pks = [obj.pk for obj in made]
    for name, person in people.items():
        for action in Capability:
            objects = [type(obj)._default_manager.get(pk=obj.pk) for obj in made]
            user = _fresh(person)
            by_may = {obj.pk for obj in objects if may(user, action, obj)}
            listed = restrict(model._default_manager.filter(pk__in=pks), user, action)
            by_query = set(listed.values_list("pk", flat=True))
            assert by_may == by_query, f"{model._meta.label}, {name}, {action}"
            unit = unit_of(objects[0])
            if getattr(model, "unit_field", "org_unit") and unit is not None:
                copy = model._default_manager.get(pk=pks[0])
                copy.pk = None  # "may I create this here": checked against its unit
                assert may(user, action, copy) == may_at(user, action, unit)


def test_units_by_may_and_by_query_agree_warm_and_cold(org, people):
    """OrgUnit's rule answered in Python (may, may_at) against its queryset and units_where,
    with the roles read (warm) and not (cold), for every unit, persona and action."""
    Membership.objects.create(person=people["staff"], org_unit=org.ward_b, role=Role.PARTNER)
    units = list(OrgUnit.objects.all())
    for name, person in people.items():
        for action in Capability:
            forget_roles(person)
            visible = set(
                restrict(OrgUnit.objects.all(), person, action).values_list("pk", flat=True)
            )
            records = set(units_where(person, action).values_list("pk", flat=True))
            held_roles(person)
            assert visible == set(
                restrict(OrgUnit.objects.all(), person, action).values_list("pk", flat=True)
            )
            assert {u.pk for u in units if may(person, action, u)} == visible, (name, action)
            assert {u.pk for u in units if may_at(person, action, u)} == records, (name, action)


def _api_routes() -> list[tuple[str, type, str]]:
    routes = []
    for prefix, viewset, _ in router.registry:
        model = getattr(viewset, "model", None) or getattr(
            getattr(viewset, "queryset", None), "model", None
        )
        if model is not None and model in MODELS:
            routes.append((prefix, model, getattr(viewset, "lookup_field", "pk")))
    return routes


@pytest.mark.parametrize(
    ("prefix", "model", "lookup"), _api_routes(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_api_detail_answers_exactly_when_may_view(prefix, model, lookup, org, people):
    made = _objects(model, World(org, people))
    narrower = model._meta.label in NARROWER_API
    for name, person in people.items():
        client = APIClient()
        client.force_authenticate(person)
        for obj in made:
            url = f"/api/v1/{prefix}/{getattr(obj, lookup)}/"
            status = client.get(url).status_code
            allowed = may(_fresh(person), Capability.VIEW, obj)
            assert status in (200, 404), f"{name} GET {url}: {status}"
            if narrower:
                assert not (status == 200 and not allowed), f"{name} GET {url}"
            else:
                assert (status == 200) == allowed, f"{name} GET {url}: {status}, may {allowed}"


PAGED = [m for m in MODELS if hasattr(m, "get_absolute_url")]
# Pages that are where one changes the object, not where one reads it: 200 exactly when one
# may do that.
PAGE_ACTION = {
    "organisation.Person": Capability.MANAGE_PEOPLE,
    "language.QualityDomainSet": Capability.SHARED_LANGUAGE,
    "language.QualityDomain": Capability.SHARED_LANGUAGE,
    "language.GuidingQuestion": Capability.SHARED_LANGUAGE,
}


@pytest.mark.parametrize("model", PAGED, ids=lambda m: m._meta.label)
def test_detail_page_answers_exactly_when_may_view(model, org, people):
    made = _objects(model, World(org, people))
    action = PAGE_ACTION.get(model._meta.label, Capability.VIEW)
    for name, person in people.items():
        client = Client()
        client.force_login(person)
        for obj in made:
            url = obj.get_absolute_url()
            status = client.get(url).status_code
            allowed = may(_fresh(person), action, obj)
            assert status in (200, 403, 404), f"{name} GET {url}: {status}"
            assert (status == 200) == allowed, f"{name} GET {url}: {status}, may {allowed}"


def test_units_page_answers_exactly_when_may_view(org, people):
    for name, person in people.items():
        client = Client()
        client.force_login(person)
        for unit in OrgUnit.objects.all():
            status = client.get(unit.get_absolute_url()).status_code
            assert (status == 200) == may(_fresh(person), Capability.VIEW, unit), (name, unit.code)
