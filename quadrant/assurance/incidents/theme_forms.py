"""The filters of the themes page: a unit (with the units below it) among those whose themes
the person sees, a quarter of the last two years and a type of event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from quadrant.assurance.incidents.choices import EVENT_TYPE_CHOICES
from quadrant.assurance.incidents.themes import Quarter, recent_quarters
from quadrant.core.permissions import Capability
from quadrant.core.widgets import NhsMessagesMixin
from quadrant.organisation.fields import UnitChoiceField
from quadrant.organisation.models import OrgUnit

QUARTERS_OFFERED = 8


class ThemeFilterForm(NhsMessagesMixin, forms.Form):
    unit = forms.Field(required=False)  # replaced in __init__ by the person's units
    quarter = forms.ChoiceField(
        label="Quarter", required=False,
        error_messages={"invalid_choice": "Choose a quarter from the list"},
    )  # fmt: skip
    event_type = forms.ChoiceField(
        label="Type of event", required=False,
        choices=[("", "Any"), *EVENT_TYPE_CHOICES],
        error_messages={"invalid_choice": "Choose a type of event from the list"},
    )  # fmt: skip

    def __init__(self, data: Any, *, user: Any, unit_ids: list[int] | None, today: dt.date) -> None:
        super().__init__(data)
        self.quarters = recent_quarters(today, QUARTERS_OFFERED)
        quarter_field = self.fields["quarter"]
        assert isinstance(quarter_field, forms.ChoiceField)
        quarter_field.choices = [(q.value, q.label) for q in self.quarters]
        unit_field = UnitChoiceField(
            user, Capability.VIEW, required=False, label="Unit (includes the units below it)",
            empty_label="All your units",
            error_messages={"invalid_choice": "Choose a unit from the list"},
        )  # fmt: skip
        units = OrgUnit.objects.filter(archived_at__isnull=True, active=True)
        if unit_ids is not None:
            units = units.filter(pk__in=unit_ids)
        unit_field.queryset = units.only("id", "name", "code", "depth").order_by("path")
        self.fields = {"unit": unit_field, **{k: v for k, v in self.fields.items() if k != "unit"}}

    def chosen_quarter(self) -> Quarter:
        value = self.cleaned_data.get("quarter") if self.is_bound else ""
        for quarter in self.quarters:
            if quarter.value == value:
                return quarter
        return self.quarters[0]
