"""Strategy, strategic aims, goals (quality priorities) cascaded from board to ward, the
measures linked to goals, the Quality Account's priorities and driver diagrams.

Reading: everyone may read the strategy, goals and driver diagrams of the units above their
own as well as those of the subtrees where they hold a role. Writing needs
Capability.EDIT_GOALS at the object's unit.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from quadrant.core.models import QuadrantModel
from quadrant.planning.choices import DriverKind, GoalStatus, MeasureRole, Rag, ReviewCadence
from quadrant.planning.periods import period_label


class ReadFromBelow(QuadrantModel):
    """Objects of a unit that people of the units below it may read (strategy and goals)."""

    class Meta:
        abstract = True

    @classmethod
    def restrict_queryset(cls, queryset: Any, user: Any, action: str) -> Any:
        """Subtrees where a role grants ACTION, and for VIEW the units above one's own.

        Built from the user's memberships (read once per request) as path prefixes and the ids
        named in their paths, so the query needs no subquery over the unit tree.
        """
        from quadrant.core.permissions import Capability, held_roles, roles_for

        field = getattr(cls, "unit_field", "org_unit")
        granting = set(roles_for(action))
        held = held_roles(user)
        condition = Q()
        for prefix in sorted({h.path for h in held if h.role in granting}):
            condition |= Q(**{f"{field}__path__startswith": prefix})
        if action == Capability.VIEW:
            above = sorted({int(part) for h in held for part in h.path.split(".") if part})
            if above:
                condition |= Q(**{f"{field}__in": above})
        return queryset.filter(condition) if condition else queryset.none()


class Strategy(ReadFromBelow):
    """A quality strategy over NHS financial years, for example 2024/25–2026/27."""

    title = models.CharField(max_length=200)
    org_unit = models.ForeignKey(
        "organisation.OrgUnit", on_delete=models.PROTECT, related_name="strategies"
    )
    first_year = models.PositiveSmallIntegerField(help_text="The financial year it starts.")
    last_year = models.PositiveSmallIntegerField(help_text="The financial year it ends.")
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-first_year", "title"]
        verbose_name_plural = "strategies"
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")), name="strategy_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("planning:strategy", args=[self.pk])

    @property
    def period(self) -> str:
        return period_label(self.first_year, self.last_year)


class StrategicAim(ReadFromBelow):
    """One of a strategy's aims; trust priorities hang from it."""

    unit_field = "strategy__org_unit"

    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="aims")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["strategy", "order", "pk"]
        verbose_name = "strategic aim"

    def __str__(self) -> str:
        return self.title

    def history_unit_id(self) -> int | None:
        return self.strategy.org_unit_id

    def get_absolute_url(self) -> str:
        return reverse("planning:strategy", args=[self.strategy_id]) + f"#aim-{self.pk}"


class Goal(ReadFromBelow):
    """A quality priority of one unit; child goals at units below cascade it to the wards."""

    title = models.CharField(max_length=200)
    statement = models.TextField(help_text="What we will achieve, how much, by when.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_goals",
    )
    org_unit = models.ForeignKey(
        "organisation.OrgUnit", on_delete=models.PROTECT, related_name="goals"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    aim = models.ForeignKey(
        StrategicAim, null=True, blank=True, on_delete=models.PROTECT, related_name="goals"
    )
    domains = models.ManyToManyField("language.QualityDomain", blank=True, related_name="goals")
    first_year = models.PositiveSmallIntegerField()
    last_year = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=GoalStatus.choices, default=GoalStatus.DRAFT)
    review_cadence = models.CharField(
        max_length=12, choices=ReviewCadence.choices, default=ReviewCadence.QUARTERLY
    )
    next_review = models.DateField(null=True, blank=True)
    last_reminded_on = models.DateField(null=True, blank=True, editable=False)
    rag = models.CharField("RAG rating", max_length=5, choices=Rag.choices, blank=True)
    rag_rationale = models.TextField("reason for the RAG rating", blank=True)
    measures: models.ManyToManyField[Any, GoalMeasure] = models.ManyToManyField(
        "control.Measure", through="GoalMeasure", blank=True, related_name="goals"
    )

    history_ignored_fields = QuadrantModel.history_ignored_fields | {"last_reminded_on"}

    class Meta:
        ordering = ["org_unit__path", "title"]
        indexes = [models.Index(fields=["org_unit", "archived_at"], name="goal_unit_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="goal_not_own_parent"),
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")), name="goal_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("planning:goal", args=[self.pk])

    @property
    def period(self) -> str:
        return period_label(self.first_year, self.last_year)


class GoalMeasure(ReadFromBelow):
    """A measure linked to a goal as its outcome, process or balancing measure."""

    unit_field = "goal__org_unit"

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measure_links")
    measure = models.ForeignKey(
        "control.Measure", on_delete=models.PROTECT, related_name="goal_links"
    )
    role = models.CharField(max_length=10, choices=MeasureRole.choices)

    class Meta:
        ordering = ["goal", "role", "measure__code"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "measure"], name="goalmeasure_unique")
        ]

    def __str__(self) -> str:
        return f"{self.measure} ({self.get_role_display().lower()}) for {self.goal}"

    def history_unit_id(self) -> int | None:
        return self.goal.org_unit_id


