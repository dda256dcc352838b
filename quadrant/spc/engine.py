"""The pipeline: phases and baselines, limits, rules, runs analysis and icons, for a
batch of series sharing one chart type and one rule profile, all in flat arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .icons import assurance_codes, variation_codes
from .limit_lines import Limits
from .limits import LimitInput, compute_limits
from .profiles import Profile
from .results import COMMON, MISSING, RUNS, BoolArray, CodeArray, FloatArray, IntArray
from .rules import Flags, point_flags, resolve, sides
from .runs import analyse_runs
from .segments import Segments, first_flags, seg_ids


@dataclass(frozen=True)
class Batch:
    """Series of one chart type under one profile, flat, each series contiguous.

    Per point (N): ``y`` the plotted statistic, ``num``/``den``/``sd`` what the chart
    family needs, ``valid`` (not missing), ``rebase`` (a phase starts here on request),
    ``target``. Per series (G): ``starts`` (G + 1 offsets) and the options.
    """

    chart: str
    profile: Profile
    y: FloatArray
    num: FloatArray
    den: FloatArray
    sd: FloatArray
    valid: BoolArray
    rebase: BoolArray
    target: FloatArray
    starts: IntArray
    improvement: CodeArray
    baseline: IntArray
    screen: BoolArray
    run_length: IntArray
    min_points: IntArray


@dataclass(frozen=True)
class Output(Limits):
    """Per point (N), per series (G) and per phase (P) results of a batch: the limits
    of every point, then its type and rule, the icons and the runs analysis."""

    point_type: CodeArray
    rule: CodeArray
    variation: CodeArray
    assurance: CodeArray
    runs: dict[str, IntArray]
    phase_starts: IntArray  #: per series, offsets into the phase arrays (G + 1)


def _phases(b: Batch, group: IntArray, gfirst: BoolArray) -> tuple[IntArray, BoolArray]:
    """Phase id and baseline membership per point, as the profile combines them."""
    n = group.shape[0]
    pos = np.arange(n, dtype=np.intp)
    base = b.baseline[group]
    mode = b.profile.baseline_mode
    if mode == "baseline_only":
        # MDC: "when a recalculation is also added, only the baseline is implemented"
        start = gfirst | (b.rebase & (base == 0))
        calc = (base == 0) | (pos - b.starts[:-1][group] < base)
    elif mode == "rebase_only":
        # qicharts2: freeze is ignored when parts are given
        start = gfirst | b.rebase
        has_rebase = np.bincount(group, weights=b.rebase, minlength=b.starts.shape[0] - 1) > 0
        base = np.where(has_rebase[group], 0, base)
        calc = (base == 0) | (pos - b.starts[:-1][group] < base)
    else:
        # NHSRplotthedots: fix_after_n_points counts within each rebase group
        start = gfirst | b.rebase
        phase = seg_ids(start)
        first_pos = np.flatnonzero(start)
        calc = (base == 0) | (pos - first_pos[phase] < base)
        return phase, calc
    return seg_ids(start), calc


def run(b: Batch) -> Output:
    """Analyse every series of the batch at once."""
    with np.errstate(all="ignore"):
        return _run(b)


def _run(b: Batch) -> Output:
    n = b.y.shape[0]
    ngroup = b.starts.shape[0] - 1
    lengths = np.diff(b.starts)
    group = np.repeat(np.arange(ngroup, dtype=np.intp), lengths)
    gfirst = np.zeros(n, dtype=np.bool_)
    gfirst[b.starts[:-1][lengths > 0]] = True
    simple = not (b.rebase.any() or b.baseline.any())
    if simple:
        # no recalculation and no baseline: one phase per series, every point counts
        phase, calc = group, np.ones(n, dtype=np.bool_)
    else:
        phase, calc = _phases(b, group, gfirst)
    nphase = int(phase[-1]) + 1 if n else 0
    phase_group = group[np.flatnonzero(first_flags(phase))] if n else np.zeros(0, np.intp)
    phase_starts = np.zeros(ngroup + 1, dtype=np.intp)
    phase_starts[1:] = np.cumsum(np.bincount(phase_group, minlength=ngroup))

    # work on the non-missing points only: a missing period breaks no run
    dense = bool(b.valid.all())
    calc_all = simple or bool(calc.all())
    idx = np.arange(n, dtype=np.intp) if dense else np.flatnonzero(b.valid)
    c_group = group if dense else group[idx]
    c_phase = phase if dense else phase[idx]
    if dense and simple:
        c_first = gfirst
        segs = Segments(group, b.starts[:-1][lengths > 0])
    else:
        c_first = first_flags(c_phase)
        segs = Segments.from_first(c_first) if n else Segments(c_phase, c_phase)
    y = b.y if dense else b.y[idx]
    lim = compute_limits(
        b.chart,
        LimitInput(
            y=y,
            num=b.num if dense else b.num[idx],
            den=b.den if dense else b.den[idx],
            sd=b.sd if dense else b.sd[idx],
            segs=segs,
            first=c_first,
            calc=calc if dense else calc[idx],
            screen=b.screen[c_group],
            sigma_per_mr=b.profile.sigma_per_mr,
            calc_all=calc_all,
        ),
    )
    count = np.bincount(c_group, minlength=ngroup)
    shown_g = count >= b.min_points
    hidden = ~shown_g[c_group]
    any_hidden = bool(hidden.any())
    if any_hidden:
        lower, upper, lower2, upper2, mr_upper = (
            np.where(hidden, np.nan, a)
            for a in (lim.lower, lim.upper, lim.lower2, lim.upper2, lim.mr_upper)
        )
        lim = type(lim)(lim.centre, lower, upper, lower2, upper2, lim.mr, mr_upper)
    lower, upper, lower2, upper2, mr_upper = (
        lim.lower,
        lim.upper,
        lim.lower2,
        lim.upper2,
        lim.mr_upper,
    )

    side = sides(y, lim.centre)
    if b.profile.rules_cross_rebase and not (dense and simple):
        rule_first = first_flags(c_group)
    else:
        rule_first = c_first
    improvement = b.improvement[c_group]
    flags, trend_direction = point_flags(b.profile, y, lim, side, rule_first, c_group, b.run_length)
    override = None
    if not b.profile.point_rules:
        # a run of run_length points signals: the longest run allowed is one fewer
        override = np.maximum(b.run_length[phase_group] - 1, 0)
    runs = analyse_runs(side, c_phase, nphase, override)
    if not b.profile.point_rules:
        # qicharts2 sets runs.signal on every point of a signalling phase
        signal = runs["runs_signal"][c_phase].astype(np.bool_)
        flags[RUNS] = Flags(signal & (side > 0), signal & (side < 0))
    verdict = resolve(b.profile, improvement, flags, trend_direction)
    ptype, rule = verdict.point_type, verdict.rule
    if any_hidden:
        ptype[hidden] = COMMON
        rule[hidden] = 0

    # icons from each series' last non-missing point and latest target
    has = count > 0
    last = (np.cumsum(count) - 1)[has]
    variation = np.full(ngroup, -1, dtype=np.int8)
    variation[has] = variation_codes(
        ptype[last], verdict.direction[last], improvement[last], shown_g[has]
    )
    tpos = np.flatnonzero(~np.isnan(b.target))
    latest = np.full(ngroup, np.nan)
    if tpos.shape[0]:
        tg = group[tpos]
        lastt = np.ones(tpos.shape[0], dtype=np.bool_)
        lastt[:-1] = tg[1:] != tg[:-1]
        latest[tg[lastt]] = b.target[tpos[lastt]]
    assurance = np.full(ngroup, -1, dtype=np.int8)
    assurance[has] = assurance_codes(
        latest[has], lower[last], upper[last], improvement[last], shown_g[has]
    )

    def scatter(a: FloatArray) -> FloatArray:
        if dense:
            return a
        out = np.full(n, np.nan)
        out[idx] = a
        return out

    def scatter_codes(a: CodeArray) -> CodeArray:
        if dense:
            return a
        out = np.full(n, MISSING, dtype=np.int8)
        out[idx] = a
        return out

    return Output(
        centre=scatter(lim.centre),
        lower=scatter(lower),
        upper=scatter(upper),
        lower2=scatter(lower2),
        upper2=scatter(upper2),
        mr=scatter(lim.mr),
        mr_upper=scatter(mr_upper),
        point_type=scatter_codes(ptype),
        rule=scatter_codes(rule),
        variation=variation,
        assurance=assurance,
        runs=runs,
        phase_starts=phase_starts,
    )
