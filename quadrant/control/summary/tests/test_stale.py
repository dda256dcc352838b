"""Stale data: a measure whose latest point is two complete periods of its frequency behind
today is flagged on the measure page, the summary, the unit page and in the API."""

from __future__ import annotations

import datetime as dt

import pytest

from quadrant.control.public import is_stale, stale_text
from quadrant.control.summary.models import stale_before
from quadrant.control.testing.insight import STABLE

D = dt.date


@pytest.mark.parametrize(
    ("frequency", "latest", "today", "stale"),
    [
        ("month", D(2026, 10, 1), D(2026, 12, 3), False),  # November not in yet: one period
        ("month", D(2026, 9, 1), D(2026, 12, 3), True),  # October and November missing
        ("month", D(2026, 9, 1), D(2026, 11, 30), False),  # November is not over
        ("week", D(2026, 11, 16), D(2026, 12, 6), False),
        ("week", D(2026, 11, 16), D(2026, 12, 7), True),
        ("quarter", D(2026, 4, 1), D(2026, 12, 31), False),
        ("quarter", D(2026, 4, 1), D(2027, 1, 1), True),
        ("day", D(2026, 12, 1), D(2026, 12, 4), True),
        ("month", None, D(2026, 12, 3), False),  # no data yet is not stale data
    ],
)
def test_the_stale_rule(frequency, latest, today, stale):
    assert is_stale(frequency, latest, today) is stale


@pytest.mark.parametrize("frequency", ["day", "week", "month", "quarter"])
def test_the_query_cut_off_agrees_with_the_rule_on_every_day(frequency):
    """stale_before (what the board's query filters by) and is_stale never disagree."""
    today = D(2026, 12, 3)
    for back in range(0, 800):
        latest = today - dt.timedelta(days=back)
        assert (latest < stale_before(frequency, today)) is is_stale(frequency, latest, today), (
            frequency,
            latest,
        )


def test_the_wording():
    assert stale_text(D(2019, 3, 1)) == "No new data since March 2019"


@pytest.mark.django_db
def test_every_view_flags_a_stale_measure(falls, load, client_for, api_for):
    load(falls, STABLE)  # monthly data that ends in the past (2024)
    page = client_for("manager").get(f"/control/measures/{falls.code}/").content.decode()
    assert "No new data since" in page and 'data-stale="true"' in page
    summary = client_for("manager").get(f"/control/summary/?unit={falls.org_unit.code}")
    assert "No new data since" in summary.content.decode()
    unit = client_for("manager").get(f"/units/{falls.org_unit.code}/").content.decode()
    assert "No new data since" in unit
    body = api_for("manager").get(f"/api/v1/measures/{falls.code}/").json()
    assert body["stale"] is True and body["latest_period"] is not None
    listed = api_for("manager").get("/api/v1/measures/").json()
    assert [row["stale"] for row in listed["results"] if row["code"] == falls.code] == [True]


@pytest.mark.django_db
def test_a_measure_without_data_is_not_stale(falls, api_for):
    body = api_for("manager").get(f"/api/v1/measures/{falls.code}/").json()
    assert body["stale"] is False and body["latest_period"] is None
    assert body["reading"] == "No data yet"
