"""The unit picker every component's forms share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

from quadrant.core.permissions import Capability, units_where
from quadrant.core.widgets import QuickSelect
from quadrant.organisation.models import OrgUnit

if TYPE_CHECKING:
    # Django's ModelChoiceField is generic over the model in the stubs only.
    _UnitChoiceFieldBase = forms.ModelChoiceField[OrgUnit]
else:
    _UnitChoiceFieldBase = forms.ModelChoiceField


class UnitChoiceField(_UnitChoiceFieldBase):
    """A unit where the person may ACTION, from the tree of units indented by depth.

    Only live units are offered (ACTIVE_ONLY also leaves out inactive ones); SHOW_CODE adds
    each unit's code to its label (the administration pages, where codes matter)."""

    widget = QuickSelect

    def __init__(
        self,
        user: Any,
        action: Capability,
        *,
        active_only: bool = True,
        show_code: bool = False,
        **kwargs: Any,
    ) -> None:
        units = units_where(user, action).filter(archived_at__isnull=True)
        if active_only:
            units = units.filter(active=True)
        self.show_code = show_code
        kwargs.setdefault("empty_label", "Choose a unit")
        kwargs.setdefault("error_messages", {"required": "Choose the unit"})
        queryset = units.only("id", "name", "code", "depth").order_by("path")
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj: OrgUnit) -> str:
        label = f"{'– ' * obj.depth}{obj.name}"
        return f"{label} ({obj.code})" if self.show_code else label
