"""The assurance component's models, gathered from its concepts (one sub-package each)."""

from quadrant.assurance.audits.models import (
    AuditAnswer,
    AuditEvidence,
    AuditFinding,
    AuditMeasure,
    AuditQuestion,
    AuditRun,
    AuditSchedule,
    AuditSection,
    AuditTemplate,
)
from quadrant.assurance.cqc.models import CategoryScore, SelfAssessment, StatementScore
from quadrant.assurance.incidents.models import PatientDetails, ReportDraft, SafetyEvent
from quadrant.assurance.risks.models import (
    EscalationThreshold,
    Risk,
    RiskAssurance,
    RiskCategory,
    RiskMatrix,
    RiskReview,
)
from quadrant.assurance.standards.models import (
    EvidenceCategory,
    Framework,
    Standard,
    StandardEvidence,
    StandardGroup,
    StandardMapping,
)

__all__ = [
    "AuditAnswer",
    "AuditEvidence",
    "AuditFinding",
    "AuditMeasure",
    "AuditQuestion",
    "AuditRun",
    "AuditSchedule",
    "AuditSection",
    "AuditTemplate",
    "CategoryScore",
    "EscalationThreshold",
    "EvidenceCategory",
    "Framework",
    "PatientDetails",
    "ReportDraft",
    "Risk",
    "RiskAssurance",
    "RiskCategory",
    "RiskMatrix",
    "RiskReview",
    "SafetyEvent",
    "SelfAssessment",
    "Standard",
    "StandardEvidence",
    "StandardGroup",
    "StandardMapping",
    "StatementScore",
]
