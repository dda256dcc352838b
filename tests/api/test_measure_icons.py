"""`/api/v1/measures/` carries each measure's latest Making Data Count icons with the words the
pages use, read from the stored statuses (no SPC per request), in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from quadrant.control.measures.models import Measure, MeasureTarget, Observation
from quadrant.control.summary.icon_cache import refresh_statuses
from quadrant.control.summary.icons import NO_ASSURANCE, NO_VARIATION

# Twenty months of falls near 4 a month, then eight near 12: a shift upwards.
BEFORE, AFTER = [4, 5, 3, 4, 5, 4, 3, 4, 5, 4] * 2, [12, 13, 11, 12, 14, 12, 13, 12]
FALLS = [*BEFORE, *AFTER]


def _months(count: int) -> list[dt.date]:
    return [dt.date(2022 + (m // 12), m % 12 + 1, 1) for m in range(count)]


def _with_data(measure: Measure, values: list[float]) -> Measure:
    Observation.objects.bulk_create(
        Observation(measure=measure, period=period, value=value)
        for period, value in zip(_months(len(values)), values, strict=True)
    )
    return measure


def test_the_list_carries_the_latest_icons_and_their_labels(api_for, ward_a_measures):
    falls = _with_data(ward_a_measures["falls"], FALLS)
    MeasureTarget.objects.create(measure=falls, value=2, effective_from=dt.date(2022, 1, 1))
    refresh_statuses()
    rows = {m["code"]: m for m in api_for("board").get("/api/v1/measures/").json()["results"]}
    assert rows["W07"]["variation_icon"] == "concern_high"
    assert rows["W07"]["variation_label"] == (
        "Special cause variation of a concerning nature: higher values"
    )
    assert rows["W07"]["assurance_icon"] == "consistent_fail"
    assert rows["W07"]["assurance_label"] == (
        "Assurance: the target is consistently failed; change is needed"
    )
    no_data = rows["HH-A"]
    assert (no_data["variation_icon"], no_data["variation_label"]) == ("", NO_VARIATION)
    assert (no_data["assurance_icon"], no_data["assurance_label"]) == ("", NO_ASSURANCE)
    one = api_for("board").get("/api/v1/measures/W07/").json()
    assert one["variation_label"] == rows["W07"]["variation_label"]


def test_the_list_costs_the_same_queries_however_many_measures(api_for, org, ward_a_measures):
    api = api_for("board")
    _with_data(ward_a_measures["falls"], FALLS)
    refresh_statuses()
    api.get("/api/v1/measures/")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = api.get("/api/v1/measures/?ordering=code")
        assert response.status_code == 200
        return len(queries)

    before = count()
    for n in range(5):
        more = Measure.objects.create(
            code=f"M{n}", name=f"Measure {n}", org_unit=org.ward_a, chart_type="xmr",
            frequency="month", direction="decrease",
        )  # fmt: skip
        _with_data(more, FALLS)
    refresh_statuses()
    assert count() == before
