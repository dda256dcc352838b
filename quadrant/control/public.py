"""What other components may use of the control component (measures, their data and SPC).

Planning, improvement and the rest use control only through this module; everything else in
quadrant.control is internal to it and may change shape without them noticing.

Measures and their data
- Measure, Observation, MeasureTarget, Annotation: the models (read them with the usual
  permission helpers; write them with the services below).
- MEASURE_CODE_PATTERN, MEASURE_CODE_RULE: what a measure code may contain, and the sentence
  that says so, for forms of other components that take a new code.
- ChartType, Direction, Frequency: the choices of a measure's chart, improvement direction and
  period length.
- create_measure(fields, actor=...), record_observation(measure, ...), set_target(measure, value,
  effective_from, actor=...): define a measure; add or correct one period's value; set its
  target from a date (with the same checks as the measure page; a system actor may too).
- upsert_observations(rows, actor=..., source=..., route=...): many periods of many measures
  at once, all or nothing, in one history event (ROWS: row number, code, period, value,
  numerator, denominator); DataRoute names where they came from.
- observations_changed: the Django signal sent after a commit that inserted or changed
  observations (measure_ids, actor, route).

Charts
- describe(measure, ...): the JSON-able description of a measure's chart;
  render_svg(description, ...): that chart drawn as SVG (size=PHONE_CHART: 320 wide with
  14-unit text, for a phone; pages show it below the desktop width inside
  `app-chart app-chart--dual`).
- chart_pair(measure): describe() and render_svg() at both sizes in one, for a page of another
  component showing a measure's chart beside its own records ({measure, description, svg,
  svg_narrow}).
- register_annotation_provider(func): add annotations of another component (PDSA cycles, ...)
  to every measure chart; func(measure) returns [{"date", "kind", "text", ...}].

SPC results
- measure_statuses(measure_ids): the stored SPC status of each measure (MeasureStatus: points,
  latest_period, latest_value, target, variation_icon, assurance_icon, reading, ...), the same
  cached result the summary matrix shows, by measure id.
- variation_text(code), assurance_text(code): the one wording of what a Making Data Count icon
  says (or why a measure has none).
- is_stale(measure, latest_period, today=None): whether a measure's data is stale (two complete
  periods of its frequency have ended since its latest point, by today); stale_text(
  latest_period): what every page then says ("No new data since March 2025");
  stale_filter(today, prefix=""): the same rule as a filter on measures, for a query.
- statuses_of_concern(measures): the stored statuses of those of MEASURES (a queryset) whose
  variation icon is a special cause of concern or whose assurance icon is consistently failing,
  the most in need of attention first; unanswered_signals(measures): their open signals, that
  nobody has acknowledged or turned into an action yet, newest first.
"""

from typing import Any

from django.db.models import Q, QuerySet

from quadrant.control.charts.description import describe, describe_values
from quadrant.control.charts.providers import register_annotation_provider
from quadrant.control.charts.still import chart_pair
from quadrant.control.charts.svg import NARROW as PHONE_CHART
from quadrant.control.charts.svg import render_svg
from quadrant.control.choices import ChartType, DataRoute, Direction, Frequency
from quadrant.control.events import observations_changed
from quadrant.control.intake.importers.upsert import upsert_observations
from quadrant.control.measures.models import (
    MEASURE_CODE_PATTERN,
    MEASURE_CODE_RULE,
    Annotation,
    Measure,
    MeasureTarget,
    Observation,
)
from quadrant.control.measures.services import create_measure, record_observation, set_target
from quadrant.control.signals.models import Signal, SignalStatus
from quadrant.control.signals.rules import measure_statuses
from quadrant.control.summary.icons import assurance_text, variation_text
from quadrant.control.summary.models import MeasureStatus, is_stale, stale_filter, stale_text

__all__ = [
    "MEASURE_CODE_PATTERN",
    "MEASURE_CODE_RULE",
    "PHONE_CHART",
    "Annotation",
    "ChartType",
    "DataRoute",
    "Direction",
    "Frequency",
    "Measure",
    "MeasureTarget",
    "Observation",
    "assurance_text",
    "chart_pair",
    "create_measure",
    "describe",
    "describe_values",
    "is_stale",
    "measure_statuses",
    "observations_changed",
    "record_observation",
    "register_annotation_provider",
    "render_svg",
    "set_target",
    "stale_filter",
    "stale_text",
    "statuses_of_concern",
    "unanswered_signals",
    "upsert_observations",
    "variation_text",
]


def statuses_of_concern(measures: QuerySet[Measure]) -> QuerySet[MeasureStatus]:
    """The stored statuses of MEASURES showing a concern icon or consistently failing their
    target (with each measure and its unit), the most in need of attention first."""
    concern = Q(variation_icon__startswith="concern") | Q(assurance_icon="consistent_fail")
    return (
        MeasureStatus.objects.filter(concern, measure__in=measures)
        .select_related("measure__org_unit")
        .order_by("-attention", "measure__name", "measure_id")
    )


def unanswered_signals(measures: QuerySet[Measure]) -> QuerySet[Any]:
    """The open signals of MEASURES (nobody has acknowledged them or turned them into an action
    yet), with each measure and its unit, newest first."""
    return Signal.objects.filter(
        measure__in=measures, status=SignalStatus.OPEN, archived_at__isnull=True
    ).select_related("measure__org_unit")
