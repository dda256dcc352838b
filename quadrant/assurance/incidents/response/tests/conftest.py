"""Triage test helpers: the report of `staff` on Ward A (incidents' `reported` fixture) and the
same event triaged by `quality` to an after action review led by `manager`."""

from __future__ import annotations

from typing import Any

import pytest

from quadrant.assurance.incidents.response import services
from quadrant.assurance.incidents.response.choices import ResponseType
from quadrant.assurance.incidents.tests.conftest import reported  # noqa: F401  (a fixture)


def triage_to_review(event: Any, people: dict[str, Any], **changes: Any) -> Any:
    fields: dict[str, Any] = {
        "category": "falls",
        "physical_harm": "moderate",
        "psychological_harm": "low",
        "response_type": ResponseType.AFTER_ACTION_REVIEW,
        "lead": people["manager"],
        "actor": people["quality"],
        **changes,
    }
    return services.triage_event(event, **fields)


@pytest.fixture
def review(reported: Any, people: dict[str, Any]) -> Any:  # noqa: F811
    """`staff`'s report confirmed as a fall with moderate harm, to an after action review."""
    triage_to_review(reported, people)
    return reported.learning_responses.get()
