"""Forms of the risk pages: a risk (new and edited), a review of its current rating, its
status, de-escalation, an assurance, and the organisation's settings. Each form only reads
and checks what was typed; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms

from quadrant.assurance.risks import scoring
from quadrant.assurance.risks.choices import AssuranceLevel, AssuranceLine, RiskStatus
from quadrant.assurance.risks.matrix import live_categories, matrix_or_defaults
from quadrant.assurance.risks.models import RiskCategory, RiskMatrix
from quadrant.assurance.risks.services.assurances import ASSURANCE_RECORDS, CHOOSE_KIND
from quadrant.assurance.risks.services.settings import BAND_FIELDS, WORD_FIELDS
from quadrant.core.permissions import Capability, restrict
from quadrant.core.views.generic import VersionedForm
from quadrant.core.widgets import NhsDateField, NhsMessagesMixin
from quadrant.organisation.fields import UnitChoiceField


class LevelField(forms.TypedChoiceField):
    """A level of the matrix, 1 to 5, each shown with the organisation's words."""

    def __init__(self, label: str, words: list[str], **kwargs: Any) -> None:
        what = label[0].lower() + label[1:]
        super().__init__(
            label=label,
            choices=[(level, f"{level}: {word}") for level, word in zip(scoring.LEVELS, words,
                                                                        strict=True)],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={
                "required": f"Choose the {what}, 1 to 5",
                "invalid_choice": f"Choose the {what}, 1 to 5",
            },
            **kwargs,
        )  # fmt: skip


