"""The fixed lists of the audits concept."""

from __future__ import annotations

from django.db import models


class AuditKind(models.TextChoices):
    CLINICAL_AUDIT = "clinical_audit", "Clinical audit"
    WARD_INSPECTION = "ward_inspection", "Ward inspection"
    ACCREDITATION = "accreditation", "Accreditation"
    PEER_REVIEW = "peer_review", "Peer review"


class QuestionKind(models.TextChoices):
    YES_NO = "yes_no", "Yes / no / not applicable"
    SCORE = "score", "Score (0 to a maximum)"
    NUMBER = "number", "Number"
    CHOICE = "choice", "Choice from a list"
    TEXT = "text", "Free text"


class EvidenceNeed(models.TextChoices):
    NONE = "none", "No evidence"
    OPTIONAL = "optional", "Evidence optional"
    REQUIRED = "required", "Evidence required"


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "na", "Not applicable"


class RunStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    SIGNED_OFF = "signed_off", "Signed off"


class FindingStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACTIONED = "actioned", "Action raised"
    CLOSED = "closed", "Closed without action"


class ScheduleFrequency(models.TextChoices):
    MONTH = "month", "Monthly"
    QUARTER = "quarter", "Quarterly"
