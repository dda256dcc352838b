"""Every API list takes `ordering` on the fields its schema documents, and refuses others."""

from __future__ import annotations

import pytest

from quadrant.api_urls import router
from quadrant.core.api.ordering import model_of
from tests.api.conftest import SCHEMA, lists

NAMES = ("code", "title", "name", "username")


def _ordering_of(path: str) -> dict:
    parameters = SCHEMA["paths"][path]["get"]["parameters"]
    return next(p for p in parameters if p["name"] == "ordering")


def _model_of(path: str):
    prefix = path.removeprefix("/api/v1/").strip("/")
    return next(model_of(viewset) for name, viewset, _ in router.registry if name == prefix)


@pytest.mark.parametrize("path", lists())
def test_every_list_documents_ordering_by_its_name_and_last_change(path):
    terms = set(_ordering_of(path)["schema"]["items"]["enum"])
    fields = {field.name for field in _model_of(path)._meta.concrete_fields}
    expected = {"id"} | (fields & {"updated_at"}) | (fields & set(NAMES))
    assert expected | {f"-{name}" for name in expected} <= terms, terms


def test_measures_and_units_order_by_code_name_or_last_change(api_for, ward_a_measures):
    api = api_for("board")
    by_code = api.get("/api/v1/measures/?ordering=-code").json()["results"]
    assert [m["code"] for m in by_code] == ["W07", "HH-A"]
    by_name = api.get("/api/v1/measures/?ordering=name").json()["results"]
    assert [m["code"] for m in by_name] == ["W07", "HH-A"]  # Falls… before Hand…
    ward_a_measures["falls"].save()  # changed last
    latest = api.get("/api/v1/measures/?ordering=-updated_at,code").json()["results"]
    assert latest[0]["code"] == "W07"
    units = api.get("/api/v1/org-units/?ordering=-code&kind=ward").json()["results"]
    assert [u["code"] for u in units] == ["WARDB", "WARDA2", "WARDA"]


@pytest.mark.parametrize("ordering", ["colour", "-password", "", "code,,owner__password"])
def test_an_ordering_the_list_does_not_document_is_400_naming_the_fields(api_for, org, ordering):
    response = api_for("board").get("/api/v1/org-units/", {"ordering": ordering})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    [error] = response.json()["errors"]
    assert error["field"] == "ordering"
    assert "code, name, " in error["message"] and "updated_at" in error["message"]