class QualityAccountPriority(ReadFromBelow):
    """A goal chosen as one of a financial year's priorities in the Quality Account."""

    unit_field = "goal__org_unit"

    year = models.PositiveSmallIntegerField()
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="quality_account")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["year", "order", "pk"]
        verbose_name = "Quality Account priority"
        verbose_name_plural = "Quality Account priorities"
        constraints = [models.UniqueConstraint(fields=["year", "goal"], name="qa_priority_unique")]

    def __str__(self) -> str:
        return f"{self.year}: {self.goal}"

    def history_unit_id(self) -> int | None:
        return self.goal.org_unit_id


class DriverDiagram(ReadFromBelow):
    """A driver diagram of a unit: aim → primary drivers → secondary drivers → change ideas."""

    title = models.CharField(max_length=200)
    org_unit = models.ForeignKey(
        "organisation.OrgUnit", on_delete=models.PROTECT, related_name="driver_diagrams"
    )
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.PROTECT, related_name="driver_diagrams"
    )

    class Meta:
        ordering = ["title"]
        verbose_name = "driver diagram"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("planning:diagram", args=[self.pk])


class DriverNode(ReadFromBelow):
    """One box of a driver diagram; its children are the next kind along, in `order`."""

    unit_field = "diagram__org_unit"

    diagram = models.ForeignKey(DriverDiagram, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    kind = models.CharField(max_length=12, choices=DriverKind.choices)
    text = models.CharField(max_length=300)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["diagram", "parent_id", "order", "pk"]
        verbose_name = "driver diagram node"
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="drivernode_not_own_parent")
        ]

    def __str__(self) -> str:
        return self.text

    def history_unit_id(self) -> int | None:
        return self.diagram.org_unit_id

    def get_absolute_url(self) -> str:
        return reverse("planning:diagram", args=[self.diagram_id]) + f"#node-{self.pk}"


class DriverNodeLink(ReadFromBelow):
    """What a node links to: a measure or a goal (later projects and PDSA cycles)."""

    unit_field = "node__diagram__org_unit"

    node = models.ForeignKey(DriverNode, on_delete=models.CASCADE, related_name="links")
    measure = models.ForeignKey(
        "control.Measure", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.PROTECT, related_name="driver_links"
    )

    class Meta:
        ordering = ["node", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(measure__isnull=False, goal__isnull=True)
                | Q(measure__isnull=True, goal__isnull=False),
                name="drivernodelink_one_target",
            ),
            models.UniqueConstraint(fields=["node", "measure"], name="drivernodelink_measure"),
            models.UniqueConstraint(fields=["node", "goal"], name="drivernodelink_goal"),
        ]

    def __str__(self) -> str:
        return f"{self.node} → {self.measure or self.goal}"

    def history_unit_id(self) -> int | None:
        return self.node.diagram.org_unit_id


__all__ = [
    "DriverDiagram",
    "DriverKind",
    "DriverNode",
    "DriverNodeLink",
    "Goal",
    "GoalMeasure",
    "GoalStatus",
    "MeasureRole",
    "QualityAccountPriority",
    "Rag",
    "ReviewCadence",
    "StrategicAim",
    "Strategy",
]
