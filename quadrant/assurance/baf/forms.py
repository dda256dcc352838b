"""The BAF's forms: a principal risk (the risk, its goal, committee, themes, commentary) and a
committee. Every choice is among what the person may see."""

from __future__ import annotations

from typing import Any

from django import forms

from quadrant.assurance.baf.models import BafCommittee, PrincipalRisk
from quadrant.assurance.incidents.choices import CATEGORY_CHOICES
from quadrant.assurance.risks.choices import RiskStatus
from quadrant.assurance.risks.models import Risk
from quadrant.core.permissions import Capability, restrict
from quadrant.core.views.generic import VersionedForm
from quadrant.planning.public import Goal, GoalStatus


class GoalChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        aim = f"{obj.aim} — " if obj.aim_id else ""
        return f"{aim}{obj.title}"


class PrincipalRiskForm(forms.Form):
    goal = GoalChoice(
        queryset=Goal.objects.none(), label="Strategic goal",
        error_messages={"required": "Choose the strategic goal the risk threatens",
                        "invalid_choice": "Choose the strategic goal the risk threatens"},
        help_text="The trust goal (under its strategic aim) the risk would stop us achieving.",
    )  # fmt: skip
    committee = forms.ModelChoiceField(
        queryset=BafCommittee.objects.none(), label="Committee that oversees it",
        error_messages={"required": "Choose the committee that oversees the risk",
                        "invalid_choice": "Choose the committee that oversees the risk"},
    )  # fmt: skip
    event_categories = forms.MultipleChoiceField(
        choices=CATEGORY_CHOICES, required=False, widget=forms.CheckboxSelectMultiple,
        label="Themes of safety events that bear on it",
        help_text="Their events this quarter and last are shown as evidence.",
    )  # fmt: skip
    commentary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label="Board commentary"
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goals = restrict(Goal.objects.all(), user, Capability.VIEW)
        goal_field: Any = self.fields["goal"]
        goal_field.queryset = (
            goals.filter(archived_at__isnull=True, parent__isnull=True)
            .exclude(status=GoalStatus.DRAFT)
            .select_related("aim")
            .order_by("aim__order", "title")
        )
        committee_field: Any = self.fields["committee"]
        committee_field.queryset = restrict(
            BafCommittee.objects.all(), user, Capability.VIEW
        ).filter(archived_at__isnull=True)


class PrincipalRiskCreateForm(PrincipalRiskForm):
    risk = forms.ModelChoiceField(
        queryset=Risk.objects.none(), label="Risk from the register",
        error_messages={"required": "Choose the risk to put on the BAF",
                        "invalid_choice": "Choose the risk to put on the BAF"},
    )  # fmt: skip
    field_order = ["risk", "goal", "committee", "event_categories", "commentary"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        on_baf = PrincipalRisk.objects.values("risk_id")
        risk_field: Any = self.fields["risk"]
        risk_field.queryset = (
            restrict(Risk.objects.all(), user, Capability.MANAGE_BAF)
            .filter(archived_at__isnull=True)
            .exclude(status=RiskStatus.CLOSED)
            .exclude(pk__in=on_baf)
            .order_by("-current_score", "title")
        )


class CommitteeForm(forms.Form):
    name = forms.CharField(
        max_length=120, label="Name",
        error_messages={"required": "Enter the committee's name"},
    )  # fmt: skip
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CommitteeEditForm(VersionedForm, CommitteeForm):
    """A committee's name and description, with the version it was opened on."""

    field_order = ["name", "description"]


class CommitteeRetireForm(VersionedForm):
    """Retiring a committee: only the version it was opened on."""
