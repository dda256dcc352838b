"""The organisation's shared language: quality domain sets, guiding questions and a glossary.

These records are organisation-wide (no org unit): everyone signed in reads them; people with
Capability.SHARED_LANGUAGE (quality leads and administrators) change them. The QMS's own name is
OrganisationSettings.qms_name.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse

from quadrant.core.models import QuadrantModel
from quadrant.language.choices import Component


class OrganisationWide(QuadrantModel):
    """Read by everyone signed in; changed with the shared-language permission."""

    unit_field = None

    class Meta:
        abstract = True

    @staticmethod
    def restrict_queryset(queryset: Any, user: Any, action: str) -> Any:
        from quadrant.core.permissions import Capability, has_role_anywhere

        if action == Capability.VIEW or has_role_anywhere(user, action):
            return queryset
        return queryset.none()


class QualityDomainSet(OrganisationWide):
    """A named set of quality domains, such as the IOM six aims or the CQC key questions."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    builtin = models.BooleanField(default=False, editable=False)
    is_active = models.BooleanField("in use", default=False, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "quality domain set"
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_domain_set"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("language:domain_set", args=[self.pk])

    @classmethod
    def active(cls) -> QualityDomainSet | None:
        return cls.objects.filter(is_active=True, archived_at__isnull=True).first()


class QualityDomain(OrganisationWide):
    """One domain of a set (for example "Safe"); goals, measures and projects carry domains."""

    domain_set = models.ForeignKey(
        QualityDomainSet, on_delete=models.PROTECT, related_name="domains"
    )
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["domain_set", "order", "name"]
        verbose_name = "quality domain"
        constraints = [
            models.UniqueConstraint(fields=["domain_set", "code"], name="domain_code_per_set"),
            models.UniqueConstraint(fields=["domain_set", "name"], name="domain_name_per_set"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("language:domain_set", args=[self.domain_set_id])

    @classmethod
    def in_use(cls) -> models.QuerySet[QualityDomain]:
        """The domains of the active set (what pickers offer)."""
        return cls.objects.filter(
            domain_set__is_active=True, archived_at__isnull=True
        ).select_related("domain_set")


class GuidingQuestion(OrganisationWide):
    """One of the organisation's own questions for a component, shown on that component's pages."""

    component = models.CharField(max_length=20, choices=Component.choices)
    text = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["component", "order", "pk"]
        verbose_name = "guiding question"

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("language:settings") + f"#question-{self.pk}"


class GlossaryTerm(OrganisationWide):
    """A term with a plain-English definition; Quadrant's pages explain it where it appears."""

    term = models.CharField(max_length=100)
    definition = models.TextField()

    class Meta:
        ordering = ["term"]
        verbose_name = "glossary term"
        constraints = [models.UniqueConstraint(Lower("term"), name="glossary_term_unique")]

    def __str__(self) -> str:
        return self.term

    @property
    def anchor(self) -> str:
        from django.utils.text import slugify

        return f"term-{slugify(self.term)}"

    def get_absolute_url(self) -> str:
        return reverse("language:glossary") + f"#{self.anchor}"

    @property
    def is_abbreviation(self) -> bool:
        return self.term.isupper() and " " not in self.term
