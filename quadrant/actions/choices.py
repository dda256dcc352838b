"""Choices of the action tracker."""

from django.db import models


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done, awaiting verification"
    VERIFIED = "verified", "Verified"


# Statuses in which an action still needs its owner's work.
LIVE_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
