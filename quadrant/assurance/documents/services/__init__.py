"""The writes of controlled documents, each one transaction through core's recorded services:
documents and their drafts, review and approval (the electronic signature), revisions opened
from an adopted change in improvement, and the staff's acknowledgements."""

from quadrant.assurance.documents.services.acknowledgements import acknowledge_version
from quadrant.assurance.documents.services.approval import (
    approve_version,
    record_review,
    return_to_draft,
    submit_for_review,
)
from quadrant.assurance.documents.services.documents import (
    create_document,
    new_draft,
    update_document,
    update_draft,
)
from quadrant.assurance.documents.services.revisions import open_revision_from_change

__all__ = [
    "acknowledge_version",
    "approve_version",
    "create_document",
    "new_draft",
    "open_revision_from_change",
    "record_review",
    "return_to_draft",
    "submit_for_review",
    "update_document",
    "update_draft",
]
