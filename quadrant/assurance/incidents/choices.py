"""The fixed lists of safety events. Event types and harm levels come from the national data
files (national.py); the codes the rules below name are checked against them by a test."""

from __future__ import annotations

from django.db import models

from quadrant.assurance.incidents import national

EVENT_TYPE_CHOICES = national.as_choices(national.event_types())
PHYSICAL_HARM_CHOICES = national.as_choices(national.physical_harms())
PSYCHOLOGICAL_HARM_CHOICES = national.as_choices(national.psychological_harms())
NEVER_EVENT_CHOICES = national.as_choices(national.never_events())
CATEGORY_CHOICES = national.as_choices(national.categories())

INCIDENT, OUTCOME, RISK, GOOD_CARE = "incident", "outcome", "risk", "good_care"
#: Event types that happened to someone: the reporter says how much harm they saw.
HARM_TYPES = frozenset({INCIDENT, OUTCOME})
NO_HARM = "none"
#: Harm at which the statutory duty of candour applies (moderate and above).
CANDOUR_HARMS = frozenset({"moderate", "severe", "fatal"})


class AffectedPerson(models.TextChoices):
    PATIENT = "patient", "A patient"
    STAFF = "staff", "A member of staff"
    VISITOR = "visitor", "A visitor or relative"
    OTHER = "other", "Someone else, or nobody"


class EventStatus(models.TextChoices):
    """Where a report is: submitted now; the triage and response states follow (issue 18)."""

    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Being reviewed"
    AWAITING_RESPONSE = "awaiting_response", "Learning response planned"
    IN_RESPONSE = "in_response", "Learning response under way"
    NO_FURTHER_RESPONSE = "no_further_response", "Closed: no further response needed"
    CLOSED = "closed", "Closed"
