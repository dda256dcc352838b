"""The forms of the standards pages: importing a framework, mapping, recording evidence."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator

from quadrant.assurance.standards.choices import FrameworkKind
from quadrant.assurance.standards.importers.csv_file import MAX_BYTES
from quadrant.assurance.standards.models import EvidenceCategory, Framework, Standard
from quadrant.assurance.standards.records import EVIDENCE_RECORDS
from quadrant.core.widgets import NhsMessagesMixin

FRAMEWORK_CODE = RegexValidator(
    r"^[a-z0-9][a-z0-9-]*$",
    "Framework code must contain only lower-case letters, numbers and hyphens, like cqc-saf",
)


class FrameworkFileForm(NhsMessagesMixin, forms.Form):
    """Step 1 of an import: the framework the file belongs to, and the file."""

    code = forms.CharField(
        label="Framework code", max_length=40, validators=[FRAMEWORK_CODE],
        help_text="An existing framework's code updates it; a new code adds a framework.",
    )  # fmt: skip
    title = forms.CharField(label="Framework title", max_length=200)
    kind = forms.ChoiceField(label="Kind of framework", choices=FrameworkKind.choices)
    publisher = forms.CharField(max_length=200, required=False)
    version = forms.CharField(max_length=40, required=False)
    source_url = forms.URLField(
        label="Source address", max_length=500, required=False, assume_scheme="https"
    )
    file = forms.FileField(label="CSV file of standards")

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 2 MB")
        data: bytes = upload.read()
        return data


def framework_initial(framework: Framework | None) -> dict[str, Any]:
    if framework is None:
        return {"kind": FrameworkKind.EXTERNAL}
    initial = {
        name: getattr(framework, name)
        for name in ("code", "title", "kind", "publisher", "source_url")
    }
    initial["version"] = framework.framework_version
    return initial


class InternalStandardField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.title} ({obj.framework})"


def internal_choices() -> Any:
    return (
        Standard.objects.filter(
            framework__kind=FrameworkKind.INTERNAL,
            archived_at__isnull=True,
            framework__archived_at__isnull=True,
        )
        .select_related("framework")
        .order_by("framework__title", "group__order", "order", "code")
    )


class MappingForm(NhsMessagesMixin, forms.Form):
    """Map one external standard, or every unmapped standard of a group, to an internal one."""

    internal = InternalStandardField(
        label="Internal standard", queryset=Standard.objects.none(), required=False,
        help_text="Leave empty to undo the mapping.",
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["internal"].queryset = internal_choices()  # type: ignore[attr-defined]


class GroupMappingForm(MappingForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["internal"].required = True
        self.fields["internal"].help_text = "Every standard of the group not yet mapped."


class EvidenceForm(NhsMessagesMixin, forms.Form):
    """A titled reference recorded as evidence (records are linked from their own pages)."""

    record_type = forms.ChoiceField(
        label="A Quadrant record", required=False,
        choices=[("", "None: a document or reference"), *EVIDENCE_RECORDS.items()],
    )  # fmt: skip
    record = forms.CharField(
        label="Code or id of the record", max_length=100, required=False,
        help_text="For example the measure's code, or the number in the project's address.",
    )  # fmt: skip
    title = forms.CharField(
        label="Title of the evidence", max_length=200, required=False,
        help_text="Needed for a document or reference.",
    )  # fmt: skip
    url = forms.URLField(label="Web address", max_length=500, required=False, assume_scheme="https")
    evidence_date = forms.DateField(
        label="Date", required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text="For example, 31/3/2026",
        error_messages={"invalid": "Date must be a real date, like 31/3/2026"},
    )  # fmt: skip
    category = forms.ModelChoiceField(
        label="Evidence category", queryset=EvidenceCategory.objects.none(), required=False
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, standard: Standard | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = (
            EvidenceCategory.objects.filter(
                framework_id=standard.framework_id, archived_at__isnull=True
            )
            if standard is not None
            else EvidenceCategory.objects.none()
        )
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
