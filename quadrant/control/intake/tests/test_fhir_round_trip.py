"""The round trip: a measure's reports exported, imported into a fresh measure of the same code
(nothing else of the first left), exported again — the same resources, each one valid FHIR by
the `fhir.resources` R4B models."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.measure import Measure as FhirMeasure
from fhir.resources.R4B.measurereport import MeasureReport

from quadrant.control.intake.tests.fhir_world import post
from quadrant.control.measures.models import Measure, Observation

pytestmark = pytest.mark.django_db
DEFINITION = (
    "name", "definition", "numerator_definition", "denominator_definition", "unit_label",
    "multiplier", "chart_type", "direction", "frequency", "valid_min", "valid_max", "org_unit",
    "owner",
)  # fmt: skip


def validated(bundle: dict[str, Any]) -> dict[str, Any]:
    Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        model = FhirMeasure if entry["resource"]["resourceType"] == "Measure" else MeasureReport
        model.model_validate(entry["resource"])
    return bundle


def without_stamps(bundle: dict[str, Any]) -> dict[str, Any]:
    """BUNDLE without meta.lastUpdated (when each record was written differs, rightly)."""
    bare = copy.deepcopy(bundle)
    for entry in bare["entry"]:
        entry["resource"].pop("meta", None)
    return bare


def fresh_copy(measure: Measure) -> Measure:
    """MEASURE deleted with its data, and a new measure of the same code and definition."""
    definition = {name: getattr(measure, name) for name in DEFINITION}
    code = measure.code
    measure.delete()
    return Measure.objects.create(code=code, **definition)


@pytest.mark.parametrize("code", ["FALLS-A", "HH-A", "PU-A"])
def test_export_import_export_gives_identical_resources(api_for, stored, percent, code):
    for month, (num, den) in enumerate([(45, 50), (41, 47), (50, 50)], start=1):
        Observation.objects.create(
            measure=percent, period=dt.date(2024, month, 1), numerator=num, denominator=den,
            value=round(num / den * 100, 2),
        )  # fmt: skip
    client = api_for("analyst")
    first = validated(client.get(f"/api/v1/measures/{code}/fhir/").json())
    assert len(first["entry"]) > 3
    fresh = fresh_copy(Measure.objects.get(code=code))
    assert not Observation.objects.filter(measure=fresh).exists()

    response = post(client, first)
    assert response.status_code == 200, response.json()
    second = validated(client.get(f"/api/v1/measures/{code}/fhir/").json())
    assert without_stamps(second) == without_stamps(first)
    scores = [e["resource"]["group"][0].get("measureScore") for e in second["entry"][1:]]
    assert all(score["system"] == "http://unitsofmeasure.org" for score in scores if score)
