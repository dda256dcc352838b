"""Improvement projects, their PDSA cycles and change ideas, staff ideas and the learning library.

Who sees what (quadrant.core.permissions): a project belongs to its unit, so roles in the
unit's subtree apply; team members and leads are named on the project with object grants
(patient partners too); a published learning summary may be read by everyone who can log in;
an idea is seen by its submitter and by the people who run projects at its unit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from quadrant.core.models import QuadrantModel
from quadrant.improvement.choices import (
    ActDecision,
    IdeaStatus,
    MeasureRole,
    Method,
    PdsaPhase,
    Stage,
)

PERSON = settings.AUTH_USER_MODEL


class Project(QuadrantModel):
    """An improvement project framed by the three questions of the Model for Improvement."""

    title = models.CharField(max_length=200)
    aim_what = models.TextField(
        "What are we trying to accomplish?", help_text="The aim: what will be better, for whom."
    )
    aim_how_much = models.CharField("By how much?", max_length=200, blank=True)
    aim_by_when = models.DateField("By when?", null=True, blank=True)
    measures_summary = models.TextField(
        "How will we know that a change is an improvement?", blank=True
    )
    changes_summary = models.TextField(
        "What changes can we make that will result in improvement?", blank=True
    )
    method = models.CharField(
        max_length=10, choices=Method.choices, default=Method.MODEL_FOR_IMPROVEMENT
    )
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.SCOPING)
    stage_changed_on = models.DateField(default=dt.date.today)
    org_unit = models.ForeignKey(
        "organisation.OrgUnit", on_delete=models.PROTECT, related_name="projects"
    )
    lead = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="led_projects"
    )
    sponsor = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="sponsored_projects"
    )
    coach = models.ForeignKey(
        PERSON,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coached_projects",
        help_text="The improvement coach supporting the team (told when the project goes quiet).",
    )
    domains = models.ManyToManyField("language.QualityDomain", blank=True, related_name="projects")
    goals = models.ManyToManyField("planning.Goal", blank=True, related_name="projects")
    driver_nodes = models.ManyToManyField(
        "planning.DriverNode", blank=True, related_name="projects"
    )
    measures: models.ManyToManyField[Any, ProjectMeasure] = models.ManyToManyField(
        "control.Measure", through="ProjectMeasure", blank=True, related_name="projects"
    )
    adopted_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adoptions",
        help_text="The project whose change this project adopts (spread).",
    )
    closing_note = models.TextField(blank=True)
    # When a PDSA cycle or new data last touched the project (kept by the services and by
    # a receiver of control's observations_changed): what "gone quiet" is judged on.
    last_activity_at = models.DateTimeField(default=timezone.now, editable=False)
    quiet_flagged_on = models.DateField(null=True, blank=True, editable=False)

    history_ignored_fields = frozenset(
        {
            "created_at",
            "updated_at",
            "updated_by",
            "version",
            "last_activity_at",
            "quiet_flagged_on",
        }
    )

    class Meta:
        ordering = ["title", "id"]
        indexes = [
            models.Index(fields=["org_unit", "stage"], name="project_unit_stage_idx"),
            models.Index(fields=["stage", "last_activity_at"], name="project_quiet_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("improvement:project", args=[self.pk])

    @property
    def is_live(self) -> bool:
        return self.stage not in (Stage.CLOSED, Stage.ABANDONED)


class ProjectScoped(QuadrantModel):
    """Rows that belong to one project and share its unit for permissions and the change history."""

    unit_field = "project__org_unit"
    project: Project  # each subclass declares its own foreign key to the project

    class Meta:
        abstract = True

    def history_unit_id(self) -> int | None:
        return self.project.org_unit_id

    @staticmethod
    def restrict_queryset(queryset: Any, user: Any, action: str) -> Any:
        """What one may do with a project's rows follows what one may do with the project."""
        from quadrant.core.permissions import restrict

        return queryset.filter(project__in=restrict(Project.objects.all(), user, action))


class ProjectMeasure(ProjectScoped):
    """A measure the project watches, as an outcome, process or balancing measure."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="measure_links")
    measure = models.ForeignKey(
        "control.Measure", on_delete=models.PROTECT, related_name="project_links"
    )
    role = models.CharField(max_length=10, choices=MeasureRole.choices)
    routine_since = models.DateField(
        null=True, blank=True, help_text="When the measure moved into routine control."
    )

    class Meta:
        ordering = ["project", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "measure"], name="projectmeasure_unique")
        ]

    def __str__(self) -> str:
        return f"{self.measure} ({self.get_role_display().lower()})"


class ProjectStage(ProjectScoped):
    """One move of a project to a stage: the history behind "counts by stage over time"."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_history")
    stage = models.CharField(max_length=12, choices=Stage.choices)
    changed_on = models.DateField()
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["project", "changed_on", "id"]
        indexes = [models.Index(fields=["changed_on"], name="projectstage_date_idx")]

    def __str__(self) -> str:
        return f"{self.project_id} → {self.stage} on {self.changed_on}"