class ReviewDateField(NhsDateField):
    default_error_messages = {
        **NhsDateField.default_error_messages,
        "required": "Enter the date of the next review",
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Next review")
        kwargs.setdefault("help_text", "For example, 31 3 2027")
        super().__init__(when="future", today=True, **kwargs)


class PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


def rating_fields(matrix: RiskMatrix, *ratings: str) -> dict[str, forms.Field]:
    """The likelihood and consequence fields of each of RATINGS (initial, current, target)."""
    fields: dict[str, forms.Field] = {}
    for rating in ratings:
        for axis in ("likelihood", "consequence"):
            label = f"{rating.capitalize()} {axis}"
            fields[f"{rating}_{axis}"] = LevelField(label, matrix.words(axis))
    return fields


TEXT_HELP = "One a line."


class RiskFieldsMixin:
    """The fields a risk shares between its new and its edit form."""

    fields: dict[str, forms.Field]

    def add_risk_fields(self, user: Any, ratings: tuple[str, ...]) -> None:
        from django.contrib.auth import get_user_model

        matrix = matrix_or_defaults()
        people = restrict(get_user_model().objects.filter(is_active=True), user, Capability.VIEW)
        self.fields.update(
            {
                "title": forms.CharField(
                    max_length=200, error_messages={"required": "Enter the risk's title"}
                ),
                "cause": forms.CharField(
                    label="Cause", help_text="Because of …",
                    widget=forms.Textarea(attrs={"rows": 2}),
                    error_messages={"required": "Enter the cause of the risk"},
                ),
                "event": forms.CharField(
                    label="Event", help_text="… there is a risk that …",
                    widget=forms.Textarea(attrs={"rows": 2}),
                    error_messages={"required": "Enter the event the risk is of"},
                ),
                "effect": forms.CharField(
                    label="Effect", help_text="… which would lead to …",
                    widget=forms.Textarea(attrs={"rows": 2}),
                    error_messages={"required": "Enter the effect if it happened"},
                ),
                "owner": PersonChoice(
                    queryset=people.order_by("first_name", "last_name", "username"),
                    empty_label="Choose the owner",
                    error_messages={"required": "Choose the risk's owner",
                                    "invalid_choice": "Choose the risk's owner"},
                ),
                "category": forms.ModelChoiceField(
                    queryset=RiskCategory.objects.filter(
                        pk__in=[c.pk for c in live_categories()]
                    ),
                    empty_label="Choose a category",
                    error_messages={"required": "Choose the risk's category",
                                    "invalid_choice": "Choose the risk's category"},
                ),
                **rating_fields(matrix, *ratings),
                "controls": forms.CharField(
                    required=False, help_text=TEXT_HELP, widget=forms.Textarea(attrs={"rows": 3})
                ),
                "gaps_in_control": forms.CharField(
                    label="Gaps in control", required=False, help_text=TEXT_HELP,
                    widget=forms.Textarea(attrs={"rows": 3}),
                ),
                "gaps_in_assurance": forms.CharField(
                    label="Gaps in assurance", required=False, help_text=TEXT_HELP,
                    widget=forms.Textarea(attrs={"rows": 3}),
                ),
                "review_date": ReviewDateField(),
            }
        )  # fmt: skip


class RiskForm(NhsMessagesMixin, RiskFieldsMixin, forms.Form):
    """A new risk, at a unit where the person manages risks."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"] = UnitChoiceField(
            user, Capability.MANAGE_RISKS, label="Unit",
            error_messages={"required": "Choose the unit the risk belongs to",
                            "invalid_choice": "Choose the unit the risk belongs to"},
        )  # fmt: skip
        self.add_risk_fields(user, ("initial", "current", "target"))
        self.order_fields(["title", "org_unit"])


class RiskEditForm(RiskFieldsMixin, VersionedForm):
    """What a risk says and its initial and target ratings (the current one is reviewed)."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_risk_fields(user, ("initial", "target"))


class ReviewForm(VersionedForm):
    """A review: the current rating as it stands now, what was found, the next review."""

    note = forms.CharField(
        label="What the review found", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        matrix = matrix_or_defaults()
        self.fields["likelihood"] = LevelField("Current likelihood", matrix.words("likelihood"))
        self.fields["consequence"] = LevelField("Current consequence", matrix.words("consequence"))
        self.fields["review_date"] = ReviewDateField()
        self.order_fields(["likelihood", "consequence", "note", "review_date"])


class StatusForm(VersionedForm):
    status = forms.ChoiceField(
        choices=RiskStatus.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose the risk's status",
                        "invalid_choice": "Choose open, tolerated or closed"},
    )  # fmt: skip
    reason = forms.CharField(
        label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed to tolerate or close a risk.",
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status = data.get("status")
        if (
            status in (RiskStatus.TOLERATED, RiskStatus.CLOSED)
            and not (data.get("reason") or "").strip()
        ):
            word = RiskStatus(status).label.lower()
            self.add_error("reason", f"Enter the reason the risk is {word}")
        return data


class DeescalateForm(VersionedForm):
    reason = forms.CharField(
        label="Why it can come back to its unit's register",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for de-escalating the risk"},
    )


class AssuranceForm(NhsMessagesMixin, forms.Form):
    record_type = forms.ChoiceField(
        label="Kind of record", choices=list(ASSURANCE_RECORDS.items()), widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of record",
                        "invalid_choice": CHOOSE_KIND},
    )  # fmt: skip
    record = forms.CharField(
        label="Code or id of the record", max_length=100,
        help_text="For example the measure's or the audit template's code, or the "
        "document's identifier.",
        error_messages={"required": "Enter the code or id of the record"},
    )  # fmt: skip
    line = forms.TypedChoiceField(
        label="Line of assurance", choices=AssuranceLine.choices, coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the line of assurance",
                        "invalid_choice": "Choose the line of assurance: 1, 2 or 3"},
    )  # fmt: skip
    level = forms.ChoiceField(
        label="Level of assurance", choices=AssuranceLevel.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose the level of assurance",
                        "invalid_choice": "Choose the level: reasonable, limited or none"},
    )  # fmt: skip
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MatrixForm(VersionedForm):
    """The words of each level and the four bands (scoring.check_bands, in the service)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in WORD_FIELDS:
            axis, level = name.split("_")
            self.fields[name] = forms.CharField(
                label=f"{axis.capitalize()} {level}", max_length=60,
                error_messages={"required": f"Enter the words for {axis} {level}"},
            )  # fmt: skip
        for name in BAND_FIELDS:
            band, end = name.split("_")
            label = f"{band.capitalize()} band {'from' if end == 'lowest' else 'to'}"
            verb = "starts" if end == "lowest" else "ends"
            self.fields[name] = forms.IntegerField(
                label=label, min_value=1, max_value=25,
                widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2"}),
                error_messages={
                    "required": f"Enter where the {band} band {verb}",
                    "invalid": f"{label} must be a whole number from 1 to 25",
                    "min_value": f"{label} must be a whole number from 1 to 25",
                    "max_value": f"{label} must be a whole number from 1 to 25",
                },
            )  # fmt: skip


class CategoryForm(NhsMessagesMixin, forms.Form):
    name = forms.CharField(max_length=100, error_messages={"required": "Enter the category's name"})
    appetite = forms.IntegerField(
        label="Appetite", min_value=1, max_value=25,
        help_text="The highest current score this organisation tolerates for such risks.",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2"}),
        error_messages={
            "required": "Enter the appetite, a score from 1 to 25",
            "invalid": "Appetite must be a whole number from 1 to 25",
            "min_value": "Appetite must be a whole number from 1 to 25",
            "max_value": "Appetite must be a whole number from 1 to 25",
        },
    )  # fmt: skip
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CategoryEditForm(CategoryForm, VersionedForm):
    pass


class ThresholdForm(NhsMessagesMixin, forms.Form):
    threshold = forms.IntegerField(
        label="Escalation threshold", min_value=1, max_value=25,
        help_text="A risk of this unit whose current score reaches it goes up the tree.",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2"}),
        error_messages={
            "required": "Enter the escalation threshold, a score from 1 to 25",
            "invalid": "Escalation threshold must be a whole number from 1 to 25",
            "min_value": "Escalation threshold must be a whole number from 1 to 25",
            "max_value": "Escalation threshold must be a whole number from 1 to 25",
        },
    )  # fmt: skip
