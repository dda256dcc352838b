"""References a person sets on an object (a goal's parent, a project's goals, an action's owner):
which objects they may name, and one refusal for "it does not exist" and "it is not yours".

An object may be named when the person may see it (restrict(…, "view")); a model can register
its own rule (people: see organisation/registrations.py). Whether the link may be made at all
(running the project, editing the goal) stays with the service's own permission check.
Forms, API fields and services all read these, so the three refuse the same ids the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from quadrant.core.permissions import Capability, restrict

Scope = Callable[[models.QuerySet[Any], Any], models.QuerySet[Any]]


@dataclass(frozen=True)
class ReferenceRule:
    scope: Scope | None = None  # None: the objects the person may see
    key: str = "pk"  # the field a refusal names the object by ("username", "code")
    noun: str = ""  # the word for the object in a refusal ("unit"); default: verbose name


_RULES: dict[type[models.Model], ReferenceRule] = {}


def register_reference_rule(model: type[models.Model], rule: ReferenceRule) -> None:
    """Say which objects of MODEL a person may name, and how a refusal names them."""
    _RULES[model] = rule


def rule_for(model: type[models.Model]) -> ReferenceRule:
    return _RULES.get(model, ReferenceRule())


def referable(queryset: models.QuerySet[Any], user: Any) -> models.QuerySet[Any]:
    """The objects of QUERYSET that USER may name in a reference (none for nobody)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return queryset.none()
    scope = rule_for(queryset.model).scope
    return scope(queryset, user) if scope is not None else restrict(queryset, user, Capability.VIEW)


def noun_for(model: type[models.Model]) -> str:
    return rule_for(model).noun or str(model._meta.verbose_name)


def no_such(model: type[models.Model], value: Any, key: str | None = None) -> str:
    """The one refusal for a missing object and one the person may not name: "No goal with id
    123" (the same words whether or not it exists)."""
    key = key or rule_for(model).key
    label = "id" if key in ("pk", "id") else key.replace("_", " ")
    return f"No {noun_for(model)} with {label} {str(value)[:60]}"


def _is_checked(actor: Any) -> bool:
    """A system actor (core/actors.py; None before it) sets references of its own making: the
    service's own actor check decides whether it may write at all."""
    is_system = getattr(actor, "kind", None) == "system" and not actor.is_authenticated
    return actor is not None and not is_system


def check_references(
    actor: Any, references: Mapping[str, Any], model: type[models.Model] | None = None
) -> None:
    """Refuse, naming the field, any object in REFERENCES (field → object, list of objects or
    None) that ACTOR may not name; MODEL when the values are ids rather than objects."""
    if not _is_checked(actor):
        return
    errors: dict[str, list[str]] = {}
    for field, value in references.items():
        problem = _first_unnamable(actor, value, model)
        if problem is not None:
            errors[field] = [problem]
    if errors:
        raise ValidationError(errors)


def _first_unnamable(actor: Any, value: Any, model: type[models.Model] | None) -> str | None:
    if value is None:
        return None
    items = list(value) if isinstance(value, Iterable) and not isinstance(value, str) else [value]
    if not items:
        return None
    objects = [item for item in items if isinstance(item, models.Model)]
    target = type(objects[0]) if objects else model
    if target is None:
        raise TypeError("check_references needs MODEL to check ids")
    try:
        ids = [
            item.pk if isinstance(item, models.Model) else target._meta.pk.to_python(item)
            for item in items
        ]
        allowed = set(
            referable(target._default_manager.filter(pk__in=ids), actor).values_list(
                "pk", flat=True
            )
        )
    except (TypeError, ValueError, OverflowError, ValidationError):
        return no_such(target, items[0])
    key = rule_for(target).key
    for item, pk in zip(items, ids, strict=True):
        if pk not in allowed:
            shown = getattr(item, key, pk) if isinstance(item, models.Model) else pk
            return no_such(target, shown)
    return None
