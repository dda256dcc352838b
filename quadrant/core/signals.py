"""Many-to-many changes are audited too (add/remove of linked objects)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from quadrant.core import audit
from quadrant.core.models import AuditedModel


@receiver(m2m_changed)
def audit_m2m_change(
    sender: Any, instance: Any, action: str, reverse: bool, model: Any, pk_set: Any, **kwargs: Any
) -> None:
    if not isinstance(instance, AuditedModel) or action not in {"post_add", "post_remove"}:
        return
    if action == "post_clear":
        return
    field_name = next(
        (f.name for f in type(instance)._meta.many_to_many if f.remote_field.through is sender),
        sender._meta.model_name,
    )
    key = "added" if action == "post_add" else "removed"
    audit.record_instance(
        instance, "update", {field_name: {key: sorted(audit.to_audit_value(list(pk_set or [])))}}
    )
