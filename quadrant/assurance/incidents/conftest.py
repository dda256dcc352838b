"""For every database test of safety events: the response plan's first version, which the
migration makes. A transactional test (the browser journeys) empties the database when it
ends, plan included, and pytest-xdist may run one before the tests of these folders."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def first_response_plan(request: Any) -> None:
    if request.node.get_closest_marker("django_db") is None:
        if "db" not in request.fixturenames:
            return
        request.getfixturevalue("db")
    from quadrant.assurance.incidents.response.models import ResponsePlan, ResponseRule
    from quadrant.assurance.incidents.response.plan import create_first_plan

    create_first_plan(ResponsePlan, ResponseRule, published_at=timezone.now())
