"""What the compliance page and API are asked: `framework` (a code; the internal framework
unless told) and `unit` (a code or name; the reader's top unit unless told). A unit whose
figures the reader may not read is refused exactly like one that does not exist."""

from __future__ import annotations

from typing import Any

from django import forms

from quadrant.assurance.compliance.matrix import readable_units
from quadrant.assurance.standards.choices import FrameworkKind
from quadrant.assurance.standards.models import Framework
from quadrant.core.filtersets import UnitField
from quadrant.core.permissions import Capability, restrict


def frameworks_for(user: Any) -> Any:
    return restrict(Framework.objects.all(), user, Capability.VIEW).filter(archived_at__isnull=True)


def default_framework(user: Any) -> Framework | None:
    """The organisation's own (internal) framework, else the first there is."""
    frameworks = frameworks_for(user).order_by("title", "pk")
    found: Framework | None = frameworks.filter(kind=FrameworkKind.INTERNAL).first()
    return found or frameworks.first()


class ReadableUnitField(UnitField):
    """A unit by code or name, among those whose figures the reader may read."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> Any:
        unit = super().clean(value)
        if unit is not None and not readable_units(self.user).filter(pk=unit.pk).exists():
            text = str(value).strip()[:100]
            raise forms.ValidationError(f"No unit has the code or name “{text}”")
        return unit


class ComplianceQuery(forms.Form):
    framework = forms.CharField(
        label="Framework", required=False, max_length=100,
        help_text="A framework's code, such as cqc-saf; the organisation's own unless given.",
    )  # fmt: skip
    unit = forms.CharField(label="Unit", required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"] = ReadableUnitField(
            label="Unit", required=False, user=user,
            help_text="A unit's code or name; the highest unit you may see unless given.",
        )  # fmt: skip

    def clean_framework(self) -> Framework | None:
        code = (self.cleaned_data.get("framework") or "").strip()
        if not code:
            return default_framework(self.user)
        found: Framework | None = frameworks_for(self.user).filter(code__iexact=code).first()
        if found is None:
            raise forms.ValidationError(f"No framework has the code “{code[:100]}”")
        return found
