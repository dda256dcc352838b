"""The assurance component's models, gathered from its concepts (one sub-package each)."""

from quadrant.assurance.standards.models import (
    EvidenceCategory,
    Framework,
    Standard,
    StandardEvidence,
    StandardGroup,
    StandardMapping,
)

__all__ = [
    "EvidenceCategory",
    "Framework",
    "Standard",
    "StandardEvidence",
    "StandardGroup",
    "StandardMapping",
]
