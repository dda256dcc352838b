"""Who may read, change, review and approve controlled documents.

- Staff (anyone with a role that reads records) read the signed versions — approved, and
  superseded ones with a banner — of the documents of their units, of the units below, and of
  the units above their own (a trust-wide policy applies on every ward); never a draft.
- Patient partners read only the signed versions of documents marked public (which everyone
  holding a role, anywhere, reads too).
- A document and its drafts are changed by its owner, its author and the quality team
  (quality leads at its unit or above); they also read every version of it.
- A reviewer named on a version, and its named approver, read that version (and the
  document). Approval also needs "approve documents" (quality leads, executives) at the
  document's unit or above, and a password entered again (services.approval).
Anything else answers exactly as a document that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from quadrant.assurance.documents.choices import PUBLISHED
from quadrant.core.permissions import (
    Capability,
    has_role_anywhere,
    held_role_subtrees,
    held_roles,
    may_at,
    units_above,
    units_condition,
)
from quadrant.organisation.choices import Role

APPROVE = Capability.APPROVE_DOCUMENTS
EDIT = "edit_documents"  # not a role's capability: owner, author or the quality team
QUALITY_TEAM = (Role.QUALITY_LEAD,)
NOT_EDITOR = (
    "You may not change this document: only its owner, its author and the quality team "
    "(quality leads at its unit or above) may."
)


def _model(name: str) -> Any:
    """One of the documents' models (models.py imports this module for its rules)."""
    return apps.get_model("assurance", name)


def _nothing() -> Q:
    return Q(pk__in=[])


def quality_team_condition(user: Any, prefix: str = "") -> Q:
    """Records whose unit (reached by PREFIX) lies where USER is a quality lead."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return _nothing()
    held_roles(user)  # read once, so that the condition is a plain path test
    return held_role_subtrees(user, QUALITY_TEAM, f"{prefix}org_unit__") or _nothing()


def editors_condition(user: Any, prefix: str = "") -> Q:
    """Documents (reached by PREFIX, "document__" from a version) USER may change."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return _nothing()
    return (
        Q(**{f"{prefix}owner": user})
        | Q(**{f"{prefix}author": user})
        | quality_team_condition(user, prefix)
    )


def readers_condition(user: Any, prefix: str = "") -> Q:
    """Documents whose signed versions USER reads as staff, or as a partner (public ones)."""
    condition = _nothing()
    if has_role_anywhere(user, Capability.VIEW):
        condition |= units_condition(user, Capability.VIEW, f"{prefix}org_unit")
        condition |= Q(**{f"{prefix}org_unit__in": units_above(user)})
    if held_roles(user):
        condition |= Q(**{f"{prefix}public": True})
    return condition


def _named_on(user: Any, version_model: Any, link: str) -> Q:
    """Versions (or documents, LINK naming the way to them) USER is a reviewer or approver of."""
    DocumentReview = _model("DocumentReview")

    reviews = DocumentReview.objects.filter(reviewer=user, archived_at__isnull=True)
    named = version_model.objects.filter(
        Q(approver=user) | Exists(reviews.filter(document_version=OuterRef("pk")))
    )
    return Q(Exists(named.filter(**{link: OuterRef("pk")})))


def documents_rule(queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
    """The documents USER may do ACTION on (see the module's text)."""
    DocumentVersion = _model("DocumentVersion")

    if action == EDIT:
        return queryset.filter(editors_condition(user))
    if action == APPROVE:
        return queryset.filter(units_condition(user, APPROVE, "org_unit"))
    if action != Capability.VIEW:
        return queryset.filter(units_condition(user, action, "org_unit"))
    signed = DocumentVersion.objects.filter(
        document=OuterRef("pk"), status__in=PUBLISHED, archived_at__isnull=True
    )
    condition = (
        editors_condition(user)
        | _named_on(user, DocumentVersion, "document")
        | (Q(Exists(signed)) & readers_condition(user))
    )
    return queryset.filter(condition)


def versions_rule(queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
    """Versions follow their document; drafts (and archived versions) are read only by the
    document's editors and by the people named on them."""
    Document, DocumentReview = _model("Document"), _model("DocumentReview")

    if action != Capability.VIEW:
        documents = documents_rule(Document.objects.all(), user, action)
        return queryset.filter(document__in=documents.values("pk"))
    reviews = DocumentReview.objects.filter(
        reviewer=user, document_version=OuterRef("pk"), archived_at__isnull=True
    )
    condition = (
        editors_condition(user, "document__")
        | Q(approver=user)
        | Q(Exists(reviews))
        | (Q(status__in=PUBLISHED) & readers_condition(user, "document__"))
    )
    return queryset.filter(condition)


def of_version_rule(queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
    """Reviews and acknowledgements are read as their version is."""
    DocumentVersion = _model("DocumentVersion")

    versions = versions_rule(DocumentVersion.objects.all(), user, Capability.VIEW)
    return queryset.filter(document_version__in=versions.values("pk"))


def may_edit(user: Any, document: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.pk in (document.owner_id, document.author_id):
        return True
    return may_be_quality_team(user, document.org_unit)


def may_be_quality_team(user: Any, unit: Any) -> bool:
    """Is USER a quality lead at UNIT or above?"""
    path = getattr(unit, "path", "")
    return bool(path) and any(
        held.role in QUALITY_TEAM and path.startswith(held.path) for held in held_roles(user)
    )


def require_editor(user: Any, document: Any) -> None:
    if not may_edit(user, document):
        raise PermissionDenied(NOT_EDITOR)


def may_add_documents(user: Any) -> bool:
    """Is USER in the quality team somewhere (so that some unit takes their new documents)?"""
    return any(held.role in QUALITY_TEAM for held in held_roles(user))


def may_create_at(user: Any, unit: Any) -> bool:
    """New documents are added by the quality team of the unit (or above)."""
    return unit is not None and may_be_quality_team(user, unit)


def may_approve_at(user: Any, unit: Any) -> bool:
    return may_at(user, APPROVE, unit)


def works_with(person: Any, unit: Any) -> bool:
    """Does PERSON read records at UNIT, or work below it (a trust-wide document is reviewed
    by people of its divisions)?"""
    from quadrant.core.permissions import roles_for

    if may_at(person, Capability.VIEW, unit):
        return True
    readers = set(roles_for(Capability.VIEW))
    path = getattr(unit, "path", "")
    return bool(path) and any(
        held.role in readers and held.path.startswith(path) for held in held_roles(person)
    )
