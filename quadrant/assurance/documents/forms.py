"""Forms of the document pages: a new document, its details, a draft, sending it for review,
a review, the approval (the password entered again), a revision from an adopted change and the
search. Each form reads and checks what was typed; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import F, Q, QuerySet
from django.db.models.lookups import StartsWith

from quadrant.assurance.documents.access import APPROVE, QUALITY_TEAM
from quadrant.assurance.documents.choices import DocumentType
from quadrant.assurance.documents.files import ACCEPT, CheckedFile, check_document_file, file_hint
from quadrant.core.permissions import (
    Capability,
    held_role_subtrees,
    held_roles,
    roles_for,
)
from quadrant.core.views.generic import VersionedForm
from quadrant.core.widgets import NhsDateField, NhsMessagesMixin
from quadrant.organisation.models import Membership, OrgUnit
from quadrant.organisation.references import people_one_may_name

BODY_HELP = (
    "The document's text. Headings (h2, h3), paragraphs, lists, bold, links and tables are "
    "kept; anything else (scripts, styles) is removed. Leave it empty when you attach a file."
)
LIST_DEPTH = 2  # acknowledgement units offered: the document's unit and two levels below


class PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class PeopleChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


def people_at(unit: OrgUnit, roles: tuple[str, ...] | None = None) -> QuerySet[Any]:
    """Active people holding a role (one of ROLES) at UNIT or a unit above it."""
    memberships = Membership.objects.filter(archived_at__isnull=True, org_unit__active=True).filter(
        StartsWith(unit.path, F("org_unit__path"))
    )
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    people: QuerySet[Any] = (
        get_user_model()
        .objects.filter(is_active=True, pk__in=memberships.values("person_id"))
        .order_by("first_name", "last_name", "username")
    )
    return people


def units_to_acknowledge(unit: OrgUnit) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(
        path__startswith=unit.path, active=True, depth__lte=unit.depth + LIST_DEPTH
    ).order_by("path")


class UnitsChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class DocumentFileField(forms.FileField):
    """The file input; the cleaned value is the checked file (its kind known by its bytes)."""

    default_error_messages = {"required": "Select a file", "empty": "The selected file is empty"}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", file_hint())
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def to_python(self, data: Any) -> CheckedFile | None:  # type: ignore[override]
        if data in self.empty_values:
            return None
        from django.core.exceptions import ValidationError

        try:
            return check_document_file(data, field="file")
        except ValidationError as error:
            raise ValidationError(error.message_dict["file"]) from None


def _review_date(**kwargs: Any) -> NhsDateField:
    return NhsDateField(
        label="Next review date",
        when="future",
        today=True,
        help_text="Documents are reviewed yearly. For example, 31 3 2027",
        error_messages={"required": "Enter the next review date"},
        **kwargs,
    )


class UploadedFile:
    """A CheckedFile passed to the services as an upload (they check it once more)."""

    def __init__(self, checked: CheckedFile) -> None:
        self.name = checked.name
        self._data = checked.data

    def read(self, size: int = -1) -> bytes:
        return self._data if size < 0 else self._data[:size]


def upload_of(data: dict[str, Any]) -> UploadedFile | None:
    checked = data.pop("file", None)
    return UploadedFile(checked) if isinstance(checked, CheckedFile) else None


class DocumentForm(NhsMessagesMixin, forms.Form):
    identifier = forms.CharField(
        max_length=40,
        help_text="For example POL-012 or SOP-ED-004. It never changes.",
        error_messages={"required": "Enter the document's identifier, like POL-012"},
    )
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the title"})
    doc_type = forms.ChoiceField(
        label="Type",
        choices=[("", "Choose the type"), *DocumentType.choices],
        error_messages={"required": "Choose the type of document"},
    )
    org_unit = forms.ModelChoiceField(
        label="Unit",
        queryset=OrgUnit.objects.none(),
        empty_label="Choose the unit",
        help_text="Where the document applies: a trust-wide policy belongs to the trust.",
        error_messages={"required": "Choose the unit the document applies to"},
    )
    owner = PersonChoice(
        queryset=get_user_model().objects.none(),
        empty_label="Choose the owner",
        error_messages={"required": "Choose the document's owner"},
    )
    author = PersonChoice(
        queryset=get_user_model().objects.none(),
        empty_label="Choose the author",
        error_messages={"required": "Choose the document's author"},
    )
    public = forms.BooleanField(
        label="Patient partners may read it",
        required=False,
        help_text="Only documents marked so are shown to patient partners.",
    )
    review_date = _review_date()
    body = forms.CharField(
        label="Text", required=False, help_text=BODY_HELP, widget=forms.Textarea(attrs={"rows": 12})
    )
    file = DocumentFileField(label="Or attach the document's file", required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        held_roles(user)
        subtrees = held_role_subtrees(user, QUALITY_TEAM)
        units = OrgUnit.objects.filter(subtrees or Q(pk__in=[]), active=True).order_by("path")
        self.fields["org_unit"].queryset = units  # type: ignore[attr-defined]
        people = people_one_may_name(get_user_model().objects.all(), user)
        ordered = people.order_by("first_name", "last_name", "username")
        self.fields["owner"].queryset = ordered  # type: ignore[attr-defined]
        self.fields["author"].queryset = ordered  # type: ignore[attr-defined]


class DetailsForm(VersionedForm):
    doc_type = forms.ChoiceField(label="Type", choices=DocumentType.choices)
    owner = PersonChoice(queryset=get_user_model().objects.none())
    author = PersonChoice(queryset=get_user_model().objects.none())
    public = forms.BooleanField(
        label="Patient partners may read it",
        required=False,
        help_text="Only documents marked so are shown to patient partners.",
    )

    def __init__(self, *args: Any, unit: OrgUnit, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = people_one_may_name(people_at(unit, roles_for(Capability.VIEW)), user)
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]
        self.fields["author"].queryset = people  # type: ignore[attr-defined]


class DraftForm(VersionedForm):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the title"})
    review_date = _review_date()
    change_summary = forms.CharField(
        label="What changed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Said to readers of the new version.",
    )
    body = forms.CharField(
        label="Text", required=False, help_text=BODY_HELP, widget=forms.Textarea(attrs={"rows": 14})
    )
    file = DocumentFileField(label="Or attach the document's file", required=False)
    acknowledgement_units = UnitsChoice(
        label="Staff who must confirm they have read it",
        required=False,
        queryset=OrgUnit.objects.none(),
        help_text="The staff of each unit chosen, and of the units below it, are asked once it "
        "is approved.",
    )

    def __init__(self, *args: Any, unit: OrgUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = units_to_acknowledge(unit)
        self.fields["acknowledgement_units"].queryset = units  # type: ignore[attr-defined]


class SubmitForm(NhsMessagesMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reviewers = PeopleChoice(
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one reviewer"},
        help_text="Each reviews the draft before it can be approved.",
    )
    approver = PersonChoice(
        queryset=get_user_model().objects.none(),
        empty_label="Choose the approver",
        error_messages={"required": "Choose who will approve the document"},
        help_text="Someone who may approve documents here (a quality lead or an executive). "
        "They sign it with their password.",
    )

    def __init__(self, *args: Any, unit: OrgUnit, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reviewers = people_one_may_name(people_at(unit, roles_for(Capability.VIEW)), user)
        approvers = people_one_may_name(people_at(unit, roles_for(APPROVE)), user)
        self.fields["reviewers"].queryset = reviewers  # type: ignore[attr-defined]
        self.fields["approver"].queryset = approvers  # type: ignore[attr-defined]


class ReviewForm(NhsMessagesMixin, forms.Form):
    comment = forms.CharField(
        label="Your comments",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional. The author and the approver read them.",
    )


class ApproveForm(NhsMessagesMixin, forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Entering your password signs this version as approved, in your name.",
        error_messages={"required": "Enter your password to sign the document"},
    )


class ReturnForm(NhsMessagesMixin, forms.Form):
    reason = forms.CharField(
        label="What needs to change",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what needs to change"},
    )


class RevisionFromChangeForm(NhsMessagesMixin, forms.Form):
    identifier = forms.CharField(
        label="Identifier of the procedure",
        max_length=40,
        help_text="For example SOP-ED-004. A new draft of it is opened, linked to this change.",
        error_messages={"required": "Enter the identifier of the procedure to revise"},
    )
