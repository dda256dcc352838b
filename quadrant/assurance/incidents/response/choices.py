"""The words of triage and learning responses: PSIRF's response types, SEIPS's work-system
factors and the people engaged in a response."""

from __future__ import annotations

from django.db import models

#: Physical harm levels (LFPSE codes) from least to most, for "this harm or worse" rules.
HARM_ORDER = ("none", "low", "moderate", "severe", "fatal")


def harm_rank(code: str) -> int:
    """The place of a harm level in HARM_ORDER (-1 for none given)."""
    return HARM_ORDER.index(code) if code in HARM_ORDER else -1


class ResponseType(models.TextChoices):
    """PSIRF's learning response methods (NHS England, PSIRF standards v1.2 and its guide to
    responding proportionately), and the choice to respond no further."""

    SWARM_HUDDLE = "swarm_huddle", "Swarm huddle"
    AFTER_ACTION_REVIEW = "after_action_review", "After action review"
    MDT_REVIEW = "mdt_review", "Multidisciplinary team review"
    PSII = "psii", "Patient safety incident investigation (PSII)"
    THEMATIC_REVIEW = "thematic_review", "Thematic review"
    NO_FURTHER_RESPONSE = "no_further_response", "No further response"


#: The responses that are learning responses (a record with a lead, a due date, findings).
LEARNING_RESPONSES = tuple(
    choice for choice in ResponseType if choice != ResponseType.NO_FURTHER_RESPONSE
)


class ResponseStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    UNDER_WAY = "under_way", "Under way"
    REPORT_DRAFTED = "report_drafted", "Draft report shared"
    COMPLETED = "completed", "Completed"


OPEN_RESPONSE_STATUSES = (
    ResponseStatus.PLANNED,
    ResponseStatus.UNDER_WAY,
    ResponseStatus.REPORT_DRAFTED,
)


class SeipsFactor(models.TextChoices):
    """The Systems Engineering Initiative for Patient Safety (SEIPS 101) work-system factors,
    as PSIRF's learning response toolkit names them."""

    PERSON = "person", "Person"
    TASKS = "tasks", "Tasks"
    TOOLS = "tools_technology", "Tools and technology"
    ORGANISATION = "organisation", "Organisation"
    INTERNAL_ENVIRONMENT = "internal_environment", "Internal environment"
    EXTERNAL_ENVIRONMENT = "external_environment", "External environment"


class EngagedPerson(models.TextChoices):
    PATIENT = "patient", "The patient"
    FAMILY = "family", "Family or carer"
    STAFF = "staff", "Staff involved"
    OTHER = "other", "Someone else"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "In use"
    RETIRED = "retired", "Replaced"


#: The after action review's four questions, in PSIRF's words.
AAR_QUESTIONS = (
    ("expected", "What was expected to happen?"),
    ("happened", "What actually happened?"),
    ("difference", "Why was there a difference?"),
    ("learned", "What can be learned?"),
)