class ChangeIdea(ProjectScoped):
    """A change the team may test: from a driver diagram's change idea, or added freely."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="change_ideas")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    driver_node = models.ForeignKey(
        "planning.DriverNode",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="change_ideas",
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    decision = models.CharField(
        "latest decision", max_length=10, choices=ActDecision.choices, blank=True
    )

    class Meta:
        ordering = ["project", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def decision_word(self) -> str:
        return self.decision.capitalize() if self.decision else ""


class PdsaCycle(ProjectScoped):
    """One Plan–Do–Study–Act test of a change; "adapt" opens the next cycle in the chain."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cycles")
    change_idea = models.ForeignKey(
        ChangeIdea, null=True, blank=True, on_delete=models.PROTECT, related_name="cycles"
    )
    number = models.PositiveIntegerField()
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_cycles"
    )
    phase = models.CharField(max_length=6, choices=PdsaPhase.choices, default=PdsaPhase.PLAN)
    # Plan
    objective = models.TextField("Objective of this test")
    questions = models.TextField("Questions we want to answer", blank=True)
    prediction = models.TextField("What we predict will happen")
    plan_who = models.CharField("Who", max_length=300, blank=True)
    plan_what = models.CharField("What", max_length=300, blank=True)
    plan_where = models.CharField("Where", max_length=300, blank=True)
    start_date = models.DateField("Start of the test")
    end_date = models.DateField("End of the test", null=True, blank=True)
    data_to_collect = models.TextField("Data to collect", blank=True)
    # Do
    what_happened = models.TextField("What happened", blank=True)
    observations = models.TextField(
        "Observations",
        blank=True,
        help_text="Do not record anything that could identify a patient.",
    )
    # Study
    results = models.TextField("Results against the prediction", blank=True)
    # Act
    decision = models.CharField(max_length=10, choices=ActDecision.choices, blank=True)
    next_steps = models.TextField("Next steps", blank=True)

    class Meta:
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="pdsa_unique_number")
        ]
        indexes = [models.Index(fields=["project", "updated_at"], name="pdsa_project_idx")]

    def __str__(self) -> str:
        return f"PDSA {self.number}: {self.objective[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("improvement:cycle", args=[self.pk])

    @property
    def label(self) -> str:
        idea = f" · {self.change_idea.title}" if self.change_idea is not None else ""
        return f"PDSA {self.number}{idea}"

    @property
    def decision_word(self) -> str:
        """ "Adopt", "Adapt" or "Abandon" (empty before the Act step)."""
        return self.decision.capitalize() if self.decision else ""


class LearningSummary(ProjectScoped):
    """What a finished project learned; once published, every member of staff may read it."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="summary")
    problem = models.TextField("The problem", blank=True)
    changes_tested = models.TextField("Changes tested", blank=True)
    results = models.TextField("Results", blank=True)
    advice = models.TextField("What others need to know", blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "id"]
        verbose_name_plural = "learning summaries"

    def __str__(self) -> str:
        return f"Learning from {self.project}"

    def get_absolute_url(self) -> str:
        return reverse("improvement:learning_detail", args=[self.pk])

    @staticmethod
    def restrict_queryset(queryset: Any, user: Any, action: str) -> Any:
        """Published summaries are read by everyone who can log in; drafts follow the project."""
        from quadrant.core.permissions import Capability, restrict

        condition = Q(project__in=restrict(Project.objects.all(), user, action))
        if action == Capability.VIEW:
            condition |= Q(published_at__isnull=False)
        return queryset.filter(condition)


class Idea(QuadrantModel):
    """A suggestion from any member of staff (or patient partner), waiting to be triaged."""

    title = models.CharField("What's your idea?", max_length=500)
    problem = models.TextField("What problem does it solve?", blank=True)
    org_unit = models.ForeignKey(
        "organisation.OrgUnit", on_delete=models.PROTECT, related_name="ideas"
    )
    submitter = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="ideas")
    status = models.CharField(max_length=10, choices=IdeaStatus.choices, default=IdeaStatus.NEW)
    decline_reason = models.TextField(blank=True)
    triaged_by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["org_unit", "status"], name="idea_unit_status_idx"),
            models.Index(fields=["submitter"], name="idea_submitter_idx"),
        ]

    def __str__(self) -> str:
        return self.title[:80]

    def get_absolute_url(self) -> str:
        return reverse("improvement:idea", args=[self.pk])

    @staticmethod
    def restrict_queryset(queryset: Any, user: Any, action: str) -> Any:
        """Ideas are not sensitive: everyone who may see a unit sees its ideas (the board and
        administrators included), and the submitter their own (a patient partner, who sees no
        unit, included); people who run projects at the unit triage them (RUN_PROJECTS); any
        other action needs its own role."""
        from quadrant.core.permissions import Capability, units_condition

        if action == Capability.VIEW:
            condition = units_condition(user, Capability.VIEW, "org_unit")
            return queryset.filter(condition | Q(submitter=user))
        return queryset.filter(units_condition(user, action, "org_unit"))
