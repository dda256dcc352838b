"""Risk test helpers: a category with an appetite of 8, and risks made through the services
(by the quality lead unless told) on the fixture organisation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from quadrant.assurance.risks import services
from quadrant.assurance.risks.models import Risk, RiskCategory


def next_month() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=30)


def risk_fields(unit: Any, owner: Any, category: RiskCategory, **changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "Falls at night",
        "cause": "Because there are fewer staff at night",
        "event": "there is a risk that a patient falls unseen",
        "effect": "which would lead to serious harm",
        "org_unit": unit,
        "owner": owner,
        "category": category,
        "initial_likelihood": 4, "initial_consequence": 4,
        "current_likelihood": 3, "current_consequence": 3,
        "target_likelihood": 2, "target_consequence": 2,
        "review_date": next_month(),
    }  # fmt: skip
    fields.update(changes)
    return fields


@pytest.fixture
def safety(people: dict[str, Any]) -> RiskCategory:
    return services.create_category(
        {"name": "Patient safety", "appetite": 8}, actor=people["quality"]
    )


@pytest.fixture
def make_risk(people: dict[str, Any], org: Any, safety: RiskCategory) -> Any:
    def make(unit: Any = None, owner: Any = None, actor: Any = None, **changes: Any) -> Risk:
        fields = risk_fields(unit or org.ward_a, owner or people["manager"], safety, **changes)
        return services.create_risk(fields, actor=actor or people["quality"])

    return make
