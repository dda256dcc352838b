"""Records with a code that alone names them are addressed by it, all others by id; every list
of records with a code filters by `?code=`, whatever its case."""

from __future__ import annotations

import pytest

from quadrant.api_urls import router
from quadrant.core.api.ordering import model_of
from quadrant.core.filtersets import addressed_by_code, has_code
from tests.api.conftest import SCHEMA, query_names

REGISTERED = [(prefix, viewset) for prefix, viewset, _ in router.registry]


@pytest.mark.parametrize(("prefix", "viewset"), REGISTERED, ids=[p for p, _ in REGISTERED])
def test_a_record_is_addressed_by_its_code_if_it_has_one_else_by_its_id(prefix, viewset):
    model = model_of(viewset)
    expected = "code" if addressed_by_code(model) else "pk"
    assert viewset.lookup_field == expected
    detail = f"/api/v1/{prefix}/{{{'code' if expected == 'code' else 'id'}}}/"
    assert detail in SCHEMA["paths"], sorted(SCHEMA["paths"])
    if has_code(model):
        assert "code" in query_names(SCHEMA["paths"][f"/api/v1/{prefix}/"]["get"])


def test_code_filters_ignore_case(api_for, ward_a_measures):
    api = api_for("board")
    found = api.get("/api/v1/measures/?code=w07").json()["results"]
    assert [m["code"] for m in found] == ["W07"]
    assert api.get("/api/v1/measures/?code=W0").json()["count"] == 0  # the whole code
    units = api.get("/api/v1/org-units/?code=warda").json()["results"]
    assert [u["code"] for u in units] == ["WARDA"]


def test_a_code_filter_keeps_to_what_the_user_may_see(api_for, ward_a_measures):
    assert api_for("manager2").get("/api/v1/measures/?code=w07").json()["count"] == 0
    assert api_for("manager").get("/api/v1/measures/?code=w07").json()["count"] == 1
