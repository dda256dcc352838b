"""Forms of the action tracker (also used to turn a signal into an action)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms

from quadrant.core.permissions import Capability, restrict
from quadrant.core.uploads import EvidenceFileField
from quadrant.core.widgets import NhsDateField, NhsMessagesMixin

if TYPE_CHECKING:
    from quadrant.organisation.models import Person

    # Django's ModelChoiceField is generic over the model in the stubs only.
    _PersonChoiceFieldBase = forms.ModelChoiceField[Person]
else:
    _PersonChoiceFieldBase = forms.ModelChoiceField


def people_for(unit: Any) -> Any:
    """Active people who hold a role at UNIT or a unit above it (who could own its actions)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, F, OuterRef, Value
    from django.db.models.lookups import StartsWith

    from quadrant.organisation.models import Membership

    covering = Membership.objects.filter(
        person=OuterRef("pk"), archived_at__isnull=True, org_unit__active=True
    ).filter(StartsWith(Value(unit.path), F("org_unit__path")))
    return (
        get_user_model()
        .objects.filter(Exists(covering), is_active=True)
        .order_by("first_name", "last_name", "username")
    )


class PersonChoiceField(_PersonChoiceFieldBase):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.job_title})" if getattr(obj, "job_title", "") else name


class DueDateField(NhsDateField):
    default_error_messages = {"required": "Enter the date the action is due"}


class ActionForm(forms.Form):
    """Raise an action (from a signal, or on its own at a unit)."""

    title = forms.CharField(
        label="What needs to be done",
        max_length=200,
        error_messages={"required": "Enter what needs to be done"},
    )
    description = forms.CharField(
        label="Details", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_date = DueDateField(label="Due date")

    def __init__(self, *args: Any, unit: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = PersonChoiceField(
            queryset=people_for(unit),
            label="Owner",
            empty_label="Choose who will do it",
            error_messages={"required": "Choose who owns the action"},
            initial=user.pk,
        )
        self.order_fields(["title", "owner", "due_date", "description"])

    def clean_due_date(self) -> dt.date:
        due: dt.date = self.cleaned_data["due_date"]
        if due < dt.date.today():
            raise forms.ValidationError("The due date must be today or in the future")
        return due


class UnitActionForm(ActionForm):
    """Raise an action at a unit where the person manages actions."""

    def __init__(self, *args: Any, user: Any, unit: Any, **kwargs: Any) -> None:
        super().__init__(*args, unit=unit, user=user, **kwargs)


class EditActionForm(NhsMessagesMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    title = forms.CharField(
        label="What needs to be done",
        max_length=200,
        error_messages={"required": "Enter what needs to be done"},
    )
    description = forms.CharField(
        label="Details", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    due_date = DueDateField(label="Due date")


class CompleteForm(forms.Form):
    evidence = forms.CharField(
        label="Evidence that it is done",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What was done, and where the proof is (for example the audit that shows it).",
    )
    evidence_file = EvidenceFileField(label="Attach a photo or PDF (optional)", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("evidence") or "").strip() and not data.get("evidence_file"):
            self.add_error("evidence", "Describe the evidence that the action is done")
        return data


class ReassignForm(forms.Form):
    def __init__(self, *args: Any, unit: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = PersonChoiceField(
            queryset=people_for(unit),
            label="New owner",
            empty_label="Choose a person",
            error_messages={"required": "Choose who will own the action"},
        )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why the evidence does not show it done",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the action is being sent back"},
    )


def visible_actions(user: Any) -> Any:
    from quadrant.actions.models import Action

    return restrict(Action.objects.all(), user, Capability.VIEW).filter(archived_at__isnull=True)
