"""The fixed lists of the risks concept."""

from __future__ import annotations

from django.db import models


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    TOLERATED = "tolerated", "Tolerated"
    CLOSED = "closed", "Closed"


STATUSES_NEEDING_REASON = (RiskStatus.TOLERATED, RiskStatus.CLOSED)


class AssuranceLine(models.IntegerChoices):
    """The three lines of assurance: who gives it."""

    FIRST = 1, "First line: the service's own management"
    SECOND = 2, "Second line: oversight within the organisation"
    THIRD = 3, "Third line: independent"


class AssuranceLevel(models.TextChoices):
    REASONABLE = "reasonable", "Reasonable"
    LIMITED = "limited", "Limited"
    NONE = "none", "None"


class Axis(models.TextChoices):
    LIKELIHOOD = "likelihood", "Likelihood"
    CONSEQUENCE = "consequence", "Consequence"
