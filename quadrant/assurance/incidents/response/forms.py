"""The forms of triage, learning responses and the response plan."""

from __future__ import annotations

from typing import Any

from django import forms

from quadrant.actions.public import ActionForm, PersonChoiceField, people_for
from quadrant.assurance.incidents.choices import (
    CATEGORY_CHOICES,
    EVENT_TYPE_CHOICES,
    PHYSICAL_HARM_CHOICES,
    PSYCHOLOGICAL_HARM_CHOICES,
)
from quadrant.assurance.incidents.models import too_long
from quadrant.assurance.incidents.response.choices import (
    AAR_QUESTIONS,
    EngagedPerson,
    ResponseType,
    SeipsFactor,
)
from quadrant.assurance.incidents.response.models import RATIONALE_LIMIT, TEXT_LIMIT
from quadrant.control.public import Measure
from quadrant.core.permissions import restrict
from quadrant.core.widgets import NhsDateField, NhsMessagesMixin


def _text(
    label: str, limit: int = TEXT_LIMIT, *, required: bool = False, rows: int = 4, **kw: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        error_messages={"max_length": too_long(label, limit)},
        widget=forms.Textarea(attrs={"rows": rows}),
        **kw,
    )


def _blank(choices: Any, label: str) -> list[tuple[str, str]]:
    return [("", label), *choices]


class VersionForm(NhsMessagesMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class TriageForm(NhsMessagesMixin, forms.Form):
    category = forms.ChoiceField(label="Category", choices=_blank(CATEGORY_CHOICES, "Select"))
    physical_harm = forms.ChoiceField(
        label="Physical harm",
        required=False,
        choices=_blank(PHYSICAL_HARM_CHOICES, "Not applicable (not an incident or outcome)"),
    )
    psychological_harm = forms.ChoiceField(
        label="Psychological harm",
        required=False,
        choices=_blank(PSYCHOLOGICAL_HARM_CHOICES, "Not known"),
    )
    response_type = forms.ChoiceField(
        label="Response", choices=ResponseType.choices, widget=forms.RadioSelect
    )
    rationale = _text(
        "Why this response",
        RATIONALE_LIMIT,
        rows=3,
        help_text="Needed when you choose a different response from the plan's.",
    )
    due_date = NhsDateField(
        label="Complete by",
        required=False,
        when="future",
        help_text="Leave blank for the plan's timescale.",
    )

    def __init__(self, *args: Any, event: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"] = PersonChoiceField(
            queryset=people_for(event.org_unit),
            label="Lead of the learning response",
            required=False,
            empty_label="Select who will lead it",
        )
        self.order_fields(
            [
                "category",
                "physical_harm",
                "psychological_harm",
                "response_type",
                "rationale",
                "lead",
                "due_date",
            ]
        )


class ReviewForm(VersionForm):
    """The after action review's four answers, or another response's summary."""

    expected = _text(AAR_QUESTIONS[0][1])
    happened = _text(AAR_QUESTIONS[1][1])
    difference = _text(AAR_QUESTIONS[2][1])
    learned = _text(AAR_QUESTIONS[3][1])
    summary = _text("Summary of the learning", rows=6)

    def __init__(self, *args: Any, after_action_review: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shown = [name for name, _ in AAR_QUESTIONS] if after_action_review else ["summary"]
        for name in list(self.fields):
            if name not in (*shown, "version"):
                del self.fields[name]


class FindingForm(NhsMessagesMixin, forms.Form):
    factor = forms.ChoiceField(
        label="Work-system factor (SEIPS)", choices=_blank(SeipsFactor.choices, "Select")
    )
    text = _text("What was found", 2000, required=True, rows=3)


class RelatedEventForm(NhsMessagesMixin, forms.Form):
    reference = forms.CharField(
        label="Reference of the event",
        help_text="For example, PSE-2026-000123",
        max_length=20,
        error_messages={
            "required": "Enter the reference of the event",
            "max_length": too_long("The reference", 20),
        },
    )


class EngagementForm(NhsMessagesMixin, forms.Form):
    person = forms.ChoiceField(label="Who", choices=EngagedPerson.choices, widget=forms.RadioSelect)
    with_whom = forms.CharField(
        label="Who exactly",
        max_length=200,
        required=False,
        help_text="In plain words, without a name: “the patient's daughter”, “the night nurse”.",
        error_messages={"max_length": too_long("Who exactly", 200)},
    )
    held_on = NhsDateField(label="Date", when="past")
    said = _text("What they said", required=True)
    draft_comments = _text("Their comments on the draft report")


class SafetyActionForm(ActionForm):
    """An action of the tracker, with the measure that will show whether it worked."""

    def __init__(self, *args: Any, unit: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, unit=unit, user=user, **kwargs)
        measures = restrict(Measure.objects.filter(archived_at__isnull=True), user).order_by("name")
        self.fields["measure"] = forms.ModelChoiceField(
            queryset=measures,
            required=False,
            label="Measure that will show whether it worked",
            empty_label="None yet",
        )


class RuleForm(VersionForm):
    title = forms.CharField(
        label="What the rule covers",
        max_length=200,
        error_messages={"max_length": too_long("What the rule covers", 200)},
    )
    event_type = forms.ChoiceField(
        label="Type of event", required=False, choices=_blank(EVENT_TYPE_CHOICES, "Any type")
    )
    category = forms.ChoiceField(
        label="Category", required=False, choices=_blank(CATEGORY_CHOICES, "Any category")
    )
    min_physical_harm = forms.ChoiceField(
        label="Physical harm at least",
        required=False,
        choices=_blank(PHYSICAL_HARM_CHOICES, "Any harm"),
    )
    never_event = forms.BooleanField(label="Never Events only", required=False)
    response_type = forms.ChoiceField(label="Response", choices=ResponseType.choices)
    timescale_days = forms.IntegerField(
        label="Days to complete the response",
        min_value=0,
        max_value=365,
        initial=30,
        error_messages={
            "min_value": "Days to complete must be 0 or more",
            "max_value": "Days to complete must be 365 or fewer",
            "invalid": "Days to complete must be a whole number",
        },
    )
    national_priority = forms.BooleanField(
        label="A national priority (a PSII is required)", required=False
    )


class PublishForm(NhsMessagesMixin, forms.Form):
    summary = _text("What changed in this version", 2000, required=True, rows=3)
