"""The chart's layout: annotation labels never overlap, the time axis runs to today (so a PDSA
cycle begun since the last data is drawn), and the narrow chart drawn for a phone keeps its
text at 12 px or more."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from quadrant.control.charts import describe, providers, render_svg
from quadrant.control.charts.svg import NARROW, WIDE, LabelBox, label_width, layout_labels
from quadrant.control.measures.models import Annotation
from quadrant.control.testing.insight import STABLE, months

SVG = "{http://www.w3.org/2000/svg}"
LAST = months(len(STABLE))[-1]  # the last point of a STABLE series: 1 August 2025
TODAY = dt.date(LAST.year, LAST.month + 3, 15)  # three months after it


def overlap(a: LabelBox, b: LabelBox) -> bool:
    return (
        a.x < b.x + b.width
        and b.x < a.x + a.width
        and a.y < b.y + b.height
        and (b.y < a.y + a.height)
    )


def test_labels_close_together_are_stacked_in_rows_that_never_overlap() -> None:
    texts = ["PDSA 1: Huddles", "Rebase", "PDSA 2: Falls mats", "New beds", "PDSA 3: Alarms"]
    marks = [(300 + 9 * n, text) for n, text in enumerate(texts)]  # five within a few weeks
    boxes = layout_labels(marks, font=12, low=2, high=798)
    assert [box.text for box in boxes] == texts
    for n, box in enumerate(boxes):
        assert box.width == label_width(texts[n], 12) and 2 <= box.x <= box.x + box.width <= 798
        for other in boxes[n + 1 :]:
            assert not overlap(box, other), (box, other)
    assert len({box.row for box in boxes}) == 5  # each needs a row of its own here
    spread = layout_labels([(100, "A"), (300, "B"), (500, "C")], font=12, low=2, high=798)
    assert {box.row for box in spread} == {0}  # labels far apart share the top row
    edge = layout_labels([(795, "PDSA 9: at the edge")], font=12, low=2, high=798)[0]
    assert edge.x + edge.width == 792  # ends at its line rather than running off the picture


def test_no_annotation_line_runs_through_another_label() -> None:
    marks = [(100, "PDSA 1: a long description of it"), (300, "B"), (150, "C"), (170, "D")]
    boxes = layout_labels(marks, font=12, low=2, high=798)
    for (x, _), box in zip(marks, boxes, strict=True):  # each line runs down from its label
        for other in boxes:
            if other is not box and other.row > box.row:
                assert not other.x <= x <= other.x + other.width, (x, box, other)


@pytest.mark.django_db
def test_the_svg_draws_every_label_of_close_annotations_above_the_plot(falls, load) -> None:
    load(falls, STABLE)
    texts = ["Huddles", "Rebase here", "Falls mats", "New beds", "Alarms"]
    for n, text in enumerate(texts):
        Annotation.objects.create(
            measure=falls, date=months(16)[-1] + dt.timedelta(days=7 * n), kind="event", text=text
        )
    description = describe(falls, today=TODAY)
    svg = render_svg(description)
    root = ET.fromstring(svg)  # noqa: S314
    groups = root.findall(f".//{SVG}g[@class='app-chart__annotation']")
    labels = [group.find(f"{SVG}text") for group in groups]
    assert [label.text for label in labels] == texts
    rows = {label.get("y") for label in labels}
    assert len(rows) == 5  # stacked, not drawn on top of each other
    grid = [line for line in root.iter(f"{SVG}line") if line.get("x1") != line.get("x2")]
    plot_top = min(float(line.get("y1")) for line in grid)
    assert all(float(label.get("y")) < plot_top for label in labels)
    assert float(root.get("height")) > WIDE.main_height  # the chart grew to hold the rows
    plain = render_svg(describe(falls, today=TODAY) | {"annotations": []})
    assert f'height="{WIDE.main_height}"' in plain  # and without annotations it does not


@pytest.mark.django_db
def test_a_pdsa_cycle_begun_after_the_last_point_is_drawn_inside_the_plot(
    falls, load, monkeypatch
) -> None:
    load(falls, STABLE)
    started = TODAY - dt.timedelta(days=30)  # last month; the last data is three months old
    cycle = {"date": started.isoformat(), "kind": "pdsa", "text": "PDSA 4: Night checks"}
    monkeypatch.setattr(providers, "_providers", [lambda measure: [cycle]])
    description = describe(falls, today=TODAY)
    assert description["axis_end"] == TODAY.isoformat()
    for size in (WIDE, NARROW):
        root = ET.fromstring(render_svg(description, size=size))  # noqa: S314
        group = root.find(f".//{SVG}g[@class='app-chart__annotation']")
        assert group is not None, "the cycle is not drawn"
        assert "PDSA 4: Night checks" in group.find(f"{SVG}title").text
        x = float(group.find(f"{SVG}line").get("x1"))
        last_point = max(float(c.get("cx")) for c in root.iter(f"{SVG}circle"))
        assert last_point < x <= size.width - size.right  # after the data, inside the plot


@pytest.mark.django_db
def test_the_narrow_chart_keeps_its_text_at_12_px_on_a_phone(falls, load) -> None:
    load(falls, STABLE)
    Annotation.objects.create(measure=falls, date=months(12)[-1], kind="rebase", text="Rebase")
    description = describe(falls, today=TODAY)
    svg = render_svg(description, size=NARROW, moving_range=True)
    root = ET.fromstring(svg)  # noqa: S314
    assert root.get("width") == "320" and root.get("class") == "app-chart__narrow"
    sizes = [float(text.get("font-size")) for text in root.iter(f"{SVG}text")]
    # The CSS shows it at least 288 px wide (a 320 px phone less the page's margins).
    assert sizes and min(sizes) * 288 / NARROW.width >= 12
    x_labels = [t for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert len(x_labels) <= NARROW.x_labels
    assert root.findall(f".//{SVG}circle") and len(root.findall(f".//{SVG}circle")) == len(STABLE)
    assert 'id="chart-title-narrow"' in svg and 'aria-labelledby="chart-title-narrow"' in svg
