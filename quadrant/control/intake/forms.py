"""Forms of the file import: the upload and the choice of columns."""

from __future__ import annotations

from typing import Any

from django import forms

from quadrant.control.intake.importers.combining import AGGREGATES
from quadrant.control.intake.importers.validation import FIELDS
from quadrant.core.permissions import Capability, units_where
from quadrant.core.widgets import NhsMessagesMixin
from quadrant.spc.reading.text import ENCODING_NAMES, encoding_name


class UploadForm(NhsMessagesMixin, forms.Form):
    file = forms.FileField(
        label="CSV, Excel or FHIR file",
        help_text="A .csv file (comma or tab separated, in any encoding Excel saves) or .xlsx "
        "file, one row per period, or a FHIR R4 .json file of MeasureReports (one, or a Bundle).",
    )
    source = forms.CharField(
        max_length=100,
        required=False,
        help_text="Where the file comes from, for example “Ward returns”. The columns you "
        "choose are remembered for the next file from the same source and unit.",
    )
    org_unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Unit",
        help_text="The unit whose data this is: its saved column choices for the source are "
        "used, and yours are saved for it.",
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = units_where(user, Capability.ENTER_DATA)
        self.fields["org_unit"].queryset = units  # type: ignore[attr-defined]
        tops = list(units.exclude(parent__in=units)[:2])
        self.only_unit = tops[0] if len(tops) == 1 else None
        self.fields["org_unit"].initial = self.only_unit

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("source", "").strip() and cleaned.get("org_unit") is None:
            if self.only_unit is None:
                self.add_error(
                    "org_unit",
                    "Choose the unit whose data this is, so that the columns you choose are "
                    "remembered for it",
                )
            else:
                cleaned["org_unit"] = self.only_unit
        return cleaned


class ReadingForm(NhsMessagesMixin, forms.Form):
    """How the file is read: its text encoding (CSV files) and the row its headings are on."""

    encoding = forms.ChoiceField(
        label="Encoding",
        help_text="How the letters of the file are written. Change it if the preview shows "
        "odd characters, like “Â£” instead of “£”.",
        error_messages={"required": "Select the file’s encoding"},
    )
    header_row = forms.IntegerField(
        label="Row with the column headings",
        min_value=1,
        max_value=1000,
        help_text="Change it if the file has a report title or notes above the table.",
        error_messages={
            "required": "Enter the number of the row with the column headings",
            "invalid": "Row with the column headings must be a number, like 3",
            "min_value": "Row with the column headings must be 1 or more",
            "max_value": "Row with the column headings must be 1,000 or less",
        },
    )

    def __init__(self, *args: Any, detected: str = "", is_csv: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(name, label) for name, label in ENCODING_NAMES.items()]
        if detected and detected not in ENCODING_NAMES:
            choices.insert(0, (detected, encoding_name(detected)))
        self.fields["encoding"].choices = choices  # type: ignore[attr-defined]
        if not is_csv:  # a workbook says how its text is written
            del self.fields["encoding"]


REQUIRED_COLUMNS = ("measure", "period")  # the value, or numerator and denominator, as charted


class MappingForm(forms.Form):
    """Which column holds each field (built from the file's header)."""

    def __init__(self, *args: Any, header: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Not in this file"), *((name, name) for name in header)]
        labels = {"measure": "Measure code", "period": "Period (first day)"}
        hints = {
            "value": "Needed unless the file has a numerator and a denominator.",
            "numerator": "Needed, with the denominator, for a measure charted as a proportion.",
            "denominator": "Needed, with the numerator, for a measure charted as a proportion.",
        }
        for name in FIELDS:
            label = labels.get(name, name.capitalize())
            self.fields[name] = forms.ChoiceField(
                choices=choices,
                required=name in REQUIRED_COLUMNS,
                label=label,
                help_text=hints.get(name, ""),
                error_messages={"required": f"Select the column that holds the {label.lower()}"},
            )
        self.fields["aggregate"] = forms.ChoiceField(
            choices=[("", "Refuse the file and name the rows"), *AGGREGATES.items()],
            required=False,
            label="Rows for the same measure and period",
            help_text="For example a row per ward, when the measure is for the whole unit.",
        )

    def aggregate(self) -> str:
        return str(self.cleaned_data.get("aggregate") or "")

    def columns(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in FIELDS if self.cleaned_data.get(name)}
