"""Form widgets: selects that render fast enough for long lists, and the NHS.UK date input.

Django renders every <option> of a Select through a template (about 0.07 ms an option); a unit
picker in a large trust lists 1,500 units, so that alone costs a tenth of a second a page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _option(value: Any, label: Any, selected: set[str]) -> str:
    text = "" if value is None else str(value)
    mark = " selected" if text in selected else ""
    return f'<option value="{conditional_escape(text)}"{mark}>{conditional_escape(label)}</option>'


class QuickSelect(forms.Select):
    """A single-choice <select> rendered in Python: the same HTML as Django's Select (options
    and option groups, the chosen value selected), without a template per option."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = {str(v) for v in self.format_value(value)}
        parts = [f"<select{flatatt(final_attrs)}>"]
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):  # an option group
                parts.append(f'<optgroup label="{conditional_escape(option_value)}">')
                parts.extend(_option(v, text, selected) for v, text in label)
                parts.append("</optgroup>")
            else:
                parts.append(_option(option_value, label, selected))
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308, B703 - every value and label is escaped above


# ---------------------------------------------------------------- the NHS.UK date input

_DATE_PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))


def _date_from_text(text: str) -> tuple[str, str, str]:
    """A date written as YYYY-MM-DD (or DD/MM/YYYY) as its (day, month, year)."""
    text = text.strip()
    if "-" in text:
        year, _, rest = text.partition("-")
        month, _, day = rest.partition("-")
        return day, month, year
    if "/" in text:
        day, _, rest = text.partition("/")
        month, _, year = rest.partition("/")
        return day, month, year
    return "", "", text


class NhsDateInput(forms.Widget):
    """The NHS.UK date input: three boxes for the day, the month and the year.

    The boxes are named `<name>-day`, `<name>-month` and `<name>-year`; a single value under
    `<name>` written YYYY-MM-DD is read too (links, scripts and the API's habits)."""

    def format_value(self, value: Any) -> tuple[str, str, str]:  # type: ignore[override]
        if value is None or value == "":
            return "", "", ""
        if isinstance(value, dt.date):
            return str(value.day), str(value.month), str(value.year)
        if isinstance(value, list | tuple) and len(value) == 3:
            return tuple("" if part is None else str(part) for part in value)  # type: ignore[return-value]
        return _date_from_text(str(value))

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        parts = [data.get(f"{name}-{part}") for part, _, _ in _DATE_PARTS]
        if any(part is not None for part in parts):
            return tuple(part or "" for part in parts)
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and not any(f"{name}-{part}" in data for part, _, _ in _DATE_PARTS)

    def id_for_label(self, id_: str) -> str:
        return f"{id_}-day" if id_ else id_

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        base_id = final_attrs.pop("id", f"id_{name}")
        error = "nhsuk-input--error" in str(final_attrs.pop("class", ""))
        final_attrs.pop("aria-describedby", None)  # the fieldset around the boxes names them
        values = self.format_value(value)
        parts = [f'<div class="nhsuk-date-input" id="{conditional_escape(base_id)}">']
        for (part, label, width), text in zip(_DATE_PARTS, values, strict=True):
            css = f"nhsuk-input nhsuk-date-input__input nhsuk-input--width-{width}"
            css += " nhsuk-input--error" if error else ""
            box = {
                "class": css,
                "id": f"{base_id}-{part}",
                "name": f"{name}-{part}",
                "type": "text",
                "inputmode": "numeric",
                "value": text,
            }
            box_id = conditional_escape(box["id"])
            parts.append(
                '<div class="nhsuk-date-input__item"><div class="nhsuk-form-group">'
                f'<label class="nhsuk-label nhsuk-date-input__label" for="{box_id}">'
                f"{label}</label><input{flatatt(box)}></div></div>"
            )
        parts.append("</div>")
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308, B703 - every value is escaped above


class NhsDateField(forms.Field):
    """A date entered in the NHS.UK date input, with the service manual's error messages.

    `when="future"` or `"past"` (today allowed with `today=True`, the default) refuses a date on
    the wrong side of today, as the form says."""

    widget = NhsDateInput
    default_error_messages = {
        "required": "Enter a date",
        "invalid": "{label} must be a real date",
        "incomplete": "{label} must include a {missing}",
        "year": "Year must include 4 numbers",
        "future": "{label} must be in the future",
        "future_or_today": "{label} must be today or in the future",
        "past": "{label} must be in the past",
        "past_or_today": "{label} must be today or in the past",
    }

    def __init__(self, *, when: str | None = None, today: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.when = when
        self.today = today

    def _message(self, key: str, **words: Any) -> ValidationError:
        label = str(self.label or "Date")
        text = str(self.error_messages[key]).format(label=label.capitalize(), **words)
        return ValidationError(text, code=key)

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if value in self.empty_values:
            return None
        parts = value if isinstance(value, list | tuple) else _date_from_text(str(value))
        day, month, year = (str(part).strip() for part in parts)
        if not (day or month or year):
            return None
        missing = [
            name
            for name, text in zip(("day", "month", "year"), (day, month, year), strict=True)
            if not text
        ]
        if missing:
            raise self._message("incomplete", missing=" and ".join(missing))
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise self._message("invalid")
        if len(year) != 4:
            raise ValidationError(self.error_messages["year"], code="year")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError as exc:
            raise self._message("invalid") from exc

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None or self.when is None:
            return
        today = timezone.localdate()
        if self.when == "future" and (value < today or (value == today and not self.today)):
            raise self._message("future_or_today" if self.today else "future")
        if self.when == "past" and (value > today or (value == today and not self.today)):
            raise self._message("past_or_today" if self.today else "past")

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != self.to_python(initial)
        except ValidationError:
            return True


# ---------------------------------------------------------------- NHS-style "required" messages

DJANGO_REQUIRED = str(forms.Field.default_error_messages["required"])
OUT_OF_DATE = "This page is out of date: reload it and try again"
_QUESTION_WORDS = {"what", "why", "how", "who", "which", "when", "where", "whether"}


def _chosen(field: forms.Field) -> bool:
    picks = (forms.Select, forms.RadioSelect, forms.CheckboxInput, forms.CheckboxSelectMultiple)
    return isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.FileField) or (
        isinstance(field.widget, picks)
    )


def required_message(field: forms.Field, name: str) -> str:
    """The service manual's message for a required field left empty, from its label:
    "Enter the name", "Select the chart type"."""
    if isinstance(field.widget, forms.HiddenInput):
        return OUT_OF_DATE
    label = str(field.label or name.replace("_", " ")).rstrip("?:. ")
    if len(label) > 1 and not label[1].isupper():
        label = label[0].lower() + label[1:]
    verb = "Select" if _chosen(field) else "Enter"
    if label.split(" ", 1)[0].lower() in _QUESTION_WORDS:
        return f"{verb} {label}"
    return f"{verb} the {label}"


def set_required_messages(fields: dict[str, forms.Field]) -> None:
    """Replace Django's "This field is required." of each of FIELDS by required_message()."""
    for name, field in fields.items():
        if str(field.error_messages.get("required", "")) == DJANGO_REQUIRED:
            field.error_messages["required"] = required_message(field, name)


class NhsMessagesMixin:
    """A form whose required fields say what to do: set_required_messages() on its fields as
    they are when it is validated (fields added or relabelled in __init__ included)."""

    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        set_required_messages(self.fields)
        super().full_clean()  # type: ignore[misc]
