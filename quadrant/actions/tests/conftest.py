"""An action on Ward A owned by `staff`, raised by `manager`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from quadrant.actions.services import raise_action


@pytest.fixture
def action(org: Any, people: dict[str, Any]) -> Any:
    return raise_action(
        title="Refresh the falls risk training",
        owner=people["staff"],
        org_unit=org.ward_a,
        due_date=dt.date.today() + dt.timedelta(days=30),
        actor=people["manager"],
    )
