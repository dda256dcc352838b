"""The forms of the duty of candour: the notification (on the event's page), that it was not
possible, the list's filters' companion, and the organisation's nation."""

from __future__ import annotations

from typing import Any

from django import forms

from quadrant.assurance.incidents.candour.choices import NATION_CHOICES, NotPossibleReason
from quadrant.assurance.incidents.candour.models import NOTE_LIMIT, TEXT_LIMIT
from quadrant.assurance.incidents.models import too_long
from quadrant.core.views.generic import VersionedForm
from quadrant.core.widgets import NhsDateField

YES_NO = [("yes", "Yes"), ("no", "No")]


def _date(label: str, *, required: bool = False, **kwargs: Any) -> NhsDateField:
    field = NhsDateField(label=label, when="past", required=required, **kwargs)
    field.error_messages["past_or_today"] = f"{label} must be today or in the past"
    return field


def _text(label: str, limit: int, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=limit, required=False,
        error_messages={"max_length": too_long(label, limit)}, **kwargs,
    )  # fmt: skip


class NotificationForm(VersionedForm):
    """The conversation, the apology and the letter (each recorded when it happens)."""

    prefix = "candour"

    aware_on = _date(
        "Date the organisation became aware", required=True,
        error_messages={"required": "Enter the date the organisation became aware"},
        help_text="The clock starts on this day. For example, 2 11 2026",
    )  # fmt: skip
    conversation_on = _date(
        "Date of the notification conversation",
        help_text="The day someone told the patient or their family, in person or by phone.",
    )
    conversation_by = _text(
        "Who had the conversation", TEXT_LIMIT,
        help_text="Name and role, for example Dr A Shah, consultant.",
    )  # fmt: skip
    conversation_with = _text(
        "Whom it was with", TEXT_LIMIT,
        help_text="The relationship, for example the patient, or the patient's daughter. Do not "
        "write the patient's name.",
    )  # fmt: skip
    apology_given = forms.ChoiceField(
        label="Was an apology given?", choices=YES_NO, widget=forms.RadioSelect, required=False
    )
    letter_on = _date(
        "Date of the notification letter",
        help_text="The written notification that follows the conversation.",
    )

    def clean_apology_given(self) -> bool | None:
        value = self.cleaned_data.get("apology_given")
        return {"yes": True, "no": False}.get(value or "")

    @classmethod
    def for_record(cls, record: Any) -> NotificationForm:
        apology = {True: "yes", False: "no"}.get(record.apology_given, "")
        initial = {
            "version": record.version, "aware_on": record.aware_on,
            "conversation_on": record.conversation_on, "conversation_by": record.conversation_by,
            "conversation_with": record.conversation_with, "apology_given": apology,
            "letter_on": record.letter_on,
        }  # fmt: skip
        return cls(initial=initial)


class NotPossibleForm(VersionedForm):
    """The notification could not be made: the reason stops the clock."""

    prefix = "not_possible"

    reason = forms.ChoiceField(
        label="Why was it not possible?", choices=NotPossibleReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the notification was not possible"},
    )  # fmt: skip
    note = forms.CharField(
        label="What happened", max_length=NOTE_LIMIT, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": too_long("What happened", NOTE_LIMIT)},
        help_text="For example the attempts made to contact the family. Needed for another "
        "reason. No patient's name.",
    )  # fmt: skip

    @classmethod
    def for_record(cls, record: Any) -> NotPossibleForm:
        return cls(initial={"version": record.version, "reason": record.not_possible_reason,
                            "note": record.not_possible_note})  # fmt: skip


class NationForm(VersionedForm):
    nation = forms.ChoiceField(
        label="Which nation's bank holidays does the clock skip?", choices=NATION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the nation your organisation is in"},
        help_text="Weekends and these bank holidays are not working days. Records opened from "
        "now on use it; open records keep their deadline.",
    )  # fmt: skip
