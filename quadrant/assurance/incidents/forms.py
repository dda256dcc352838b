"""The report form (one page for a phone: five questions need an answer, the rest help), the
feedback form of the safety team and the receipt form of an anonymous reporter."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms

from quadrant.assurance.incidents.choices import (
    CATEGORY_CHOICES,
    EVENT_TYPE_CHOICES,
    HARM_TYPES,
    NEVER_EVENT_CHOICES,
    PHYSICAL_HARM_CHOICES,
    PSYCHOLOGICAL_HARM_CHOICES,
    AffectedPerson,
)
from quadrant.assurance.incidents.models import (
    ACTIONS_LIMIT,
    DESCRIPTION_LIMIT,
    FEEDBACK_LIMIT,
    FUTURE_DATE,
    too_long,
)
from quadrant.core.permissions import Capability
from quadrant.core.widgets import NhsDateField, NhsMessagesMixin
from quadrant.organisation.fields import UnitChoiceField


def _text(label: str, limit: int, *, required: bool = False, rows: int = 0, **kw: Any) -> Any:
    messages = {"max_length": too_long(label, limit)}
    if required:
        messages["required"] = kw.pop("message")
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label, max_length=limit, required=required, error_messages=messages,
        widget=widget, **kw,
    )  # fmt: skip


class EventDateField(NhsDateField):
    """The date of the event: today or before, said the way the service manual says it."""

    default_error_messages = {
        **NhsDateField.default_error_messages,
        "past_or_today": FUTURE_DATE,
    }


def new_submission_token() -> str:
    return secrets.token_urlsafe(24)


class ReportForm(NhsMessagesMixin, forms.Form):
    # The page's one-time token: the same page sent twice makes one report (services.reports).
    submission = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64, initial=new_submission_token
    )
    event_type = forms.ChoiceField(
        label="What are you reporting?", choices=EVENT_TYPE_CHOICES, widget=forms.RadioSelect,
        error_messages={"required": "Select what you are reporting"},
    )  # fmt: skip
    description = _text(
        "What happened?", DESCRIPTION_LIMIT, required=True, rows=5,
        message="Enter what happened",
        help_text="The facts, as you saw them. Do not write the patient's name here: there is "
        "a place for it below that only the safety team sees.",
    )  # fmt: skip
    occurred_on = EventDateField(
        label="Date of the event", when="past",
        error_messages={"required": "Enter the date of the event"},
    )  # fmt: skip
    occurred_at = forms.TimeField(
        label="Time of the event", required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Enter the time of the event like 14:30"},
        help_text="If you know it, roughly.",
    )  # fmt: skip
    location = _text(
        "Where exactly?", 200, help_text="For example bay 3, the corridor by the lifts."
    )
    affected = forms.ChoiceField(
        label="Who was affected?", choices=AffectedPerson.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select who was affected"},
    )  # fmt: skip
    physical_harm = forms.ChoiceField(
        label="Physical harm, as far as you can tell", choices=PHYSICAL_HARM_CHOICES,
        widget=forms.RadioSelect, required=False,
        help_text="Needed for an incident or a poor outcome. The safety team will check it.",
    )  # fmt: skip
    psychological_harm = forms.ChoiceField(
        label="Psychological harm, as far as you can tell", choices=PSYCHOLOGICAL_HARM_CHOICES,
        widget=forms.RadioSelect, required=False,
    )  # fmt: skip
    immediate_actions = _text(
        "What was done straight away?", ACTIONS_LIMIT, rows=3,
        help_text="For example: doctor called, patient checked, area made safe.",
    )  # fmt: skip
    category = forms.ChoiceField(
        label="Which category fits best?", choices=[("", "Choose a category"), *CATEGORY_CHOICES],
        error_messages={"required": "Select the category that fits best"},
    )  # fmt: skip
    never_event_type = forms.ChoiceField(
        label="Is it a Never Event?",
        choices=[("", "No, or I do not know"), *NEVER_EVENT_CHOICES],
        required=False, help_text="The national list of events that should never happen.",
    )  # fmt: skip
    reportable_to_cqc = forms.BooleanField(
        label="It should be reported to the Care Quality Commission (CQC)", required=False
    )
    patient_name = _text("Patient's name", 200)
    patient_nhs_number = forms.CharField(
        label="NHS number", required=False, max_length=14,
        error_messages={"max_length": "Enter a valid NHS number, like 943 476 5919: it has "
                        "10 digits"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip
    patient_date_of_birth = NhsDateField(label="Date of birth", when="past", required=False)
    patient_hospital_number = _text("Hospital number", 20)
    anonymous = forms.BooleanField(
        label="Report anonymously", required=False,
        help_text="Nothing that says who you are is kept with the report. You get a receipt "
        "code to read the feedback; your draft stays on this device only.",
    )  # fmt: skip

    APART = ("anonymous", "submission")
    PATIENT_NAMES = (
        "patient_name", "patient_nhs_number", "patient_date_of_birth", "patient_hospital_number"
    )  # fmt: skip

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"] = UnitChoiceField(
            user, Capability.REPORT_INCIDENT, label="Unit where it happened",
            error_messages={"required": "Select the unit where it happened"},
        )  # fmt: skip
        if user.home_unit_id and "org_unit" not in self.initial:
            self.initial["org_unit"] = user.home_unit_id
        self.order_fields(["event_type", "description", "occurred_on", "occurred_at",
                           "org_unit", "location", "affected"])  # fmt: skip
        self.fields["patient_date_of_birth"].error_messages["past_or_today"] = (
            "Date of birth must be today or in the past"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("event_type") in HARM_TYPES and not data.get("physical_harm"):
            self.add_error("physical_harm", "Select the physical harm you saw, or no physical harm")
        return data

    def report_fields(self) -> dict[str, Any]:
        """The cleaned answers under the service's names (anonymous and the page's token are
        given to the service apart)."""
        return {name: value for name, value in self.cleaned_data.items()
                if name not in self.APART}  # fmt: skip

    @property
    def report_questions(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.PATIENT_NAMES
                and name not in self.APART]  # fmt: skip

    @property
    def patient_questions(self) -> list[forms.BoundField]:
        return [self[name] for name in self.PATIENT_NAMES]


class FeedbackForm(NhsMessagesMixin, forms.Form):
    feedback = _text(
        "What we learned and did", FEEDBACK_LIMIT, required=True, rows=5,
        message="Enter what was learned and done",
        help_text="The reporter reads this. Plain words, and no patient details.",
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReceiptForm(NhsMessagesMixin, forms.Form):
    code = forms.CharField(
        label="Receipt code", max_length=40,
        error_messages={"required": "Enter your receipt code",
                        "max_length": "Enter the receipt code as it was given, like "
                        "ABCD-EFGH-JKMN-PQRS"},
        help_text="The code you were given when you sent your report, like ABCD-EFGH-JKMN-PQRS.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )  # fmt: skip
