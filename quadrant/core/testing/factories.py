"""Minimal valid instances of any Quadrant model, for tests that walk every model.

`build(model, world)` returns an unsaved instance: from a factory registered for the model
with `@register_factory(Model)`, or else generically from its field types (required foreign
keys are created recursively; units default to Ward A of the fixture organisation).
Components whose models have check constraints or cross-field rules register factories in
`quadrant/<app>/testing/factories.py`, which `autodiscover()` imports.
"""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import uuid
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.db import models
from django.utils import timezone

Factory = Callable[[Any], models.Model]
FACTORIES: dict[type[models.Model], Factory] = {}
_counter = itertools.count(1)

M = TypeVar("M", bound=models.Model)
F = TypeVar("F", bound=Factory)


def register_factory(model: type[models.Model]) -> Callable[[F], F]:
    """Register FUNC(world) → unsaved instance of MODEL (for models the generic builder fails)."""

    def register(func: F) -> F:
        FACTORIES[model] = func
        return func

    return register


def _value(field: models.Field[Any, Any], world: Any) -> Any:
    n = next(_counter)
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.ForeignKey | models.OneToOneField):
        return _related(cast("type[models.Model]", field.related_model), world)
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.EmailField):
        return f"person{n}@example.nhs.uk"
    if isinstance(field, models.URLField):
        return f"https://example.nhs.uk/{n}"
    if isinstance(field, models.CharField | models.TextField | models.SlugField):
        return f"T{n}"[: field.max_length or 100]
    if isinstance(field, models.DecimalField):
        return decimal.Decimal(n % 10)
    if isinstance(field, models.IntegerField | models.FloatField):
        return n % 30 + 1
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return dt.date(2024, 1, 1) + dt.timedelta(days=n % 300)
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.JSONField):
        return {"value": n}
    if isinstance(field, models.FileField):
        from django.core.files.base import ContentFile

        return ContentFile(b"a,b\n1,2\n", name=f"file{n}.csv")
    raise TypeError(
        f"Cannot build a value for {field.model.__name__}.{field.name} ({type(field).__name__}):"
        " register a factory for it in your tests with @register_factory."
    )


def _related(model: type[models.Model], world: Any) -> models.Model:
    from quadrant.organisation.models import OrgUnit, Person

    if model is OrgUnit:
        return cast(models.Model, world.org.ward_a)
    if model is Person:  # a new person each time, so unique (person, ...) pairs hold
        person = build(Person, world)
        person.save()
        return person
    instance = build(model, world)
    instance.save()
    return instance


def build(model: type[M], world: Any) -> M:
    """An unsaved, valid instance of MODEL with fresh unique values."""
    if model in FACTORIES:
        return cast(M, FACTORIES[model](world))  # registered for MODEL: an instance of it
    values: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.primary_key and field.is_relation:  # a one-to-one extension of another row
            values[field.name] = _related(cast("type[models.Model]", field.related_model), world)
            continue
        if field.primary_key or (not field.editable and not field.is_relation):
            continue
        if field.has_default() or field.null or getattr(field, "auto_now", False):
            continue
        if field.blank and not field.is_relation:
            continue
        if getattr(field, "auto_now_add", False):
            continue
        values[field.name] = _value(field, world)
    return model(**values)


def changeable_field(model: type[models.Model]) -> models.Field[Any, Any] | None:
    """A tracked, editable text, number or boolean field to change in an update test."""
    ignored: frozenset[str] = getattr(model, "history_ignored_fields", frozenset())
    secrets: frozenset[str] = getattr(model, "history_secret_fields", frozenset())
    for field in model._meta.concrete_fields:
        if field.primary_key or field.is_relation or not field.editable or field.choices:
            continue
        if field.name in ignored or field.name in secrets or field.unique:
            continue
        if isinstance(
            field, models.CharField | models.TextField | models.IntegerField | models.BooleanField
        ) and not isinstance(field, models.EmailField):
            return field
    return None


def changed_value(field: models.Field[Any, Any], old: Any) -> Any:
    if isinstance(field, models.BooleanField):
        return not old
    if isinstance(field, models.IntegerField):
        return (old or 0) + 1
    return (f"{old}x" if old else "changed")[: field.max_length or 100]


def register_foundation_factories() -> None:
    """Factories for foundation models whose validity the generic builder cannot guess."""
    from django.contrib.contenttypes.models import ContentType

    from quadrant.core.models import ApiToken, Job
    from quadrant.organisation.models import ObjectGrant, OrgUnit, Person

    @register_factory(OrgUnit)
    def _unit(world: Any) -> OrgUnit:
        n = next(_counter)
        return OrgUnit(code=f"U{n}", name=f"Unit {n}", kind="team", parent=world.org.ward_a)

    @register_factory(Person)
    def _person(world: Any) -> Person:
        n = next(_counter)
        return Person(username=f"person{n}", email=f"person{n}@example.nhs.uk")

    @register_factory(ObjectGrant)
    def _grant(world: Any) -> ObjectGrant:
        job = Job.objects.create(kind="test", title="Target", org_unit=world.org.ward_a)
        return ObjectGrant(
            person=world.people["partner"],
            content_type=ContentType.objects.get_for_model(Job),
            object_id=job.pk,
            role="viewer",
        )

    @register_factory(ApiToken)
    def _token(world: Any) -> ApiToken:
        n = next(_counter)
        return ApiToken(
            person=world.people["staff"],
            key_hash=f"{n:064d}",
            prefix="abcdefgh",
            expires_at=timezone.now() + dt.timedelta(days=1),
        )


def autodiscover() -> None:
    """Import each Quadrant app's `<app>.testing.factories`, where components register theirs."""
    import importlib
    import importlib.util

    from django.apps import apps

    for config in apps.get_app_configs():
        name = f"{config.name}.testing.factories"
        if config.name.startswith("quadrant.") and config.name != "quadrant.core":
            try:
                found = importlib.util.find_spec(name) is not None
            except ModuleNotFoundError:
                found = False
            if found:
                importlib.import_module(name)


register_foundation_factories()
autodiscover()
