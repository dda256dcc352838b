"""Choices of the control component (names match the SPC engine's options)."""

from django.db import models


class ChartType(models.TextChoices):
    XMR = "xmr", "XmR (individuals and moving range)"
    RUN = "run", "Run chart"
    P = "p", "p chart (proportion)"
    U = "u", "u chart (rate)"
    C = "c", "c chart (count)"
    G = "g", "g chart (cases between events)"
    T = "t", "t chart (time between events)"
    XBAR = "xbar", "X-bar chart (subgroup means)"
    S = "s", "s chart (subgroup spread)"
    PP = "pp", "Laney p′ chart"
    UP = "up", "Laney u′ chart"


# Charts whose points are a numerator over a denominator.
RATIO_CHARTS = frozenset({ChartType.P, ChartType.U, ChartType.PP, ChartType.UP})


class Direction(models.TextChoices):
    INCREASE = "increase", "Higher is better"
    DECREASE = "decrease", "Lower is better"
    NEUTRAL = "neutral", "Neither direction is better"


class Frequency(models.TextChoices):
    DAY = "day", "Daily"
    WEEK = "week", "Weekly (periods start on a Monday)"
    MONTH = "month", "Monthly"
    QUARTER = "quarter", "Quarterly"


class RuleProfile(models.TextChoices):
    MDC = "mdc", "Making Data Count (NHS England)"
    NHSR = "nhsr", "NHS-R plot the dots"
    ANHOEJ = "anhoej", "Anhøj runs rules"


class AnnotationKind(models.TextChoices):
    REBASE = "rebase", "Rebase (limits recalculated from here)"
    EVENT = "event", "Event"
    NOTE = "note", "Note"


class DataRoute(models.TextChoices):
    HAND = "hand", "Hand entry"
    FILE = "file", "File import"
    API = "api", "API"
    FHIR = "fhir", "FHIR"
    CLI = "cli", "Command line"
    PULL = "pull", "Scheduled pull"
    DEMO = "demo", "Demonstration data"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "Uploaded"
    INVALID = "invalid", "Has errors"
    VALID = "valid", "Ready to import"
    RUNNING = "running", "Importing"
    IMPORTED = "imported", "Imported"
    FAILED = "failed", "Failed"
