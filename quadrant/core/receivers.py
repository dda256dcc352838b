"""Many-to-many changes are audited too (add, remove and clear of linked objects)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from quadrant.core import history
from quadrant.core.models import RecordedModel

_PENDING_CLEAR = "_audit_pending_clear"  # instance attribute: through model → ids to be removed


def _relation(sender: Any, instance: Any, model: Any, reverse: bool) -> tuple[str, str, str]:
    """(name recorded, through column of INSTANCE, through column of the other side)."""
    owner = model if reverse else type(instance)
    field = next((f for f in owner._meta.many_to_many if f.remote_field.through is sender), None)
    if field is None:  # an m2m declared elsewhere (a GenericRelation, a custom through)
        return sender._meta.model_name, "", ""
    source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    if reverse:
        return sender._meta.model_name, target, source
    return field.name, source, target


def _linked_ids(sender: Any, instance: Any, model: Any, reverse: bool) -> list[Any]:
    """The ids linked to INSTANCE now: the ones a clear() is about to remove."""
    _, own, other = _relation(sender, instance, model, reverse)
    if not own:
        return []
    return list(sender._base_manager.filter(**{own: instance.pk}).values_list(other, flat=True))


@receiver(m2m_changed)
def record_m2m_change(
    sender: Any, instance: Any, action: str, reverse: bool, model: Any, pk_set: Any, **kwargs: Any
) -> None:
    if not isinstance(instance, RecordedModel):
        return
    if action == "pre_clear":  # post_clear no longer knows what was linked
        pending = instance.__dict__.setdefault(_PENDING_CLEAR, {})
        pending[sender] = _linked_ids(sender, instance, model, reverse)
        return
    if action == "post_clear":
        pk_set = instance.__dict__.get(_PENDING_CLEAR, {}).pop(sender, [])
        if not pk_set:
            return
    elif action not in {"post_add", "post_remove"}:
        return
    field_name = _relation(sender, instance, model, reverse)[0]
    key = "added" if action == "post_add" else "removed"
    history.record_instance(
        instance,
        "update",
        {field_name: {key: sorted(history.to_history_value(list(pk_set or [])))}},
    )
