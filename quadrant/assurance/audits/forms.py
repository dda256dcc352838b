"""Forms of the audit pages: a template, a section, a question, the start of a run, a schedule
of the programme and the programme's filters."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from quadrant.actions.public import PersonChoiceField
from quadrant.assurance.audits.choices import AuditKind, ScheduleFrequency
from quadrant.assurance.audits.models import AuditQuestion, AuditTemplate
from quadrant.assurance.audits.programme import DONE, DUE, OVERDUE
from quadrant.assurance.standards.models import Standard
from quadrant.core.permissions import Capability, restrict, roles_for
from quadrant.core.uploads import EvidenceFileField
from quadrant.core.widgets import NhsDateField, NhsMessagesMixin
from quadrant.organisation.fields import UnitChoiceField
from quadrant.organisation.models import Membership, Person


class TemplateForm(NhsMessagesMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = AuditTemplate
        fields = ["code", "title", "kind", "description", "pass_threshold"]
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "code": {"required": "Enter a code, such as hand-hygiene"},
            "title": {"required": "Enter the template's title"},
            "kind": {"required": "Choose the kind of audit"},
            "pass_threshold": {
                "invalid": "Pass threshold must be a number, like 85",
            },
        }

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = False  # a clinical audit unless said otherwise
        if editing:
            del self.fields["code"]

    def clean_kind(self) -> str:
        return str(self.cleaned_data.get("kind") or AuditKind.CLINICAL_AUDIT)

    def _post_clean(self) -> None:
        """The service validates and saves: the form only reads the fields."""


class SectionForm(NhsMessagesMixin, forms.Form):
    title = forms.CharField(
        max_length=200, error_messages={"required": "Enter the section's title"}
    )


class QuestionForm(NhsMessagesMixin, forms.ModelForm):  # type: ignore[type-arg]
    standards = forms.ModelMultipleChoiceField(
        queryset=Standard.objects.none(),
        required=False,
        help_text="The standards this question evidences.",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = AuditQuestion
        fields = [
            "text", "guidance", "kind", "weight", "max_score", "choices", "passing_choices",
            "pass_min", "pass_max", "evidence",
        ]  # fmt: skip
        widgets = {
            "choices": forms.Textarea(attrs={"rows": 3}),
            "passing_choices": forms.Textarea(attrs={"rows": 2}),
            "guidance": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "text": {"required": "Enter the question"},
            "kind": {"required": "Choose the type of question"},
            "weight": {"min_value": "Weight must be more than 0"},
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        visible = restrict(Standard.objects.all(), user, Capability.VIEW)
        standards = cast("forms.ModelMultipleChoiceField[Any]", self.fields["standards"])
        standards.queryset = visible.filter(archived_at__isnull=True).select_related("framework")
        if self.instance.pk:
            self.initial["standards"] = list(self.instance.standards.values_list("pk", flat=True))

    def _post_clean(self) -> None:
        """The service validates and saves: the form only reads the fields."""


class TemplateOnUnitForm(NhsMessagesMixin, forms.Form):
    """A current template and a unit where the person may do ACTION (starting a run, putting
    it on the programme; carrying out audits unless a subclass says otherwise)."""

    action: Capability = Capability.DO_AUDITS
    template = forms.ModelChoiceField(
        queryset=AuditTemplate.objects.none(),
        label="Audit",
        empty_label="Choose an audit",
        error_messages={"required": "Choose the audit", "invalid_choice": "Choose the audit"},
    )
    org_unit = forms.Field(label="Unit")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        templates = restrict(AuditTemplate.objects.all(), user, Capability.VIEW)
        choice = cast("forms.ModelChoiceField[Any]", self.fields["template"])
        choice.queryset = templates.filter(superseded_at__isnull=True, archived_at__isnull=True)
        self.fields["org_unit"] = UnitChoiceField(user, self.action, label="Unit")


class StartRunForm(TemplateOnUnitForm):
    action = Capability.DO_AUDITS
    run_date = NhsDateField(label="Date of the audit", when="past")


def auditors_for(user: Any) -> Any:
    """The people USER may see who carry out audits somewhere (whether on the chosen unit is
    the service's check, services.schedules.check_assignee)."""
    doing = Membership.objects.filter(
        role__in=roles_for(Capability.DO_AUDITS), archived_at__isnull=True
    ).values("person")
    people = restrict(Person.objects.all(), user, Capability.VIEW)
    return people.filter(pk__in=doing, is_active=True).order_by("first_name", "last_name")


def assignee_field(user: Any) -> PersonChoiceField:
    return PersonChoiceField(
        queryset=auditors_for(user),
        required=False,
        label="Assigned to",
        empty_label="Nobody in particular",
        help_text="Someone who may carry out audits on the unit. Without one, the unit's "
        "managers are reminded.",
        error_messages={"invalid_choice": "Choose a person who may carry out audits"},
    )


def frequency_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=ScheduleFrequency.choices,
        initial=ScheduleFrequency.MONTH,
        widget=forms.RadioSelect,
        label="How often",
        error_messages={"required": "Choose how often"},
    )


class ScheduleForm(TemplateOnUnitForm):
    action = Capability.MANAGE_AUDITS
    frequency = frequency_field()

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["assignee"] = assignee_field(user)


class ScheduleChangeForm(NhsMessagesMixin, forms.Form):
    """How often a schedule's audit is done, and by whom."""

    frequency = frequency_field()

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"] = assignee_field(user)


STATUS_CHOICES = [("", "Any status"), (OVERDUE, "Overdue"), (DUE, "Due this period"),
                  (DONE, "Done this period")]  # fmt: skip


class ProgrammeFilterForm(NhsMessagesMixin, forms.Form):
    """The programme's filters (a GET form): kind of audit, unit, status, assigned to me."""

    kind = forms.ChoiceField(
        choices=[("", "Any kind"), *AuditKind.choices], required=False, label="Kind of audit"
    )
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False, label="Status")
    mine = forms.BooleanField(required=False, label="Assigned to me")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"] = UnitChoiceField(
            user, Capability.VIEW, required=False, label="Unit", empty_label="Every unit",
            error_messages={"invalid_choice": "Choose a unit from the list"},
        )  # fmt: skip
        self.order_fields(["kind", "org_unit", "status", "mine"])


class EvidenceForm(NhsMessagesMixin, forms.Form):
    """A photo or PDF for one question's answer (checked by core.uploads as it is cleaned)."""

    file = EvidenceFileField(label="Add a photo or PDF")
