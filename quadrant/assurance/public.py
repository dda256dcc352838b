"""What other parts of Quadrant may use of assurance (its front door; .importlinter holds
everyone else to it): the standards a later audit question, finding or self-assessment score
points at, and the reads of their coverage and evidence."""

from quadrant.assurance.standards.choices import FrameworkKind
from quadrant.assurance.standards.coverage import evidence_for, mapped_to
from quadrant.assurance.standards.cqc import CQC_CODE
from quadrant.assurance.standards.models import EvidenceCategory, Framework, Standard, StandardGroup

__all__ = [
    "CQC_CODE",
    "EvidenceCategory",
    "Framework",
    "FrameworkKind",
    "Standard",
    "StandardGroup",
    "evidence_for",
    "mapped_to",
]
