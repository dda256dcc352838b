"""One answer on every page: for every measure of the demo trust, the summary matrix, the
measure page, the API and the summary's CSV export give the same latest value, latest date,
variation icon, assurance icon and staleness ("No new data since <month>")."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from quadrant.control.measures.models import Measure
from quadrant.control.summary import matrix
from quadrant.control.summary.icons import label
from quadrant.organisation.models import OrgUnit, Person

Answer = tuple[str | None, float | None, str, str, bool]  # period, value, icons, stale
ROW = re.compile(r'<tr class="nhsuk-table__row" (data-code="[^"]*"[^>]*)>')
ATTRIBUTE = re.compile(r'data-([a-z-]+)="([^"]*)"')
LATEST = re.compile(r'<p class="app-latest" ([^>]*)>')
ICONS = re.compile(r'<dl class="app-icons">(.*?)</dl>', re.S)
ICON = re.compile(r'href="#qi-([a-z_]+)"')


@pytest.fixture(scope="module")
def demo(seeded_demo: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The demo trust, read by `quality` on the web and through the API."""
    with django_db_blocker.unblock():
        quality = Person.objects.get(username="quality")
        web, api = Client(), APIClient()
        web.force_login(quality)
        api.force_authenticate(quality)
        top = OrgUnit.objects.order_by("depth", "path").first()
        yield {"web": web, "api": api, "user": quality, "top": top}


def _value(text: str | None) -> float | None:
    return float(text) if text not in (None, "", "None") else None


def _attributes(text: str) -> dict[str, str]:
    return dict(ATTRIBUTE.findall(text))


def _same(one: Answer, other: Answer) -> bool:
    if (one[0], one[2], one[3], one[4]) != (other[0], other[2], other[3], other[4]):
        return False
    if one[1] is None or other[1] is None:
        return one[1] is other[1]
    return math.isclose(one[1], other[1], rel_tol=1e-9)


def summary_data(demo: dict[str, Any]) -> dict[str, Answer]:
    """The summary matrix's data function."""
    rows = matrix.all_rows(demo["user"], demo["top"])
    return {
        row["code"]: (
            row["status__latest_period"].isoformat() if row["status__latest_period"] else None,
            row["status__latest_value"],
            row["status__variation_icon"] or "",
            row["status__assurance_icon"] or "",
            bool(row.get("stale")),
        )
        for row in rows
    }


def summary_html(demo: dict[str, Any]) -> dict[str, Answer]:
    """The rows of the summary matrix page as drawn, page after page."""
    found = {}
    page = 1
    while True:
        url = f"/control/summary/?unit={demo['top'].code}&page={page}"
        body = demo["web"].get(url).content.decode()
        found.update(_summary_rows(body))
        if f"page={page + 1}" not in body:
            return found
        page += 1


def _summary_rows(body: str) -> dict[str, Answer]:
    found = {}
    for match in ROW.finditer(body):
        data = _attributes(match.group(1))
        found[data["code"]] = (
            data["latest-period"] or None,
            _value(data["latest-value"]),
            data["variation"],
            data["assurance"],
            data["stale"] == "true",
        )
    return found


def measure_page(demo: dict[str, Any], code: str) -> Answer:
    body = demo["web"].get(f"/control/measures/{code}/").content.decode()
    latest = LATEST.search(body)
    data = _attributes(latest.group(1)) if latest else {}
    shown = ICONS.search(body)
    icons = ICON.findall(shown.group(1)) if shown else []
    variation = next((icon for icon in icons if icon in matrix.VARIATION_GROUP), "")
    assurance = next((icon for icon in icons if icon not in matrix.VARIATION_GROUP), "")
    stale = data.get("stale") == "true"
    if stale:
        assert "No new data since" in body, code
    return (
        data.get("latest-period"),
        _value(data.get("latest-value")),
        variation,
        assurance,
        stale,
    )


def api_detail(demo: dict[str, Any], code: str) -> Answer:
    body = demo["api"].get(f"/api/v1/measures/{code}/").json()
    return (
        body.get("latest_period"),
        body.get("latest_value"),
        body.get("variation_icon", ""),
        body.get("assurance_icon", ""),
        bool(body.get("stale")),
    )


def summary_csv(demo: dict[str, Any]) -> dict[str, Answer]:
    response = demo["web"].get(f"/control/summary/export.csv?unit={demo['top'].code}")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    labels = {label(code): code for code in (*matrix.VARIATION_GROUP, *matrix.ASSURANCE_KEY)}
    found = {}
    for row in csv.DictReader(io.StringIO(text)):
        found[row["Code"]] = (
            row["Latest period"] or None,
            _value(row["Value"]),
            labels.get(row["Variation"], ""),
            labels.get(row["Assurance"], ""),
            bool(row.get("New data")),
        )
    return found


@pytest.mark.django_db
def test_every_measure_gives_one_answer_on_every_page(demo: dict[str, Any]) -> None:
    codes = sorted(Measure.objects.filter(archived_at__isnull=True).values_list("code", flat=True))
    data, html, exported = summary_data(demo), summary_html(demo), summary_csv(demo)
    problems = []
    for code in codes:
        answer = data[code]
        if answer[0] is None and Measure.objects.get(code=code).observations.exists():
            problems.append(f"{code}: the summary says No data, but the measure has data")
        views = {
            "summary page": html.get(code),
            "measure page": measure_page(demo, code),
            "API": api_detail(demo, code),
            "summary CSV": exported.get(code),
        }
        for view, shown in views.items():
            if shown is None or not _same(answer, shown):
                problems.append(f"{code}: summary data {answer}, {view} {shown}")
    assert not problems, f"{len(problems)} disagreements:\n" + "\n".join(problems[:40])


@pytest.mark.django_db
def test_only_the_real_ae_series_are_stale(demo: dict[str, Any]) -> None:
    stale = {code for code, answer in summary_data(demo).items() if answer[4]}
    ae = set(Measure.objects.filter(code__regex=r"-AE[A-Z0-9]+$").values_list("code", flat=True))
    assert ae and stale == ae
    body = demo["web"].get(f"/units/{demo['top'].code}/").content.decode()
    assert "No new data since March 2019" in body
