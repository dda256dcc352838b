"""Choices of the planning component."""

from django.db import models


class GoalStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    ACHIEVED = "achieved", "Achieved"
    CLOSED = "closed", "Closed"


class Rag(models.TextChoices):
    RED = "red", "Red: off track"
    AMBER = "amber", "Amber: at risk"
    GREEN = "green", "Green: on track"


class ReviewCadence(models.TextChoices):
    MONTHLY = "monthly", "Every month"
    QUARTERLY = "quarterly", "Every quarter"
    SIX_MONTHLY = "six_monthly", "Every six months"
    ANNUALLY = "annually", "Every year"


CADENCE_MONTHS = {
    ReviewCadence.MONTHLY: 1,
    ReviewCadence.QUARTERLY: 3,
    ReviewCadence.SIX_MONTHLY: 6,
    ReviewCadence.ANNUALLY: 12,
}


class MeasureRole(models.TextChoices):
    OUTCOME = "outcome", "Outcome measure"
    PROCESS = "process", "Process measure"
    BALANCING = "balancing", "Balancing measure"


class DriverKind(models.TextChoices):
    AIM = "aim", "Aim"
    PRIMARY = "primary", "Primary driver"
    SECONDARY = "secondary", "Secondary driver"
    CHANGE_IDEA = "change_idea", "Change idea"


# The kind of a node's children: aim → primary → secondary → change idea.
CHILD_KIND: dict[str, str] = {
    DriverKind.AIM: DriverKind.PRIMARY,
    DriverKind.PRIMARY: DriverKind.SECONDARY,
    DriverKind.SECONDARY: DriverKind.CHANGE_IDEA,
}
