"""Choices of the shared language."""

from django.db import models


class Component(models.TextChoices):
    PLANNING = "planning", "Planning"
    CONTROL = "control", "Control"
    ASSURANCE = "assurance", "Assurance"
    IMPROVEMENT = "improvement", "Improvement"
