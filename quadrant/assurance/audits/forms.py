"""Forms of the audit pages: a template, a section, a question, the start of a run."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from quadrant.assurance.audits.choices import ScheduleFrequency
from quadrant.assurance.audits.models import AuditQuestion, AuditTemplate
from quadrant.assurance.standards.models import Standard
from quadrant.core.permissions import Capability, restrict
from quadrant.core.uploads import EvidenceFileField
from quadrant.core.widgets import NhsDateField, NhsMessagesMixin
from quadrant.organisation.fields import UnitChoiceField


class TemplateForm(NhsMessagesMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = AuditTemplate
        fields = ["code", "title", "description", "pass_threshold"]
        error_messages = {
            "code": {"required": "Enter a code, such as hand-hygiene"},
            "title": {"required": "Enter the template's title"},
            "pass_threshold": {
                "invalid": "Pass threshold must be a number, like 85",
            },
        }

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]

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


class ScheduleForm(TemplateOnUnitForm):
    action = Capability.MANAGE_AUDITS
    frequency = forms.ChoiceField(
        choices=ScheduleFrequency.choices,
        initial=ScheduleFrequency.MONTH,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often"},
    )


class EvidenceForm(NhsMessagesMixin, forms.Form):
    """A photo or PDF for one question's answer (checked by core.uploads as it is cleaned)."""

    file = EvidenceFileField(label="Add a photo or PDF")
