"""Special-cause rules, vectorised over many series, and how a profile resolves them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .limits import Limits
from .profiles import Profile
from .results import (
    COMMON,
    CONCERN,
    IMPROVEMENT,
    NEUTRAL,
    OUTSIDE,
    RUNS,
    SHIFT,
    TREND,
    TWO_OF_THREE,
    BoolArray,
    CodeArray,
    FloatArray,
    IntArray,
)
from .segments import run_lengths

#: the order in which a point's rule is named when several apply (NHSRplotthedots)
PRIORITY = (OUTSIDE, TREND, TWO_OF_THREE, SHIFT, RUNS)


@dataclass(frozen=True)
class Flags:
    """One rule's verdict per point: special cause above (high) or below (low)."""

    high: BoolArray
    low: BoolArray


@dataclass(frozen=True)
class Verdict:
    """Per point: point-type code, rule code and direction (+1 high, -1 low, 0 none)."""

    point_type: CodeArray
    rule: CodeArray
    direction: CodeArray


def _next(x: BoolArray) -> BoolArray:
    out = np.zeros_like(x)
    out[:-1] = x[1:]
    return out


def sides(y: FloatArray, centre: FloatArray) -> CodeArray:
    """+1 above the centre line, -1 below, 0 on it (or no centre)."""
    return np.greater(y, centre).astype(np.int8) - np.less(y, centre).astype(np.int8)


def outside(y: FloatArray, lim: Limits) -> Flags:
    """A point beyond a process limit."""
    return Flags(np.greater(y, lim.upper), np.less(y, lim.lower))


def shift(side: CodeArray, first: BoolArray, length: IntArray) -> Flags:
    """Every point of a run of at least ``length`` points on one side of the centre line.

    A point on the centre line ends a run; so does the start of a rule segment.
    """
    breaks = first | _prev_change(side)
    long = run_lengths(breaks) >= length
    return Flags(long & (side > 0), long & (side < 0))


def _prev_change(x: CodeArray) -> BoolArray:
    out = np.zeros(x.shape[0], dtype=np.bool_)
    out[1:] = x[1:] != x[:-1]
    return out


def steps(y: FloatArray, first: BoolArray) -> CodeArray:
    """Sign of the step from the previous point (0 at a segment start or a tie)."""
    d = np.zeros(y.shape[0], dtype=np.int8)
    d[1:] = np.sign(y[1:] - y[:-1]).astype(np.int8)
    d[first] = 0
    return d


def trend(step: CodeArray, first: BoolArray, length: IntArray) -> Flags:
    """Every point of a run of ``length`` points each higher (lower) than the last.

    A tie is a pause and ends the trend. A point can close a falling trend and open
    a rising one, and then is flagged both ways.
    """
    breaks = first | _prev_change(step)
    ends = (step != 0) & (run_lengths(breaks) >= length - 1)  # n points make n-1 steps
    up_end, down_end = ends & (step > 0), ends & (step < 0)
    return Flags(up_end | _next(up_end), down_end | _next(down_end))


def two_of_three(side: CodeArray, y: FloatArray, lim: Limits, first: BoolArray) -> Flags:
    """Two or three of three consecutive points beyond a two-sigma line, all on one side.

    Points beyond a process limit are on their side but do not count towards the two;
    only the points beyond two sigma are flagged.
    """
    n = y.shape[0]
    out_hi, out_lo = np.greater(y, lim.upper), np.less(y, lim.lower)
    near_hi = np.greater(y, lim.upper2) & ~out_hi
    near_lo = np.less(y, lim.lower2) & ~out_lo
    if n < 3:
        empty = np.zeros(n, dtype=np.bool_)
        return Flags(empty, empty)
    # window j covers points j, j+1, j+2 and must not cross a segment start
    whole = ~(first[1:-1] | first[2:])

    def windows(near: BoolArray, on_side: BoolArray) -> BoolArray:
        count = near[:-2].astype(np.int8) + near[1:-1] + near[2:]
        ok = whole & on_side[:-2] & on_side[1:-1] & on_side[2:] & (count >= 2)
        hit = np.zeros(n, dtype=np.bool_)
        hit[:-2] |= ok
        hit[1:-1] |= ok
        hit[2:] |= ok
        return hit & near

    return Flags(windows(near_hi, side > 0), windows(near_lo, side < 0))


