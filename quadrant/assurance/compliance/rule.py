"""Compliance with a standard on a unit, from audit answers: the rule, and its arithmetic on
arrays (numpy; the database reads are in `evidence.py`).

The rule, as the compliance page says it:

- A standard's compliance on a unit is the **weighted share of compliant answers** to the
  audit questions that evidence it, in the **latest signed-off run of each template** (by
  code, any version) on that unit. Each answer is compliant to a degree between 0 and 1 by
  the audits' own rule (`audits.scoring.compliance`: yes 1, no 0, a score its share of the
  maximum, …); "not applicable", free text and unscored answers leave the denominator.
- **Rolled up**, a unit's figure covers its own runs and those of every unit below it: the
  answers are pooled (summed weights over summed weights), never an average of the units'
  percentages, so a ward with two answers weighs less than a ward with two hundred.
- **Internal standards count for the external ones mapped to them** (the consolidation map):
  a CQC or national standard shows the answers to questions citing the internal standard it
  is met through (and any question citing it directly; one answer counts once).
- The **trend** is one point a month, the month's signed-off runs pooled the same way, on an
  individuals (XmR) chart with the Making Data Count rules, like the audit measures; its
  variation icon comes from the latest point and its assurance icon from the target: the
  pass threshold of the templates that evidence the standard (the highest, where they
  differ; 85% when unknown).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np

from quadrant import spc
from quadrant.assurance.audits.models import DEFAULT_THRESHOLD
from quadrant.assurance.audits.scoring import ONE_PLACE

RULE_SUMMARY = (
    "Compliance is the weighted share of compliant answers to the audit questions that "
    "evidence the standard, in the latest signed-off audit of each template on the unit and "
    "every unit below it. Answers are pooled, not percentages averaged; not-applicable "
    "answers are left out. External standards count the answers of the internal standard "
    "they are mapped to."
)
TREND_SUMMARY = (
    "The trend is one point a month (that month's signed-off audits pooled the same way) on "
    "an XmR chart with the Making Data Count rules; the target is the audits' pass threshold."
)
NO_EVIDENCE = "No audit evidence"


@dataclass(frozen=True)
class Figure:
    """A pooled figure: the weighted compliant share of ANSWERS answers."""

    achieved: float
    possible: float
    answers: int

    @property
    def percent(self) -> Decimal | None:
        """Rounded half up to one decimal place, as an audit's score is; None: no evidence."""
        if self.possible <= 0:
            return None
        share = Decimal(repr(self.achieved)) * 100 / Decimal(repr(self.possible))
        return share.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Evidence:
    """Every scored answer that evidences a framework's standards, summed per unit (in path
    order, so that a unit's subtree is one run of indexes), standard and month.

    `subtree_end[u]` is the index after unit u's last descendant. The trend rows (t_*) and the
    latest-run rows (l_*) are sorted by unit index.
    """

    unit_ids: list[int]
    subtree_end: Any  # int array, one a unit
    standard_ids: list[int]
    months: list[Any]  # the first day of each month, in order
    thresholds: Any  # float array, one a standard
    t_unit: Any
    t_key: Any  # standard * months + month
    t_achieved: Any
    t_possible: Any
    t_answers: Any
    l_unit: Any
    l_standard: Any
    l_achieved: Any
    l_possible: Any
    l_answers: Any

    unit_index: dict[int, int] = field(init=False)
    standard_index: dict[int, int] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "unit_index", {pk: i for i, pk in enumerate(self.unit_ids)})
        object.__setattr__(
            self, "standard_index", {pk: i for i, pk in enumerate(self.standard_ids)}
        )

    def _rows(self, units: Any, unit: int) -> slice:
        lo = np.searchsorted(units, unit, "left")
        hi = np.searchsorted(units, self.subtree_end[unit], "left")
        return slice(int(lo), int(hi))

    def latest(self, unit: int) -> tuple[Any, Any, Any]:
        """Achieved, possible and answers per standard for UNIT's subtree (latest runs)."""
        rows, size = self._rows(self.l_unit, unit), len(self.standard_ids)
        standards = self.l_standard[rows]
        return (
            np.bincount(standards, self.l_achieved[rows], size),
            np.bincount(standards, self.l_possible[rows], size),
            np.bincount(standards, self.l_answers[rows], size).astype(np.int64),
        )

    def monthly(self, unit: int) -> tuple[Any, Any]:
        """Achieved and possible, standards × months, for UNIT's subtree (every run)."""
        rows = self._rows(self.t_unit, unit)
        shape = (len(self.standard_ids), len(self.months))
        size = shape[0] * shape[1]
        keys = self.t_key[rows]
        achieved = np.bincount(keys, self.t_achieved[rows], size).reshape(shape)
        possible = np.bincount(keys, self.t_possible[rows], size).reshape(shape)
        return achieved, possible


def monthly_percent(achieved: Any, possible: Any) -> Any:
    """Percentages (nan where a month has no evidence)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(possible > 0, achieved * 100.0 / possible, np.nan)


def evidenced_span(possible: Any) -> tuple[int, int] | None:
    """The months [first, last] a series has evidence in, or None."""
    present = np.flatnonzero(possible > 0)
    if not len(present):
        return None
    return int(present[0]), int(present[-1]) + 1


def trend_icons(
    series: Sequence[tuple[Any, Any, float]],
) -> list[tuple[str | None, str | None]]:
    """The variation and assurance icon codes of each (percentages, possible, target) series,
    all analysed in one batch by the SPC library (XmR, Making Data Count rules)."""
    values, groups, targets, order = [], [], [], []
    for label, (percent, possible, target) in enumerate(series):
        span = evidenced_span(possible)
        if span is None:
            continue
        part = percent[span[0] : span[1]]
        values.append(part)
        groups.append(np.full(len(part), label))
        targets.append(np.full(len(part), target))
        order.append(label)
    icons: list[tuple[str | None, str | None]] = [(None, None)] * len(series)
    if not order:
        return icons
    result = spc.analyse_many(
        np.concatenate(values), np.concatenate(groups), chart="xmr", rules="mdc",
        improvement="increase", target=np.concatenate(targets),
    )  # fmt: skip
    for label in order:
        icons[label] = (result.variation_icon[label], result.assurance_icon[label])
    return icons


def default_threshold() -> float:
    return float(DEFAULT_THRESHOLD)
