"""Forms of the shared-language settings pages."""

from __future__ import annotations

from django import forms

from quadrant.core.views.generic import VersionedModelForm
from quadrant.core.widgets import NhsMessagesMixin
from quadrant.language.choices import Component
from quadrant.language.models import GlossaryTerm, GuidingQuestion, QualityDomain


class QmsNameForm(forms.Form):
    qms_name = forms.CharField(
        label="The name of your quality management system",
        max_length=100,
        help_text="Shown in the header of every page, for example “Our Quality Way”.",
        error_messages={"required": "Enter the name of your quality management system"},
    )


class DomainSetForm(forms.Form):
    name = forms.CharField(
        label="Name of the set",
        max_length=100,
        error_messages={"required": "Enter a name for the set of domains"},
    )
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea)


class DomainForm(forms.Form):
    name = forms.CharField(
        label="Domain", max_length=100, error_messages={"required": "Enter the domain's name"}
    )
    description = forms.CharField(
        label="What it means", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DomainEditForm(VersionedModelForm):
    class Meta:
        model = QualityDomain
        fields = ["name", "description", "order"]


class QuestionForm(NhsMessagesMixin, forms.Form):
    component = forms.ChoiceField(
        label="Shown on the pages of",
        choices=Component.choices,
        error_messages={"required": "Select the pages the question is shown on"},
    )
    text = forms.CharField(
        label="Question", max_length=300, error_messages={"required": "Enter the question"}
    )


class QuestionEditForm(VersionedModelForm):
    class Meta:
        model = GuidingQuestion
        fields = ["component", "text", "order"]


class TermForm(forms.Form):
    term = forms.CharField(
        label="Term", max_length=100, error_messages={"required": "Enter the term"}
    )
    definition = forms.CharField(
        label="Plain-English definition",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter a definition in plain English"},
    )


class TermEditForm(VersionedModelForm):
    class Meta:
        model = GlossaryTerm
        fields = ["term", "definition"]
