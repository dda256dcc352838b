"""`page` and `page_size`: within their range, or a 400 that says the range."""

from __future__ import annotations

import pytest

from quadrant.core.api.pagination import MAX_PAGE_SIZE
from tests.api.conftest import SCHEMA


def _error(response) -> dict:
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    [error] = response.json()["errors"]
    return error


def test_a_page_size_above_the_maximum_is_400_stating_it(api_for, org):
    error = _error(api_for("board").get("/api/v1/org-units/", {"page_size": MAX_PAGE_SIZE + 1}))
    assert error == {"field": "page_size", "message": "Page size must be 1000 or fewer"}


def test_the_maximum_page_size_is_served(api_for, org):
    response = api_for("board").get("/api/v1/org-units/", {"page_size": MAX_PAGE_SIZE})
    assert response.status_code == 200 and response.json()["count"] == 8


@pytest.mark.parametrize("size", ["0", "-5", "ten", "2.5", ""])
def test_a_page_size_that_is_not_a_whole_number_from_1_is_400(api_for, org, size):
    error = _error(api_for("board").get("/api/v1/org-units/", {"page_size": size}))
    assert error["field"] == "page_size"
    assert error["message"] == "Page size must be a whole number from 1 to 1000"


@pytest.mark.parametrize("page", ["0", "first", "1e3"])
def test_a_page_that_is_not_a_whole_number_is_400(api_for, org, page):
    error = _error(api_for("board").get("/api/v1/org-units/", {"page": page}))
    assert error == {"field": "page", "message": "Page must be a whole number, 1 or more"}


def test_the_schema_states_the_range(org):
    parameters = SCHEMA["paths"]["/api/v1/measures/"]["get"]["parameters"]
    size = next(p for p in parameters if p["name"] == "page_size")
    assert size["schema"] == {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}
