"""The change history: every write records who, when, what and old → new, in the same transaction.

Model saves and queryset writes call into this module (see quadrant.core.models); services
never have to remember to record. Rows are chained by a keyed hash (quadrant.core.integrity.chain)
so that tampering is detectable. Fields a model names in `history_secret_fields` (password
hashes, token digests, TOTP secrets) are never written: every write path goes through
field_change(), which puts a placeholder in their place.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.db import models, transaction
from django.utils import timezone

from quadrant.core.context import current_actor, current_actor_label, current_request_id
from quadrant.core.integrity.chain import GENESIS_HASH, event_hash, verify_chain  # noqa: F401 - verify_chain is imported from here by callers

if TYPE_CHECKING:
    from quadrant.core.logs import HistoryEvent

REDACTED = "[redacted]"
CHANGED_SECRET = "[changed]"  # noqa: S105 - a placeholder shown instead of a secret
BULK_ROWS_KEPT = 100_000  # old → new rows kept in one bulk event; beyond this, counts only


def to_history_value(value: Any) -> Any:
    """A JSON-native, stable representation of a field value."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if value == value else "NaN"  # NaN is not valid JSON
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [to_history_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_history_value(item) for key, item in value.items()}
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or None
    return str(value)


@functools.cache
def tracked_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    ignored: frozenset[str] = getattr(model, "history_ignored_fields", frozenset())
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in ignored and f.attname not in ignored and not f.primary_key
    ]


def snapshot(instance: models.Model) -> dict[str, Any]:
    """Tracked field values of INSTANCE, keyed by attname (org_unit_id, not org_unit)."""
    return {f.attname: f.value_from_object(instance) for f in tracked_fields(type(instance))}


@functools.cache
def secret_fields(model: type[models.Model]) -> frozenset[str]:
    """The secret fields of MODEL, by name and by attname (password, key_hash, secret)."""
    names: frozenset[str] = frozenset(getattr(model, "history_secret_fields", frozenset()))
    by_name = {f.name: f.attname for f in model._meta.concrete_fields}
    return names | {by_name[name] for name in names if name in by_name}


def field_change(model: type[models.Model], name: str, old: Any, new: Any) -> list[Any]:
    """The recorded [old, new] of one field: a placeholder, never the value, for a secret."""
    if name in secret_fields(model):
        return [
            None if old in (None, "") else CHANGED_SECRET,
            None if new in (None, "") else CHANGED_SECRET,
        ]
    return [to_history_value(old), to_history_value(new)]


def scrub_secrets(model: type[models.Model], changes: Any) -> Any:
    """CHANGES as recorded before secrets were kept out of every path, with each secret field
    (top level, and in the rows of a bulk event) put back to its placeholder."""
    secrets = secret_fields(model)
    if not secrets or not isinstance(changes, dict):
        return changes
    cleaned: dict[str, Any] = {}
    for key, value in changes.items():
        if key in secrets and isinstance(value, list) and len(value) == 2:
            cleaned[key] = field_change(model, key, *value)
        elif key in {"rows", "created_rows"} and isinstance(value, list):
            cleaned[key] = [
                {**row, "changes": scrub_secrets(model, row["changes"])}
                if isinstance(row, dict) and "changes" in row
                else row
                for row in value
            ]
        else:
            cleaned[key] = value
    return cleaned


def diff(
    model: type[models.Model], old: dict[str, Any], new: dict[str, Any]
) -> dict[str, list[Any]]:
    """Field-level old → new changes between two snapshots."""
    return {
        name: field_change(model, name, old.get(name), new_value)
        for name, new_value in new.items()
        if old.get(name) != new_value
    }


def creation_changes(model: type[models.Model], new: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        name: field_change(model, name, None, value)
        for name, value in new.items()
        if value not in (None, "")
    }


def deletion_changes(model: type[models.Model], old: dict[str, Any]) -> dict[str, list[Any]]:
    return {name: field_change(model, name, value, None) for name, value in old.items()}


def unit_id_of(instance: models.Model) -> int | None:
    """The org unit an object belongs to, for scoping the change history."""
    resolver = getattr(instance, "history_unit_id", None)
    if callable(resolver):
        return cast("int | None", resolver())
    return None


# ---------------------------------------------------------------- grouping of bulk loads


@dataclass
class _Group:
    summary: str
    details: dict[str, Any]
    model: type[models.Model] | None
    unit_id: int | None
    counts: dict[str, int] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)
    created_rows: list[dict[str, Any]] = field(default_factory=list)


_group: ContextVar[_Group | None] = ContextVar("quadrant_history_group", default=None)


