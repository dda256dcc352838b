"""Generic writes shared by every component: versioned update, archive and restore.

Domain services call these so that a stale copy is never saved over a newer one.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, ClassVar, Protocol, TypeVar, cast

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.options import Options
from django.forms.models import model_to_dict
from django.utils import timezone

from quadrant.core.context import acting_as
from quadrant.core.models import QuadrantModel

M = TypeVar("M", bound=QuadrantModel)


class Versioned(Protocol):
    """A record update_object can change: a model with a `version` field (every QuadrantModel,
    and a person, whose model has the field of its own)."""

    _meta: ClassVar[Options[Any]]
    pk: Any
    version: int

    def full_clean(
        self,
        exclude: Collection[str] | None = ...,
        validate_unique: bool = ...,
        validate_constraints: bool = ...,
    ) -> None: ...

    def save(self) -> None: ...


V = TypeVar("V", bound=Versioned)


class StaleEdit(Exception):
    """Someone else saved the record since this copy was read."""

    def __init__(self, current: QuadrantModel) -> None:
        self.current = current
        super().__init__(
            f"{cast(str, current._meta.verbose_name).capitalize()} “{current}” was changed by "
            f"{getattr(current, 'updated_by', None) or 'someone else'} since you opened it "
            f"(now version {current.version}). Nothing was saved."
        )

    def current_data(self) -> dict[str, Any]:
        secrets: frozenset[str] = getattr(self.current, "history_secret_fields", frozenset())
        data = model_to_dict(self.current, exclude=list(secrets))  # never a password hash
        data["id"] = self.current.pk
        data["version"] = self.current.version
        return data


def _claim_version(obj: Versioned, expected_version: int | None) -> None:
    """Bump the stored version only if it is still EXPECTED_VERSION; else raise StaleEdit."""
    expected = obj.version if expected_version is None else expected_version
    manager = obj._meta.base_manager
    claimed = manager.filter(pk=obj.pk, version=expected).update(version=models.F("version") + 1)
    if not claimed:
        raise StaleEdit(manager.get(pk=obj.pk))
    obj.version = expected + 1


def update_object(
    obj: V,
    changes: Mapping[str, Any],
    *,
    actor: Any,
    expected_version: int | None = None,
) -> V:
    """Apply CHANGES to OBJ as ACTOR in one transaction, refusing a stale version."""
    with acting_as(actor), transaction.atomic():
        _claim_version(obj, expected_version)
        for name, value in changes.items():
            setattr(obj, name, value)
        obj.full_clean(validate_unique=True, validate_constraints=True)
        obj.save()
    return obj


def archive_object(obj: M, *, actor: Any, expected_version: int | None = None) -> M:
    """Archive instead of delete: the record stays, hidden from working lists."""
    if obj.archived_at is not None:
        raise ValidationError(f"{obj} is already archived.")
    return update_object(
        obj, {"archived_at": timezone.now()}, actor=actor, expected_version=expected_version
    )


def restore_object(obj: M, *, actor: Any, expected_version: int | None = None) -> M:
    return update_object(obj, {"archived_at": None}, actor=actor, expected_version=expected_version)


def create_object(model: type[M], fields: Mapping[str, Any], *, actor: Any) -> M:
    """Validate and create one record as ACTOR."""
    with acting_as(actor), transaction.atomic():
        obj = model(**fields)
        obj.full_clean()
        obj.save()
    return obj


def record_token_use(token: Any) -> None:
    """Stamp when an API token was last used, as its owner (a stamp: no version is claimed)."""
    with acting_as(token.person):
        type(token).objects.filter(pk=token.pk).update(last_used_at=timezone.now())
