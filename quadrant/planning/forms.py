"""Forms of the planning pages."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from quadrant.core.permissions import Capability, restrict
from quadrant.core.references import referable
from quadrant.core.views.generic import VersionedForm, VersionedModelForm
from quadrant.core.widgets import NhsDateField, NhsMessagesMixin
from quadrant.language.models import QualityDomain
from quadrant.organisation.fields import UnitChoiceField
from quadrant.planning.choices import MeasureRole
from quadrant.planning.models import Goal, StrategicAim
from quadrant.planning.periods import year_choices, year_label, year_of

if TYPE_CHECKING:
    # Django's ModelForm is generic over the model in the stubs only.
    _GoalModelForm = forms.ModelForm[Goal]
else:
    _GoalModelForm = forms.ModelForm


def _unit_field(user: Any, belongs: str = "goal") -> UnitChoiceField:
    return UnitChoiceField(
        user,
        Capability.EDIT_GOALS,
        active_only=False,
        label="Unit",
        error_messages={"required": f"Choose the unit the {belongs} belongs to"},
    )


def _year_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, coerce=int, choices=year_choices(year_of(dt.date.today()))
    )


class StrategyForm(NhsMessagesMixin, forms.Form):
    title = forms.CharField(
        max_length=200, error_messages={"required": "Enter the strategy's title"}
    )
    first_year = _year_field("First financial year")
    last_year = _year_field("Last financial year")
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    aims = forms.CharField(
        label="Strategic aims",
        help_text="One aim a line.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"] = _unit_field(user, "strategy")
        self.order_fields(["title", "org_unit", "first_year", "last_year", "summary", "aims"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("last_year") is not None and data["last_year"] < data.get("first_year", 0):
            self.add_error("last_year", "The strategy must end in or after the year it starts.")
        return data


def _years_keeping(*years: int | None) -> list[tuple[int, str]]:
    """The usual financial years, and any of YEARS outside them (a record's own years)."""
    choices = dict(year_choices(year_of(dt.date.today())))
    for year in years:
        if year is not None:
            choices.setdefault(year, year_label(year))
    return sorted(choices.items())


class StrategyEditForm(VersionedForm):
    """A strategy's title, years and summary (its unit and aims are changed elsewhere)."""

    title = forms.CharField(
        max_length=200, error_messages={"required": "Enter the strategy's title"}
    )
    first_year = _year_field("First financial year")
    last_year = _year_field("Last financial year")
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, keep_years: tuple[int, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_year", "last_year"):
            self.fields[name].choices = _years_keeping(*keep_years)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_year"), data.get("last_year")
        if first is not None and last is not None and last < first:
            self.add_error("last_year", "The strategy must end in or after the year it starts.")
        return data


class AimForm(forms.Form):
    title = forms.CharField(
        label="Aim",
        max_length=200,
        help_text="For example, “Zero avoidable harm”.",
        error_messages={
            "required": "Enter the aim",
            "max_length": "The aim must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description",
        required=False,
        help_text="What the aim means for patients and staff (optional).",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AimEditForm(VersionedForm, AimForm):
    pass


class ArchiveForm(VersionedForm):
    """Only the version the person saw: archiving asks for nothing else."""


class OwnerField(forms.CharField):
    """The goal's owner by username (a list of every member of staff would be too long): one
    the user may name (core.references), else refused like a username nobody has."""

    reference_key = "username"

    def __init__(self, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Owner's username")
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "The person who answers for this goal, for example jsmith.")
        super().__init__(max_length=150, **kwargs)
        self.user = user

    def prepare_value(self, value: Any) -> Any:
        from quadrant.organisation.models import Person

        if isinstance(value, int):
            found = Person.objects.filter(pk=value).values_list("username", flat=True).first()
            return found or ""
        return getattr(value, "username", value)

    def clean(self, value: Any) -> Any:
        from quadrant.organisation.models import Person

        username = (super().clean(value) or "").strip()
        if not username:
            return None
        person = (
            referable(Person.objects.all(), self.user)
            .filter(username__iexact=username, is_active=True)
            .first()
        )
        if person is None:
            raise ValidationError(f"No active person you can see has the username “{username}”.")
        return person


class GoalFields(NhsMessagesMixin, _GoalModelForm):
    """What a goal's creation and edit forms share."""

    class Meta:
        model = Goal
        fields = [
            "title",
            "statement",
            "org_unit",
            "parent",
            "aim",
            "owner",
            "domains",
            "first_year",
            "last_year",
            "status",
            "review_cadence",
            "next_review",
            "rag",
            "rag_rationale",
        ]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 3}),
            "rag_rationale": forms.Textarea(attrs={"rows": 2}),
            "domains": forms.CheckboxSelectMultiple,
        }
        field_classes = {"next_review": NhsDateField}
        help_texts = {
            "rag": "Only used where no measure is linked: progress then comes from the measures.",
            "parent": "The goal above this one in the cascade, if any.",
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"] = _unit_field(user)
        self.fields["owner"] = OwnerField(user)
        visible = restrict(Goal.objects.all(), user, Capability.VIEW).filter(
            archived_at__isnull=True
        )
        if self.instance.pk:
            visible = visible.exclude(pk=self.instance.pk)
        parent = cast("forms.ModelChoiceField[Goal]", self.fields["parent"])
        parent.queryset = visible.select_related("org_unit")
        # This one field labels goals with their unit (Django calls it on the field).
        parent.label_from_instance = lambda g: f"{g.title} ({g.org_unit})"  # type: ignore[assignment]
        live_aims = Q(archived_at__isnull=True)
        if self.instance.aim_id is not None:
            live_aims |= Q(pk=self.instance.aim_id)  # keep the goal's own aim if archived since
        cast("forms.ModelChoiceField[StrategicAim]", self.fields["aim"]).queryset = restrict(
            StrategicAim.objects.all(), user, Capability.VIEW
        ).filter(live_aims)
        domains = cast("forms.ModelMultipleChoiceField[QualityDomain]", self.fields["domains"])
        domains.queryset = QualityDomain.in_use()
        years = year_choices(year_of(dt.date.today()))
        for name in ("first_year", "last_year"):
            self.fields[name] = forms.TypedChoiceField(
                label=str(self.fields[name].label).capitalize(), coerce=int, choices=years
            )
        self.fields["first_year"].label = "First financial year"
        self.fields["last_year"].label = "Last financial year"
        self.fields["title"].error_messages["required"] = "Enter a short title for the goal"
        self.fields["statement"].error_messages["required"] = (
            "Enter the goal's statement: what, how much, by when"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_year"), data.get("last_year")
        if first is not None and last is not None and last < first:
            self.add_error("last_year", "The goal must end in or after the year it starts.")
        return data

    def _post_clean(self) -> None:
        """Model validation happens in the services, which name each broken rule."""


class GoalEditForm(VersionedModelForm, GoalFields):
    class Meta(GoalFields.Meta):
        fields = GoalFields.Meta.fields


class MeasureLinkForm(NhsMessagesMixin, forms.Form):
    code = forms.CharField(
        label="Measure code",
        max_length=40,
        error_messages={"required": "Enter the code of the measure to link"},
    )
    role = forms.ChoiceField(
        label="Linked as",
        choices=MeasureRole.choices,
        error_messages={"required": "Select how the measure is linked"},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_code(self) -> Any:
        from django.apps import apps

        code = self.cleaned_data["code"].strip()
        measure_model = apps.get_model("control", "Measure")
        measure = (
            restrict(measure_model.objects.all(), self.user, Capability.VIEW)
            .filter(code__iexact=code, archived_at__isnull=True)
            .first()
        )
        if measure is None:
            raise ValidationError(f"No measure you can see has the code “{code}”.")
        return measure


class DiagramForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title"})
    aim = forms.CharField(
        label="Aim",
        help_text="What will improve, by how much, by when.",
        max_length=300,
        error_messages={"required": "Enter the aim: what, how much, by when"},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"] = _unit_field(user, "driver diagram")
        self.fields["goal"] = forms.ModelChoiceField(
            label="Goal it serves",
            required=False,
            queryset=restrict(Goal.objects.all(), user, Capability.VIEW).filter(
                archived_at__isnull=True
            ),
        )
