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
from quadrant.assurance.baf.models import BafCommittee, BafQuarter, PrincipalRisk
from quadrant.assurance.cqc.models import CategoryScore, SelfAssessment, StatementScore
from quadrant.assurance.documents.models import (
    Acknowledgement,
    Document,
    DocumentReview,
    DocumentVersion,
)
from quadrant.assurance.incidents.candour.models import CandourRecord, CandourSettings
from quadrant.assurance.incidents.models import PatientDetails, ReportDraft, SafetyEvent
from quadrant.assurance.incidents.response.models import (
    Engagement,
    Finding,
    LearningResponse,
    ResponsePlan,
    ResponseRule,
    SafetyAction,
    Triage,
)
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
    "Acknowledgement",
    "AuditAnswer",
    "AuditEvidence",
    "AuditFinding",
    "AuditMeasure",
    "AuditQuestion",
    "AuditRun",
    "AuditSchedule",
    "AuditSection",
    "AuditTemplate",
    "BafCommittee",
    "BafQuarter",
    "CandourRecord",
    "CandourSettings",
    "CategoryScore",
    "Document",
    "DocumentReview",
    "DocumentVersion",
    "Engagement",
    "EscalationThreshold",
    "EvidenceCategory",
    "Finding",
    "Framework",
    "LearningResponse",
    "PatientDetails",
    "PrincipalRisk",
    "ReportDraft",
    "ResponsePlan",
    "ResponseRule",
    "Risk",
    "RiskAssurance",
    "RiskCategory",
    "RiskMatrix",
    "RiskReview",
    "SafetyAction",
    "SafetyEvent",
    "SelfAssessment",
    "Standard",
    "StandardEvidence",
    "StandardGroup",
    "StandardMapping",
    "StatementScore",
    "Triage",
]