@contextmanager
def grouped(
    summary: str,
    *,
    model: type[models.Model] | None = None,
    unit_id: int | None = None,
    **details: Any,
) -> Iterator[_Group]:
    """Record every write in the block as ONE history event (an import, a bulk load).

    The event keeps the counts and the old → new values of changed rows, so that auditing does
    not cost a large import its speed. The block runs in one transaction.
    """
    group = _Group(summary=summary, details=details, model=model, unit_id=unit_id)
    token = _group.set(group)
    reset = False
    try:
        with transaction.atomic():
            yield group
            _group.reset(token)
            reset = True
            changes: dict[str, Any] = {"counts": group.counts, **to_history_value(group.details)}
            if group.rows:
                changes["rows"] = group.rows[:BULK_ROWS_KEPT]
                changes["rows_truncated"] = len(group.rows) > BULK_ROWS_KEPT
            if group.created_rows:
                changes["created_rows"] = group.created_rows[:BULK_ROWS_KEPT]
                changes["created_rows_truncated"] = len(group.created_rows) > BULK_ROWS_KEPT
            write_event(
                action="bulk",
                model=group.model,
                object_id="",
                object_repr=summary[:200],
                changes=changes,
                unit_id=group.unit_id,
                summary=summary,
                normalised=True,  # the details above; the rows were made by field_change()
            )
    finally:
        if not reset:
            _group.reset(token)


def _note_bulk(
    model: type[models.Model], action: str, count: int, rows: Iterable[dict[str, Any]] = ()
) -> bool:
    """Add to the open group, if any. Returns False when the caller must write its own event."""
    group = _group.get()
    if group is None:
        return False
    key = f"{model._meta.label_lower}.{action}"
    group.counts[key] = group.counts.get(key, 0) + count
    kept = {"update": group.rows, "insert": group.created_rows, "create": group.created_rows}
    target = kept.get(action)
    if target is not None and len(target) <= BULK_ROWS_KEPT:  # one past: marks the truncation
        label = model._meta.label_lower
        target.extend({"model": label, **row} if action != "update" else row for row in rows)
    return True


# ---------------------------------------------------------------- writing events


def write_event(
    *,
    action: str,
    model: type[models.Model] | None,
    object_id: str,
    object_repr: str,
    changes: dict[str, Any],
    unit_id: int | None = None,
    summary: str = "",
    normalised: bool = False,
) -> HistoryEvent:
    """Append one history row, chained to the previous one, inside the caller's transaction.

    NORMALISED: CHANGES is already made of to_history_value() values (the rows of a bulk
    write), so the second walk over a large event is skipped."""
    from django.contrib.contenttypes.models import ContentType

    from quadrant.core.logs import HistoryChainHead, HistoryEvent

    actor = current_actor()
    with transaction.atomic():
        head = HistoryChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = HistoryChainHead.objects.create(pk=1, last_hash=GENESIS_HASH, length=0)
        event = HistoryEvent(
            at=timezone.now(),
            actor=actor,
            actor_name=current_actor_label(),  # a person, "system: <name>" or "anonymous: …"
            request_id=current_request_id(),
            action=action,
            content_type=ContentType.objects.get_for_model(model) if model else None,
            object_id=object_id,
            object_repr=object_repr[:200],
            org_unit_id=unit_id,
            changes=changes if normalised else to_history_value(changes),
            summary=summary[:500],
            prev_hash=head.last_hash,
        )
        event.hash = event_hash(head.last_hash, event)
        event.save()
        HistoryChainHead.objects.filter(pk=1).update(
            last_hash=event.hash, length=models.F("length") + 1
        )
    return event


def record_instance(instance: models.Model, action: str, changes: dict[str, Any]) -> None:
    model = type(instance)
    if _note_bulk(model, action if action != "create" else "insert", 1, _row(instance, changes)):
        return
    write_event(
        action=action,
        model=model,
        object_id=str(instance.pk),
        object_repr=str(instance),
        changes=changes,
        unit_id=unit_id_of(instance),
    )


def _row(instance: models.Model, changes: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"id": to_history_value(instance.pk), "changes": changes}]


def record_bulk(
    model: type[models.Model],
    action: str,
    count: int,
    rows: list[dict[str, Any]],
    *,
    unit_id: int | None = None,
) -> None:
    """One event for a queryset-level write (bulk create, update or delete); ROWS hold
    to_history_value() values only (field_change() makes them)."""
    if count == 0:
        return
    if _note_bulk(model, action, count, rows):
        return
    changes: dict[str, Any] = {"count": count}
    if rows:
        changes["rows"] = rows[:BULK_ROWS_KEPT]
        changes["rows_truncated"] = len(rows) > BULK_ROWS_KEPT
    write_event(
        action=f"bulk_{action}",
        model=model,
        object_id=str(rows[0]["id"]) if count == 1 and rows else "",
        object_repr=f"{count} {model._meta.verbose_name_plural}",
        changes=changes,
        unit_id=unit_id,
        summary=f"{action} of {count} {model._meta.verbose_name_plural}",
        normalised=True,  # rows come from the audited querysets, made by field_change()
    )
