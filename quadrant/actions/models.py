"""The one action tracker: corrective and preventive actions from any source.

An action's source is a generic link (content type and id), so a signal now and audit
findings, incidents, risks and PDSA cycles later raise actions into the same tracker.
Who may see an action: anyone who may see its unit, and its owner. Who may change it: people
who may act on signals at its unit, and (for their own work) its owner. Verification needs
someone other than the owner.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse

from quadrant.actions.choices import LIVE_STATUSES, ActionStatus
from quadrant.core.models import QuadrantModel, RecordedQuerySet


class ActionQuerySet(RecordedQuerySet):
    """Actions' queries; writes through them are audited like every queryset write."""

    def overdue(self, today: dt.date | None = None) -> Any:
        return self.filter(status__in=LIVE_STATUSES, due_date__lt=today or dt.date.today())

    def live(self) -> Any:
        return self.filter(status__in=LIVE_STATUSES, archived_at__isnull=True)


class Action(QuadrantModel):
    """Something a named person must do by a date, and the evidence that it was done."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="actions"
    )
    org_unit = models.ForeignKey(
        "organisation.OrgUnit", on_delete=models.PROTECT, related_name="actions"
    )
    due_date = models.DateField()
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    evidence = models.TextField("evidence of completion", blank=True)
    evidence_file = models.FileField(upload_to="actions/%Y/%m/", blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="verified_actions",
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    escalated_on = models.DateField(null=True, blank=True)

    objects: ClassVar = ActionQuerySet.as_manager()

    history_ignored_fields = frozenset(
        {"created_at", "updated_at", "updated_by", "version", "escalated_on"}
    )

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["owner", "status"], name="action_owner_idx"),
            models.Index(fields=["org_unit", "status"], name="action_unit_idx"),
            models.Index(fields=["source_type", "source_id"], name="action_source_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actions:detail", args=[self.pk])

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.is_live and self.due_date < (today or dt.date.today())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @staticmethod
    def restrict_queryset(queryset: Any, user: Any, action: str) -> Any:
        """The unit's people (by role); the owner sees their action and works on it (start,
        complete, add evidence)."""
        from quadrant.core.permissions import Capability, units_where

        condition = Q(org_unit__in=units_where(user, action))
        if action in (Capability.VIEW, Capability.ACT_ON_SIGNALS):
            condition |= Q(owner=user)
        return queryset.filter(condition)


class DigestDelivery(models.Model):
    """One person's daily digest, claimed before it is sent (so a day's digest goes once)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["person", "day"], name="digest_once_a_day")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.day}"
