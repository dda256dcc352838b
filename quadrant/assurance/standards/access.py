"""Who may read and change frameworks and standards.

They are not sensitive: everyone signed in reads them. Changing them (loading a framework,
mapping, recording evidence) needs "manage frameworks and standards" (quality leads and
administrators) held at the top of the organisation, because a framework is the whole trust's.
Evidence that points at another record is seen only by people who may see that record.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from quadrant.core.permissions import Capability, may_at_top, require_at_top, restrict

MANAGE = Capability.MANAGE_STANDARDS


def manages_standards(user: Any) -> bool:
    """Does USER hold a role granting "manage frameworks and standards" at the top unit?"""
    return may_at_top(user, MANAGE)


def require_manager(actor: Any) -> None:
    """Refuse unless ACTOR may change frameworks (a system actor — a loader — may)."""
    require_at_top(actor, MANAGE)


def open_to_readers(queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
    """The rule of frameworks, groups, standards and mappings: everyone signed in reads;
    managers of standards change."""
    if action == Capability.VIEW or (action == MANAGE and manages_standards(user)):
        return queryset
    return queryset.none()


def evidence_rule(queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
    """A titled reference is read by everyone signed in; evidence pointing at a record only by
    those who may see the record (so a hidden record is never hinted at)."""
    readable = open_to_readers(queryset, user, action)
    if not readable.query.is_empty():
        readable = readable.filter(_visible_links(queryset.model, user))
    return readable


def _visible_links(model: Any, user: Any) -> Q:
    condition = Q(linked_type__isnull=True)
    kinds = (
        model._default_manager.filter(linked_type__isnull=False)
        .order_by()
        .values_list("linked_type", flat=True)
        .distinct()
    )
    for type_id in kinds:
        linked_model = ContentType.objects.get_for_id(type_id).model_class()
        if linked_model is None:
            continue
        visible = restrict(linked_model._default_manager.all(), user, Capability.VIEW)
        condition |= Q(linked_type_id=type_id, linked_id__in=visible.values("pk"))
    return condition
