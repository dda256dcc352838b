"""CQC self-assessment test helpers: the framework loaded, and scores by statement code."""

from __future__ import annotations

from typing import Any

import pytest

from quadrant.assurance.standards.cqc import load_cqc
from quadrant.assurance.standards.models import EvidenceCategory, Standard
from quadrant.core.actors import SystemActor


@pytest.fixture
def cqc(db: Any) -> Any:
    """The CQC framework, loaded from its data file."""
    return load_cqc(actor=SystemActor("cqc tests")).framework


def statements(framework: Any, group: str) -> list[Any]:
    """The quality statements of the key question GROUP ("safe", …), in order."""
    return list(
        Standard.objects.filter(framework=framework, group__code=group).order_by("order", "code")
    )


def category(framework: Any, code: str) -> Any:
    return EvidenceCategory.objects.get(framework=framework, code=code)


def direct(found: list[Any], scores: list[int]) -> list[dict[str, Any]]:
    """Scores given directly to the first statements of FOUND."""
    return [
        {"statement": statement.pk, "score": score, "rationale": f"Why {statement.code}"}
        for statement, score in zip(found, scores, strict=False)
    ]
