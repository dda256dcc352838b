"""Choices of the improvement component."""

from django.db import models

from quadrant.planning.public import MeasureRole

__all__ = [
    "LIVE_STAGES", "STAGE_ORDER", "ActDecision", "IdeaStatus", "MeasureRole", "Method",
    "PdsaPhase", "Stage",
]  # fmt: skip


class Method(models.TextChoices):
    MODEL_FOR_IMPROVEMENT = "mfi", "Model for Improvement"
    LEAN_RIE = "lean_rie", "Lean rapid improvement event"
    OTHER = "other", "Other"


class Stage(models.TextChoices):
    IDEA = "idea", "Idea"
    SCOPING = "scoping", "Scoping"
    TESTING = "testing", "Testing changes"
    IMPLEMENTING = "implementing", "Implementing"
    SPREADING = "spreading", "Spreading"
    SUSTAINING = "sustaining", "Sustaining"
    CLOSED = "closed", "Closed"
    ABANDONED = "abandoned", "Abandoned"


# The path a project normally walks (abandoned can happen at any point).
STAGE_ORDER = [
    Stage.IDEA,
    Stage.SCOPING,
    Stage.TESTING,
    Stage.IMPLEMENTING,
    Stage.SPREADING,
    Stage.SUSTAINING,
    Stage.CLOSED,
]

# Stages in which a project is still being worked on (and can go quiet): the path but closed.
LIVE_STAGES = STAGE_ORDER[:-1]


class PdsaPhase(models.TextChoices):
    """The step a cycle waits for next."""

    PLAN = "plan", "Plan: check the plan carried forward"
    DO = "do", "Do: run the test and record what happened"
    STUDY = "study", "Study: compare the results with the prediction"
    ACT = "act", "Act: adopt, adapt or abandon"
    DONE = "done", "Done"


class ActDecision(models.TextChoices):
    ADOPT = "adopt", "Adopt: make the change part of how we work"
    ADAPT = "adapt", "Adapt: change it and test again"
    ABANDON = "abandon", "Abandon: stop testing this change"


class IdeaStatus(models.TextChoices):
    NEW = "new", "Waiting to be looked at"
    PROJECT = "project", "Turned into a project"
    DECLINED = "declined", "Declined"
