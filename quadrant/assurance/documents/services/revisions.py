"""The way back from improvement: a change adopted in a PDSA cycle becomes how work is done by
opening a revision — a new draft — of the procedure it changes, linked to the change idea."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from quadrant.assurance.documents.choices import REVISABLE_BY_CHANGE
from quadrant.assurance.documents.models import Document, DocumentVersion
from quadrant.assurance.documents.services.documents import new_draft
from quadrant.core.permissions import Capability, may
from quadrant.improvement.public import ActDecision


def open_revision_from_change(
    document: Document, change_idea: Any, *, actor: Any
) -> DocumentVersion:
    """A new draft of DOCUMENT (a procedure, SOP or guideline its editors may change) from
    CHANGE_IDEA, an adopted change of a project ACTOR may see."""
    if not may(actor, Capability.VIEW, change_idea.project):
        raise PermissionDenied("You may only revise a procedure from a change you can see.")
    if change_idea.decision != ActDecision.ADOPT:
        raise ValidationError(
            {"change_idea": "Only an adopted change can revise a procedure: adopt it first"}
        )
    if document.doc_type not in REVISABLE_BY_CHANGE:
        kind = document.get_doc_type_display().lower()
        raise ValidationError(
            {
                "document": f"{document.identifier} is a {kind}: "
                "choose a procedure, standard operating procedure or guideline"
            }
        )
    project = change_idea.project
    summary = (
        f"Revised after the change “{change_idea.title}” was adopted by the project "
        f"“{project.title}”."
    )
    return new_draft(document, actor=actor, change_summary=summary, from_change=change_idea)
