"""Minimal valid assurance records for tests that walk every model (core.testing.factories):
evidence is a titled reference (a linked record needs both halves of its link)."""

from __future__ import annotations

from typing import Any

from quadrant.assurance.standards.models import Standard, StandardEvidence
from quadrant.core.testing.factories import build, register_factory


@register_factory(StandardEvidence)
def _evidence(world: Any) -> StandardEvidence:
    standard = build(Standard, world)
    standard.save()
    return StandardEvidence(standard=standard, title="Hand hygiene audit, March")
