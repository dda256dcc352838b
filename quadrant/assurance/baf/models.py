"""The board assurance framework (BAF): the principal risks of the register set against the
organisation's strategic aims and goals, each overseen by a committee, and the quarters the
board froze and signed off.

A principal risk holds only what the register does not: the goal it threatens, the committee,
the themes of safety events that bear on it and the board's commentary. Its scores,
appetite, controls, gaps, assurances and actions are read from the risk itself, and its
evidence (measures' icons, audits' compliance, events this quarter) is worked out each time the
BAF is shown (evidence.py). A frozen quarter keeps all of that as one JSON snapshot, sealed with
a SHA-256 digest that every page showing it checks again (snapshots.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from quadrant.assurance.baf.access import committee_rule, principal_rule, quarter_rule
from quadrant.assurance.incidents.themes import Quarter
from quadrant.core.models import QuadrantModel


class BafCommittee(QuadrantModel):
    """A committee of the board that oversees principal risks (the organisation's list)."""

    unit_field: ClassVar[str | None] = None
    restrict_queryset = staticmethod(committee_rule)

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "committee"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assurance:baf_committees")


class PrincipalRisk(QuadrantModel):
    """A risk of the register marked principal: on the BAF against a goal, with its committee."""

    unit_field: ClassVar[str] = "risk__org_unit"
    restrict_queryset = staticmethod(principal_rule)

    risk = models.OneToOneField(
        "assurance.Risk", on_delete=models.PROTECT, related_name="principal"
    )
    goal = models.ForeignKey(
        "planning.Goal", on_delete=models.PROTECT, related_name="+",
        verbose_name="strategic goal",
    )  # fmt: skip
    committee = models.ForeignKey(
        BafCommittee, on_delete=models.PROTECT, related_name="principal_risks"
    )
    event_categories = models.JSONField(
        "themes of safety events", default=list, blank=True,
        help_text="The national categories of safety events that bear on the risk.",
    )  # fmt: skip
    commentary = models.TextField("board commentary", blank=True)

    class Meta:
        ordering = ["goal__aim__order", "goal__title", "-risk__current_score", "id"]
        verbose_name = "principal risk"

    def __str__(self) -> str:
        return f"Principal risk {self.risk}"

    def get_absolute_url(self) -> str:
        return reverse("assurance:baf_risk", args=[self.pk])

    def history_unit_id(self) -> int | None:
        return self.risk.org_unit_id


class BafQuarter(QuadrantModel):
    """One quarter's BAF as frozen (a JSON snapshot of every row and its evidence), and its
    sign-off: after it, nothing of the quarter may change."""

    unit_field: ClassVar[str | None] = None
    restrict_queryset = staticmethod(quarter_rule)

    quarter_start = models.DateField("first day of the quarter", unique=True)
    snapshot = models.JSONField(editable=False)
    sha256 = models.CharField("SHA-256 seal", max_length=64, editable=False)
    frozen_at = models.DateTimeField(editable=False)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False,
    )  # fmt: skip
    signed_off_at = models.DateTimeField(null=True, blank=True, editable=False)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False,
    )  # fmt: skip

    class Meta:
        ordering = ["-quarter_start"]
        verbose_name = "frozen quarter"
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_off_at__isnull=True, signed_off_by__isnull=True)
                | Q(signed_off_at__isnull=False, signed_off_by__isnull=False),
                name="bafquarter_signed_by_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"Board assurance framework, {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("assurance:baf_quarter", args=[self.pk])

    @property
    def label(self) -> str:
        return Quarter(self.quarter_start).short

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None

    @property
    def quarter_end(self) -> dt.date:
        return Quarter(self.quarter_start).end - dt.timedelta(days=1)

    def clean(self) -> None:
        super().clean()
        start = self.quarter_start
        if start is not None and Quarter.of(start).start != start:
            raise ValidationError({"quarter_start": "Give the first day of a quarter"})

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Refuse any save of a quarter already signed off (checked against the stored row)."""
        if self.pk is not None:
            stored = type(self)._base_manager.filter(pk=self.pk, signed_off_at__isnull=False)
            if stored.exists():
                raise ValidationError(
                    f"The BAF of {self.label} has been signed off: it cannot change"
                )
        super().save(*args, **kwargs)
