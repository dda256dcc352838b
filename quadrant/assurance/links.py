"""The links assurance keeps to other components' objects, described once for the link
registry (quadrant.core.links): a standard's evidence, which may be any Quadrant record, the
improvement projects started from an audit finding, and a risk's assurances (a measure, an
audit template, a controlled document)."""

from __future__ import annotations

from quadrant.assurance.audits.models import AuditFinding
from quadrant.assurance.risks.models import RiskAssurance
from quadrant.assurance.standards.coverage import EVIDENCE_RELATION
from quadrant.assurance.standards.models import StandardEvidence
from quadrant.core.links import ANY_MODEL, Relation, generic_pairs, register_relation, through_pairs

FINDING_PROJECT = "assurance.finding-project"


def register() -> None:
    pairs_from, pairs_to = generic_pairs(StandardEvidence, "linked_type", "linked_id")
    register_relation(
        Relation(EVIDENCE_RELATION, "assurance.standardevidence", ANY_MODEL,
                 "Evidence of", "Evidence for standards", pairs_from, pairs_to)
    )  # fmt: skip
    projects_from, projects_to = through_pairs(
        AuditFinding.projects.through, "auditfinding", "project", "improvement.project"
    )
    register_relation(
        Relation(FINDING_PROJECT, "assurance.auditfinding", "improvement.project",
                 "Improvement projects started from it", "Started from the audit finding",
                 projects_from, projects_to)
    )  # fmt: skip
    risk_from, risk_to = generic_pairs(RiskAssurance, "linked_type", "linked_id", "risk_id")
    register_relation(
        Relation("assurance.risk-assurance", "assurance.risk", ANY_MODEL,
                 "Assurance from", "Gives assurance on risks", risk_from, risk_to)
    )  # fmt: skip
