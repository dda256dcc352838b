"""Forms of the administrator's pages: units, people, roles, settings and CSV imports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from quadrant.core.permissions import Capability
from quadrant.core.views.generic import VersionedForm, VersionedModelForm
from quadrant.organisation.choices import PersonKind, Role, UnitKind
from quadrant.organisation.fields import UnitChoiceField
from quadrant.organisation.models import OrganisationSettings, OrgUnit, Person

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _unit_field(user: Any, **kwargs: Any) -> UnitChoiceField:
    """A unit the administrator manages, inactive ones included, labelled with its code."""
    return UnitChoiceField(
        user, Capability.MANAGE_PEOPLE, active_only=False, show_code=True, **kwargs
    )


def _require_choice(field: forms.Field, what: str) -> None:
    field.error_messages["required"] = f"Choose {what}"
    field.error_messages["invalid_choice"] = f"Choose {what} from the list"


class UnitCreateForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="A short code that never changes, such as WARD7 (used by imports and links).",
        error_messages={"required": "Enter a code for the unit"},
    )
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the unit's name"}
    )
    kind = forms.ChoiceField(label="Kind of unit", choices=UnitKind.choices)
    active = forms.BooleanField(label="Active", required=False, initial=True)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"] = _unit_field(user, label="Part of")
        _require_choice(self.fields["parent"], "the unit this one is part of")
        _require_choice(self.fields["kind"], "the kind of unit")
        self.order_fields(["code", "name", "kind", "parent", "active"])

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        if OrgUnit.objects.filter(code__iexact=code).exists():
            raise ValidationError(f"A unit already has the code “{code}”. Choose another code.")
        return code


class UnitEditForm(VersionedForm):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the unit's name"}
    )
    kind = forms.ChoiceField(label="Kind of unit", choices=UnitKind.choices)
    active = forms.BooleanField(label="Active", required=False)

    def __init__(self, *args: Any, user: Any, unit: OrgUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if unit.parent_id is not None:
            parent = _unit_field(
                user,
                label="Part of",
                help_text="Choosing another unit moves this unit and everything below it.",
            )
            units = parent.queryset
            if units is not None:  # always: a UnitChoiceField is built from a queryset
                parent.queryset = units.exclude(path__startswith=unit.path)
            _require_choice(parent, "the unit this one is part of")
            self.fields["parent"] = parent
        self.order_fields(["name", "kind", "parent", "active"])


class ArchiveForm(VersionedForm):
    """Only the version: archiving asks for confirmation, nothing else."""


class InviteForm(forms.Form):
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter a first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter a last name"}
    )
    email = forms.EmailField(
        label="Email address",
        help_text="The invitation with a link to set a password is sent here.",
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
        },
    )
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="What they type to log in. Letters, numbers and @ . + - _ only.",
        error_messages={"required": "Enter a username"},
    )
    kind = forms.ChoiceField(
        label="Kind of person",
        choices=PersonKind.choices,
        widget=forms.RadioSelect,
        initial=PersonKind.STAFF,
    )
    job_title = forms.CharField(label="Job title", max_length=150, required=False)
    role = forms.ChoiceField(
        label="Role at their home unit",
        choices=[("", "No role yet"), *Role.choices],
        required=False,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["home_unit"] = _unit_field(user, label="Home unit")
        _require_choice(self.fields["home_unit"], "their home unit")
        _require_choice(self.fields["kind"], "whether they are staff")
        self.order_fields(
            ["first_name", "last_name", "email", "username", "kind", "job_title", "home_unit"]
        )

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if Person.objects.filter(username__iexact=username).exists():
            raise ValidationError(f"Someone already has the username “{username}”.")
        return username


class PersonDetailsForm(VersionedForm):
    """A person's name, email and job title (username, unit and roles change elsewhere)."""

    first_name = InviteForm.base_fields["first_name"]
    last_name = InviteForm.base_fields["last_name"]
    email = forms.EmailField(
        label="Email address",
        help_text="Password reset links are sent here. The old address is told of a change, "
        "and the person is signed out everywhere.",
        error_messages=InviteForm.base_fields["email"].error_messages,
    )
    job_title = InviteForm.base_fields["job_title"]


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"] = _unit_field(
            user, label="Where", help_text="The role applies to this unit and every unit below it."
        )
        _require_choice(self.fields["org_unit"], "where the role is held")
        _require_choice(self.fields["role"], "a role")


class SettingsForm(VersionedModelForm):
    class Meta:
        model = OrganisationSettings
        fields = ["name", "qms_name", "dates_day_first"]
        labels = {
            "name": "Organisation name",
            "qms_name": "Name of the quality system",
            "dates_day_first": "Dates in files are day first",
        }
        help_texts = {"qms_name": "Shown in the header of every page, for example Quadrant."}
        error_messages = {
            "name": {"required": "Enter the organisation's name"},
            "qms_name": {"required": "Enter the name of the quality system"},
        }


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What does the file hold?",
        choices=[("units", "Units of the organisation"), ("people", "Staff and their roles")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the file holds"},
    )
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8 CSV with a header row. Up to 20 MB.",
        error_messages={"required": "Choose a CSV file", "empty": "The chosen file is empty"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError("The file must be smaller than 20 MB.")
        return upload
