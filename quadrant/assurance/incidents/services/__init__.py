"""The writes of safety events (each through core's recorded services, in one transaction):
submitting a report, the reporter's draft, and the feedback the reporter reads."""

from quadrant.assurance.incidents.services.drafts import discard_draft, load_draft, save_draft
from quadrant.assurance.incidents.services.feedback import record_feedback
from quadrant.assurance.incidents.services.reports import (
    PATIENT_FIELDS,
    REPORT_FIELDS,
    Submitted,
    find_by_receipt,
    submit_report,
)

__all__ = [
    "PATIENT_FIELDS",
    "REPORT_FIELDS",
    "Submitted",
    "discard_draft",
    "find_by_receipt",
    "load_draft",
    "record_feedback",
    "save_draft",
    "submit_report",
]
