"""The writes of the audits concept (each through core's recorded services, in one
transaction): templates and their versions, runs, answers and sign-off."""

from quadrant.assurance.audits.services.evidence import attach_evidence, withdraw_evidence
from quadrant.assurance.audits.services.runs import save_answer, sign_off_run, start_run
from quadrant.assurance.audits.services.templates import (
    add_question,
    add_section,
    create_template,
    remove_question,
    update_question,
    update_template,
)

__all__ = [
    "add_question",
    "add_section",
    "attach_evidence",
    "create_template",
    "remove_question",
    "save_answer",
    "sign_off_run",
    "start_run",
    "update_question",
    "update_template",
    "withdraw_evidence",
]
