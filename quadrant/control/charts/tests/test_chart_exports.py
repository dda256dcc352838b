"""The chart's downloads fit for a board paper: the CSV carries numerators and denominators
wherever the measure has them; the SVG and PNG carry a title and a subtitle (unit, dates
drawn, rules) that overlap nothing and keep their text readable on the narrow chart."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from PIL import Image

from quadrant.control.charts import describe, render_svg
from quadrant.control.charts.svg import NARROW, WIDE, label_width
from quadrant.control.intake.importers.upsert import upsert_observations
from quadrant.control.measures.models import Annotation, Measure
from quadrant.control.testing.insight import STABLE, months

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def record(people: dict[str, Any], django_capture_on_commit_callbacks: Any) -> Any:
    """record(measure, [(value, numerator, denominator), ...]) through the real upsert."""

    def run(measure: Measure, triples: list[tuple[Any, Any, Any]]) -> None:
        rows = [
            (n, measure.code, period.isoformat(), *triple)
            for n, (period, triple) in enumerate(zip(months(len(triples)), triples, strict=True), 1)
        ]
        with django_capture_on_commit_callbacks(execute=True):
            result = upsert_observations(rows, actor=people["analyst"], source="test", route="api")
        assert not result.errors, result.errors

    return run


def _csv(client: Any, code: str) -> list[dict[str, str]]:
    response = client.get(f"/control/measures/{code}/chart.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_fills_numerator_and_denominator_wherever_the_measure_has_them(
    org: Any, falls: Measure, load: Any, record: Any, client_for: Any
) -> None:
    discharges = Measure.objects.create(
        code="DBN-A", name="Discharges before noon, Ward A", org_unit=org.ward_a,
        chart_type="xmr", frequency="month", direction="increase", unit_label="%",
        multiplier=100,
    )  # fmt: skip
    record(discharges, [(None, 30 + n % 4, 100) for n in range(15)])  # values from the counts
    infections = Measure.objects.create(
        code="INF-A", name="Infections per 1,000 bed days, Ward A", org_unit=org.ward_a,
        chart_type="u", frequency="month", direction="decrease", multiplier=1000,
    )  # fmt: skip
    record(infections, [(None, 2 + n % 3, 840) for n in range(15)])
    load(falls, STABLE)
    client = client_for("manager")

    xmr = _csv(client, "DBN-A")
    assert [row["numerator"] for row in xmr[:4]] == ["30.0", "31.0", "32.0", "33.0"]
    assert {row["denominator"] for row in xmr} == {"100.0"}
    assert float(xmr[0]["value"]) == 30.0  # 30 of 100, as a percentage
    ratio = _csv(client, "INF-A")
    assert [row["numerator"] for row in ratio[:3]] == ["2.0", "3.0", "4.0"]
    assert {row["denominator"] for row in ratio} == {"840.0"}
    values_only = _csv(client, falls.code)
    assert {(row["numerator"], row["denominator"]) for row in values_only} == {("", "")}


def _texts(root: ET.Element, css: str) -> list[ET.Element]:
    return [text for text in root.iter(f"{SVG}text") if text.get("class") == css]


def test_the_downloaded_svg_has_a_title_and_a_subtitle_above_everything_else(
    falls: Measure, load: Any, client_for: Any
) -> None:
    load(falls, STABLE)
    Annotation.objects.create(measure=falls, date=months(12)[-1], kind="event", text="New beds")
    client = client_for("manager")
    svg = client.get(f"/control/measures/{falls.code}/chart.svg?download=1").content.decode()
    root = ET.fromstring(svg)  # noqa: S314
    (title,) = _texts(root, "app-chart__title")
    assert title.text == "Falls, Ward A" and title.get("font-weight") == "bold"
    subtitle = " ".join(text.text or "" for text in _texts(root, "app-chart__subtitle"))
    assert subtitle == "Jan 2024 to Aug 2025 · Rules: Making Data Count (NHS England)"
    heading_bottom = max(float(t.get("y")) for t in _texts(root, "app-chart__subtitle"))
    label = root.find(f".//{SVG}g[@class='app-chart__annotation']/{SVG}text")
    label_top = float(label.get("y")) - WIDE.font
    grid = [line for line in root.iter(f"{SVG}line") if line.get("x1") != line.get("x2")]
    assert heading_bottom < label_top < min(float(line.get("y1")) for line in grid)

    year = client.get(f"/control/measures/{falls.code}/chart.svg?range=1y").content.decode()
    assert "Aug 2024 to Aug 2025" in year  # the dates drawn, not all the data's


def test_the_subtitle_names_the_unit_and_the_rules_of_the_measure(org: Any, load: Any) -> None:
    measure = Measure.objects.create(
        code="LOS-A", name="Average length of stay of patients on Ward A after an operation",
        org_unit=org.ward_a, chart_type="xmr", frequency="month", direction="decrease",
        unit_label="days", rule_profile="anhoej",
    )  # fmt: skip
    load(measure, STABLE)
    description = describe(measure)
    svg = render_svg(description, standalone=True, size=NARROW)
    root = ET.fromstring(svg)  # noqa: S314
    lines = _texts(root, "app-chart__title") + _texts(root, "app-chart__subtitle")
    assert len(_texts(root, "app-chart__title")) > 1  # a long name wraps on the narrow chart
    words = " ".join(text.text or "" for text in _texts(root, "app-chart__subtitle"))
    assert words == "Unit: days · Jan 2024 to Aug 2025 · Rules: Anhøj runs rules"
    room = NARROW.width - NARROW.left - NARROW.right
    for line in lines:  # each fits the picture and reads at 12 px or more on a phone
        font = float(line.get("font-size"))
        assert label_width(line.text or "", int(font)) <= room and font * 288 / 320 >= 12
    tops = [float(line.get("y")) for line in lines]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)  # one line under another


def test_the_png_is_drawn_from_the_svg_with_its_heading(
    falls: Measure, load: Any, client_for: Any
) -> None:
    load(falls, STABLE)
    client = client_for("manager")
    svg = ET.fromstring(client.get(f"/control/measures/{falls.code}/chart.svg").content)  # noqa: S314
    png = Image.open(io.BytesIO(client.get(f"/control/measures/{falls.code}/chart.png").content))
    assert png.size == (2 * WIDE.width, 2 * int(float(svg.get("height"))))
    title = svg.find(f".//{SVG}text[@class='app-chart__title']")
    y = 2 * int(float(title.get("y")) - 6)  # the middle of the title's letters, at scale 2
    row = [png.convert("L").getpixel((x, y)) for x in range(2 * WIDE.left, 2 * WIDE.left + 200)]
    assert min(row) < 100  # dark letters of the title are drawn there
    assert (
        client_for("manager2").get(f"/control/measures/{falls.code}/chart.png").status_code == 404
    )