def nhsr_trend_direction(tr: Flags, step: CodeArray, first: BoolArray) -> CodeArray:
    """NHSRplotthedots' direction for a trend point: of the step to the next point when
    that point is in a trend of the same series too, else of the step from the previous
    point. The next series' first point never lends its direction to the last point."""
    part = tr.high | tr.low
    nxt = np.zeros_like(step)
    nxt[:-1] = step[1:]
    return np.where(part & _next(part & ~first), nxt, step).astype(np.int8) * part


def point_flags(
    profile: Profile,
    y: FloatArray,
    lim: Limits,
    side: CodeArray,
    first: BoolArray,
    group: IntArray,
    run_length: IntArray,
) -> tuple[dict[int, Flags], CodeArray | None]:
    """The flags of the rules judged point by point, by rule code, and the direction
    NHSRplotthedots gives trend points (``None`` where improvement wins).

    Outside the limits always; shift, trend and two-of-three where the profile has
    point rules, with each series' ``run_length`` (indexed by ``group``)."""
    flags: dict[int, Flags] = {OUTSIDE: outside(y, lim)}
    trend_direction = None
    if profile.point_rules:
        length = run_length[group]
        flags[SHIFT] = shift(side, first, length)
        step = steps(y, first)
        flags[TREND] = trend(step, first, length)
        flags[TWO_OF_THREE] = two_of_three(side, y, lim, first)
        if not profile.improvement_wins:
            trend_direction = nhsr_trend_direction(flags[TREND], step, first)
    return flags, trend_direction


def _first_by_priority(
    n: int, flags: dict[int, Flags], trend_direction: CodeArray | None
) -> tuple[CodeArray, CodeArray]:
    """Rule and direction of the first rule by priority that flags each point."""
    rule = np.zeros(n, dtype=np.int8)
    direction = np.zeros(n, dtype=np.int8)
    for code in reversed(PRIORITY):  # later assignments win, so go from the lowest
        f = flags.get(code)
        if f is None:
            continue
        hit = f.high | f.low
        rule[hit] = code
        if code == TREND and trend_direction is not None:
            direction[hit] = trend_direction[hit]
        else:
            # a turning point flagged both ways counts as high
            direction[hit] = np.where(f.high[hit], 1, -1)
    return rule, direction


def resolve(
    profile: Profile,
    improvement: CodeArray,
    flags: dict[int, Flags],
    trend_direction: CodeArray | None = None,
) -> Verdict:
    """Point type, rule and direction per point from each rule's flags.

    ``"mdc"``: any rule's improvement wins over any rule's concern; the rule named is
    the first by priority among those giving the winning type. Otherwise the first
    rule by priority sets the type. Without an improvement direction, any rule makes
    the point neutral and the first rule by priority names it.
    """
    n = improvement.shape[0]
    neutral = improvement == 0
    has_neutral = bool(neutral.any())
    if not profile.improvement_wins:
        rule, direction = _first_by_priority(n, flags, trend_direction)
        oriented = direction * improvement
        ptype = np.full(n, COMMON, dtype=np.int8)
        ptype[oriented > 0] = IMPROVEMENT
        ptype[oriented < 0] = CONCERN
        if has_neutral:
            ptype[neutral & (rule != 0)] = NEUTRAL
        return Verdict(ptype, rule, direction)

    any_hi = np.zeros(n, dtype=np.bool_)
    any_lo = np.zeros(n, dtype=np.bool_)
    for each in flags.values():
        any_hi |= each.high
        any_lo |= each.low
    up, down = improvement > 0, improvement < 0
    good = (up & any_hi) | (down & any_lo)
    bad = ((up & any_lo) | (down & any_hi)) & ~good
    # the side that set the type: the improving side, or for a concern the other one
    direction = improvement * good.astype(np.int8) - improvement * bad.astype(np.int8)
    high, low = direction > 0, direction < 0
    rule = np.zeros(n, dtype=np.int8)
    for code in reversed(PRIORITY):
        f = flags.get(code)
        if f is not None:
            rule[(f.high & high) | (f.low & low)] = code
    ptype = np.full(n, COMMON, dtype=np.int8)
    ptype[good] = IMPROVEMENT
    ptype[bad] = CONCERN
    if has_neutral:
        n_rule, n_dir = _first_by_priority(n, flags, trend_direction)
        rule[neutral] = n_rule[neutral]
        direction[neutral] = n_dir[neutral]
        ptype[neutral & (n_rule != 0)] = NEUTRAL
    return Verdict(ptype, rule, direction.astype(np.int8))
