"""The chart: one description for the browser and the static SVG, downloads (CSV, SVG, PNG,
JSON), the block on the measure page, and who may see it."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from quadrant.control.charts import describe, render_svg
from quadrant.control.charts.description import window
from quadrant.control.measures.models import Annotation
from quadrant.control.testing.insight import STABLE, months

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def charted(falls, load, people):
    load(falls, [*STABLE, 30])
    Annotation.objects.create(measure=falls, date=months(10)[-1], kind="event", text="New beds")
    return falls


def test_the_description_holds_points_limits_targets_and_annotations(charted) -> None:
    description = describe(charted)
    points = description["points"]
    assert len(points) == len(STABLE) + 1
    last = points[-1]
    assert last["type"] == "special_cause_concern" and last["colour"] == "#fab428"
    assert last["value"] == 30 and last["upper"] is not None and last["centre"] is not None
    assert last["upper_2sigma"] < last["upper"]
    assert last["moving_range"] == 30 - STABLE[-1]
    assert description["annotations"] == [
        {"date": months(10)[-1].isoformat(), "kind": "event", "text": "New beds"}
    ]
    assert description["variation_icon"] == "concern_high"
    assert description["reading"].startswith("Special cause of concern")


def test_the_static_svg_draws_every_point_with_its_colour_and_a_hover_title(charted) -> None:
    description = describe(charted)
    root = ET.fromstring(render_svg(description, moving_range=True, standalone=True))  # noqa: S314
    circles = root.findall(f".//{SVG}circle")
    assert len(circles) == len(STABLE) + 1
    assert circles[-1].get("fill") == "#fab428"
    assert "special cause of concern" in circles[-1].find(f"{SVG}title").text
    text = ET.tostring(root, encoding="unicode")
    assert "Moving range" in text and "New beds" in text
    assert 'stroke="#d5281b"' not in text  # no target set: no target line


def test_a_window_draws_only_the_recent_points(charted) -> None:
    description = describe(charted)
    start, end = window(description, "1y")
    assert end - start == 13
    svg = render_svg(description, start=start, end=end)
    assert svg.count("<circle") == 13


def test_downloads(charted, client_for) -> None:
    client = client_for("manager")
    response = client.get(f"/control/measures/{charted.code}/chart.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["period", "value", "numerator"] and len(rows) == len(STABLE) + 2
    assert rows[-1][10] == "special_cause_concern"
    svg = client.get(f"/control/measures/{charted.code}/chart.svg?download=1&mr=1")
    assert svg["Content-Type"] == "image/svg+xml" and "attachment" in svg["Content-Disposition"]
    ET.fromstring(svg.content)  # noqa: S314
    png = client.get(f"/control/measures/{charted.code}/chart.png")
    assert png["Content-Type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    data = client.get(f"/control/measures/{charted.code}/chart.json").json()
    assert data["measure"]["code"] == charted.code and len(data["points"]) == len(STABLE) + 1
    partial = client.get(f"/control/measures/{charted.code}/chart/?range=1y")
    html = partial.content.decode()  # the chart drawn wide and narrow, 13 points in each
    assert html.count("<circle") == 26 and "app-chart__narrow" in html


def test_another_wards_manager_cannot_see_the_chart(charted, client_for) -> None:
    for suffix in ("chart.csv", "chart.svg", "chart.png", "chart.json", "chart/"):
        assert (
            client_for("manager2").get(f"/control/measures/{charted.code}/{suffix}").status_code
            == 404
        )


def test_the_measure_page_block_leads_with_the_reading_and_shows_icons(
    charted, people: dict[str, Any]
) -> None:
    request = RequestFactory().get("/", {"sigma": "1"})
    request.user = people["manager"]
    html = Template("{% load spc_charts %}{% measure_chart measure %}").render(
        Context({"measure": charted, "request": request})
    )
    assert html.index("Special cause of concern") < html.index("app-chart__svg")
    assert 'aria-label="Special cause variation of a concerning nature: higher values"' in html
    assert "app-chart--sigma" in html and 'aria-pressed="true"' in html
    assert "Act on this signal" in html
    assert 'id="spc-chart-data"' in html and "spc-chart.js" in html
    assert "style=" not in html.replace('type="application/json"', "")
