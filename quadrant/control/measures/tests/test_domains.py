"""A measure's quality domain: a link to a domain of the shared language. The migration from
the old free text, the list filter, the form, and the API (read and write by name)."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quadrant.control.measures.models import Measure
from quadrant.control.testing.insight import quality_domain
from quadrant.language.models import QualityDomain, QualityDomainSet

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("quadrant.control.migrations.0005_measure_domain_link")


@pytest.fixture
def with_domains(measures: dict[str, Measure]) -> dict[str, Measure]:
    """Falls on Ward A and Ward B are Safe, hand hygiene on Ward A is Effective."""
    safe, effective = quality_domain("Safe"), quality_domain("Effective")
    Measure.objects.filter(code__in=["FALLS-A", "FALLS-B"]).update(domain=safe)
    Measure.objects.filter(code="HH-A").update(domain=effective)
    return measures


def _codes(response: Any) -> set[str]:
    return {row["code"] for row in response.json()["results"]}


# The migration's mapping of the old texts


def test_texts_map_to_domains_by_name_or_code_ignoring_case():
    domains = [(1, "Safe", "safe"), (2, "Person-centred", "person-centred"), (3, "Timely", "x")]
    found = MIGRATION.domain_ids_by_text(
        ["Safe", " safe ", "SAFE", "person-centred", "timely", "X", "Caring", "", "Well-led"],
        domains,
    )
    assert found == {
        "Safe": 1, " safe ": 1, "SAFE": 1, "person-centred": 2, "timely": 3, "X": 3,
    }  # fmt: skip


def test_a_name_wins_over_another_domains_code():
    assert MIGRATION.domain_ids_by_text(["b"], [(1, "a", "b"), (2, "B", "c")]) == {"b": 2}


@pytest.mark.django_db(transaction=True)
def test_migration_links_old_texts_within_the_set_in_use(org, capsys):
    """Run the real migration on rows written with the old text field: texts naming a domain
    of the set in use are linked; the others are left without a domain and listed."""
    from django.db.migrations.executor import MigrationExecutor

    from quadrant.language.defaults import install_defaults

    install_defaults()
    own = QualityDomainSet.objects.create(name="Our own words")
    QualityDomain.objects.create(domain_set=own, code="kind", name="Kind")
    domains_before = QualityDomain.objects.count()
    before = [("control", "0004_data_sources")]
    after = [("control", "0006_remove_measure_domain_text")]
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(before)
        old_measure = executor.loader.project_state(before).apps.get_model("control", "Measure")
        for code, text in (
            ("A", "Safe"), ("B", " timely "), ("C", "PERSON-CENTRED"), ("D", "Caring"),
            ("E", "Kind"), ("F", ""),
        ):  # fmt: skip
            old_measure.objects.create(code=code, name=code, org_unit_id=org.ward_a.pk, domain=text)
        executor = MigrationExecutor(connection)
        executor.migrate(after)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    linked = dict(Measure.objects.values_list("code", "domain__name"))
    assert linked == {
        "A": "Safe", "B": "Timely", "C": "Person-centred", "D": None, "E": None, "F": None,
    }  # fmt: skip
    in_use = QualityDomainSet.active()
    assert all(
        domain.domain_set_id == in_use.pk
        for domain in QualityDomain.objects.filter(measures__isnull=False)
    )
    assert QualityDomain.objects.count() == domains_before  # nothing created
    assert "“Caring” (1), “Kind” (1)" in capsys.readouterr().out


# The pages


def test_measure_list_filters_by_domain_name_code_or_id(client_for, with_domains):
    client = client_for("board")
    safe = quality_domain("Safe")
    for value in ("Safe", "safe", "SAFE", str(safe.pk)):
        html = client.get(f"/control/measures/?domain={value}").content.decode()
        assert "FALLS-A" in html and "FALLS-B" in html and "HH-A" not in html, value
    effective = client.get("/control/measures/?domain=effective&unit=WARDA").content.decode()
    assert "HH-A" in effective and "FALLS-A" not in effective
    assert "No measures match" in client.get("/control/measures/?domain=nowhere").content.decode()


def test_measure_list_shows_domains_without_more_queries(client_for, with_domains, org):
    client = client_for("board")
    assert ">Effective</td>" in client.get("/control/measures/").content.decode()
    with CaptureQueriesContext(connection) as few:
        client.get("/control/measures/")
    timely = quality_domain("Timely")
    for index in range(20):
        Measure.objects.create(
            code=f"X{index}", name=f"Extra {index}", org_unit=org.ward_b, domain=timely
        )
    with CaptureQueriesContext(connection) as many:
        html = client.get("/control/measures/").content.decode()
    assert len(many) == len(few)
    assert html.count(">Timely</td>") == 20


def test_measure_page_shows_the_domain(client_for, with_domains):
    html = client_for("board").get("/control/measures/HH-A/").content.decode()
    assert "Effective" in html


def test_form_offers_the_domains_of_the_set_in_use(client_for, org, measures):
    client = client_for("analyst")
    timely = quality_domain("Timely")
    own = QualityDomainSet.objects.create(name="Our own words")
    kind = QualityDomain.objects.create(domain_set=own, code="kind", name="Kind")
    html = client.get("/control/measures/new/").content.decode()
    assert ">Timely</option>" in html and ">Kind</option>" not in html
    data = {
        "code": "WAIT-A", "name": "Waits, Ward A", "org_unit": org.ward_a.pk, "multiplier": 1,
        "chart_type": "xmr", "direction": "decrease", "frequency": "month",
        "rule_profile": "mdc", "domain": timely.pk,
    }  # fmt: skip
    assert client.post("/control/measures/new/", data).status_code == 302
    assert Measure.objects.get(code="WAIT-A").domain.name == "Timely"
    refused = client.post("/control/measures/new/", {**data, "code": "W2", "domain": kind.pk})
    assert refused.status_code == 200
    assert not Measure.objects.filter(code="W2").exists()


# The API


def test_api_shows_the_domain_by_name_and_filters_by_it(api_for, with_domains):
    api = api_for("board")
    assert api.get("/api/v1/measures/HH-A/").json()["domain"] == "Effective"
    assert _codes(api.get("/api/v1/measures/?domain=safe")) == {"FALLS-A", "FALLS-B"}
    effective = quality_domain("Effective").pk
    assert _codes(api.get(f"/api/v1/measures/?domain={effective}")) == {"HH-A"}


def test_api_sets_the_domain_by_name_or_code(api_for, measures):
    timely = quality_domain("Timely")
    api = api_for("analyst")
    body = {"code": "NEW", "name": "New", "org_unit": "WARDA", "domain": "timely"}
    created = api.post("/api/v1/measures/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["domain"] == "Timely"
    assert Measure.objects.get(code="NEW").domain == timely
    version = created.json()["version"]
    changed = api.patch(
        "/api/v1/measures/NEW/", {"domain": "Safe", "version": version}, format="json"
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["domain"] == "Safe"
    cleared = api.patch(
        "/api/v1/measures/NEW/", {"domain": None, "version": version + 1}, format="json"
    )
    assert cleared.status_code == 200, cleared.json()
    assert cleared.json()["domain"] is None


def test_api_refuses_an_unknown_domain_naming_the_field(api_for, measures):
    quality_domain("Safe")
    body = {"code": "NEW", "name": "New", "org_unit": "WARDA", "domain": "Caring"}
    response = api_for("analyst").post("/api/v1/measures/", body, format="json")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "domain"
    assert error["message"].startswith(
        "There is no quality domain “Caring” in the domain set in use (IOM six aims); "
        "give one of: Safe, Effective,"
    )
    assert not Measure.objects.filter(code="NEW").exists()
