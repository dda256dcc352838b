"""Writes of the shared language, each as one transaction with its history rows.

Only people make them, with Capability.SHARED_LANGUAGE (the shipped defaults are installed by a
data migration, not through these services); ACTOR None is refused.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from quadrant.core.context import acting_as
from quadrant.core.permissions import Capability, check_actor
from quadrant.core.services import create_object, update_object
from quadrant.language.models import (
    GlossaryTerm,
    GuidingQuestion,
    QualityDomain,
    QualityDomainSet,
)
from quadrant.organisation.models import OrganisationSettings


def set_qms_name(name: str, *, actor: Any) -> OrganisationSettings:
    """Give the quality management system the organisation's own name."""
    check_actor(actor, Capability.SHARED_LANGUAGE)
    name = name.strip()
    if not name:
        raise ValidationError({"qms_name": "Enter the name of your quality management system"})
    settings = OrganisationSettings.current()
    if settings._state.adding:
        return create_object(OrganisationSettings, {"pk": 1, "qms_name": name}, actor=actor)
    return update_object(settings, {"qms_name": name}, actor=actor)


def create_domain_set(name: str, description: str = "", *, actor: Any) -> QualityDomainSet:
    """A new, empty set of the organisation's own quality domains (not yet in use)."""
    check_actor(actor, Capability.SHARED_LANGUAGE)
    if QualityDomainSet.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": f"A domain set called “{name}” already exists."})
    return create_object(
        QualityDomainSet, {"name": name.strip(), "description": description}, actor=actor
    )


def activate_domain_set(domain_set: QualityDomainSet, *, actor: Any) -> QualityDomainSet:
    """Make DOMAIN_SET the one in use; the set in use before stops being used."""
    check_actor(actor, Capability.SHARED_LANGUAGE, domain_set)
    if domain_set.archived_at is not None:
        raise ValidationError("An archived domain set cannot be put in use.")
    if not domain_set.domains.filter(archived_at__isnull=True).exists():
        raise ValidationError(
            f"“{domain_set}” has no domains yet: add at least one before putting it in use."
        )
    with acting_as(actor), transaction.atomic():
        QualityDomainSet.objects.filter(is_active=True).exclude(pk=domain_set.pk).update(
            is_active=False
        )
        return update_object(domain_set, {"is_active": True}, actor=actor)


def add_quality_domain(
    domain_set: QualityDomainSet, name: str, description: str = "", *, actor: Any
) -> QualityDomain:
    """Add a domain at the end of DOMAIN_SET."""
    check_actor(actor, Capability.SHARED_LANGUAGE, domain_set)
    name = name.strip()
    if domain_set.domains.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"“{domain_set}” already has a domain called “{name}”."})
    last = domain_set.domains.aggregate(last=Max("order"))["last"]
    fields = {
        "domain_set": domain_set,
        "name": name,
        "code": slugify(name)[:40] or "domain",
        "description": description,
        "order": 0 if last is None else last + 1,
    }
    return create_object(QualityDomain, fields, actor=actor)


def add_guiding_question(component: str, text: str, *, actor: Any) -> GuidingQuestion:
    """Add one of the organisation's guiding questions to COMPONENT."""
    check_actor(actor, Capability.SHARED_LANGUAGE)
    last = GuidingQuestion.objects.filter(component=component).aggregate(last=Max("order"))
    order = 0 if last["last"] is None else last["last"] + 1
    return create_object(
        GuidingQuestion, {"component": component, "text": text.strip(), "order": order}, actor=actor
    )


def add_glossary_term(term: str, definition: str, *, actor: Any) -> GlossaryTerm:
    """Add a term and its plain-English definition to the glossary."""
    check_actor(actor, Capability.SHARED_LANGUAGE)
    term = term.strip()
    if GlossaryTerm.objects.filter(term__iexact=term).exists():
        raise ValidationError({"term": f"The glossary already explains “{term}”."})
    return create_object(
        GlossaryTerm, {"term": term, "definition": definition.strip()}, actor=actor
    )


def edit_language_record(
    obj: Any, changes: dict[str, Any], *, actor: Any, expected_version: int | None = None
) -> Any:
    """Change a domain set, domain, guiding question or glossary term (versioned)."""
    check_actor(actor, Capability.SHARED_LANGUAGE, obj)
    return update_object(obj, changes, actor=actor, expected_version=expected_version)
