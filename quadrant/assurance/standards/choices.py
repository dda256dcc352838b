"""The fixed lists of the standards concept."""

from __future__ import annotations

from django.db import models


class FrameworkKind(models.TextChoices):
    EXTERNAL = "external", "External (a regulator's or a national body's)"
    INTERNAL = "internal", "Internal (the organisation's own)"
