"""``analyse_many``: many series in one flat array, vectorised across series."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .api import resolve_options
from .engine import Batch, Output, run
from .errors import SpcInputError
from .icons import ASSURANCE, VARIATION, names
from .inputs import (
    check_chart,
    check_rules,
    improvement_code,
    prepare_points,
    rebase_flags,
    target_array,
)
from .profiles import PROFILES
from .results import FloatArray, IntArray, SpcManyResult
from .runs import summaries

_POSITION = re.compile(r"position (\d+)")


def group_offsets(groups: Any, n: int) -> tuple[list[Any], IntArray]:
    """Labels in order and the offsets where each group's contiguous block starts
    (with ``n`` appended); a label that comes back after another is an error."""
    if len(groups) != n:
        raise SpcInputError(f"groups has {len(groups)} labels but values has {n}")
    arr: Any = groups if isinstance(groups, np.ndarray) else None
    if arr is None:
        try:
            arr = np.asarray(groups)
        except ValueError:
            arr = None
    if arr is not None and arr.ndim == 1 and n:
        change = np.flatnonzero(arr[1:] != arr[:-1]) + 1
        starts = np.concatenate(([0], change, [n])).astype(np.intp)
        labels = arr[starts[:-1]].tolist()
    else:
        seq = list(groups)
        cut = [0] + [i for i in range(1, n) if seq[i] != seq[i - 1]] + [n]
        starts = np.array(cut if n else [0], dtype=np.intp)
        labels = [seq[i] for i in cut[:-1]] if n else []
    if len(set(labels)) != len(labels):
        seen: set[Any] = set()
        for i, label in enumerate(labels):
            if label in seen:
                raise SpcInputError(
                    f"group {label!r} is not contiguous: it starts again at position "
                    f"{int(starts[i])}",
                    int(starts[i]),
                )
            seen.add(label)
    return labels, starts


def per_group(name: str, value: Any, labels: list[Any], default: Any) -> list[Any] | None:
    """One value per group from a ``{group: value}`` mapping, or ``None`` for a single
    value shared by all groups."""
    if not isinstance(value, Mapping):
        return None
    known = set(labels)
    for key in value:
        if key not in known:
            raise SpcInputError(f"{name} names group {key!r}, which is not in groups")
    return [value.get(label, default) for label in labels]


def analyse_many(
    values: Any,
    groups: Any,
    *,
    chart: str | Mapping[Any, str] = "xmr",
    denominators: Any = None,
    improvement: str | Mapping[Any, str] = "increase",
    target: Any = None,
    rules: str | Mapping[Any, str] = "mdc",
    rebase: Any = (),
    baseline: int | Mapping[Any, int | None] | None = None,
    screen_outliers: bool | Mapping[Any, bool | None] | None = None,
    run_length: int | Mapping[Any, int | None] | None = None,
    min_points: int | Mapping[Any, int | None] | None = None,
) -> SpcManyResult:
    """Analyse many series at once; the result equals :func:`analyse` group by group.

    ``values`` is flat with a label per value in ``groups``; each group's values are
    contiguous and in time order. Every option is one value for all groups or a
    mapping ``{group: value}`` (groups it leaves out take the default). ``rebase``
    indexes count within each group; ``target`` may also be one number per value.
    Series sharing a chart type and rule profile are analysed together in flat arrays.
    """
    n = len(values)
    labels, starts = group_offsets(groups, n)
    ngroup = len(labels)
    lengths = np.diff(starts)
    opts: dict[str, list[Any] | None] = {
        "chart": per_group("chart", chart, labels, "xmr"),
        "rules": per_group("rules", rules, labels, "mdc"),
        "improvement": per_group("improvement", improvement, labels, "increase"),
        "baseline": per_group("baseline", baseline, labels, None),
        "screen_outliers": per_group("screen_outliers", screen_outliers, labels, None),
        "run_length": per_group("run_length", run_length, labels, None),
        "min_points": per_group("min_points", min_points, labels, None),
    }
    charts = [check_chart(c) for c in opts["chart"]] if opts["chart"] else None
    profiles = [check_rules(r) for r in opts["rules"]] if opts["rules"] else None
    chart0, rules0 = (
        check_chart(chart) if charts is None else "",
        (check_rules(rules) if profiles is None else ""),
    )
    # series sharing chart and profile form one batch; usually there is just one
    keys = (
        [
            (charts[g] if charts else chart0, profiles[g] if profiles else rules0)
            for g in range(ngroup)
        ]
        if (charts or profiles)
        else None
    )
    parts: dict[tuple[str, str], list[int]] = {}
    if keys is None:
        parts[(chart0, rules0)] = list(range(ngroup))
    else:
        for g, key in enumerate(keys):
            parts.setdefault(key, []).append(g)

    imp_codes = _improvements(improvement, opts["improvement"], ngroup)
    flags = _rebase(rebase, labels, starts, n)
    targets = _targets(target, labels, starts, n)
    cols: dict[str, Any] = {}
    variation: dict[Any, str | None] = {}
    assurance: dict[Any, str | None] = {}
    runs: dict[Any, Any] = {}

    for (chart_name, rules_name), gidx in parts.items():
        whole = len(gidx) == ngroup
        g_arr = np.asarray(gidx, dtype=np.intp)
        if whole:
            pos: IntArray = np.arange(n, dtype=np.intp)
        else:
            pos = np.concatenate([np.arange(starts[g], starts[g + 1], dtype=np.intp) for g in gidx])
        sub_starts = np.zeros(len(gidx) + 1, dtype=np.intp)
        sub_starts[1:] = np.cumsum(lengths[g_arr])
        try:
            y, num, den, sd, valid = prepare_points(
                chart_name, _take(values, pos, whole), _take(denominators, pos, whole)
            )
        except SpcInputError as exc:
            raise _locate(exc, pos, starts, labels) from exc
        options = _options(
            rules_name, opts, baseline, screen_outliers, run_length, min_points, gidx, labels
        )
        batch = Batch(
            chart=chart_name,
            profile=PROFILES[rules_name],
            y=y,
            num=num,
            den=den,
            sd=sd,
            valid=valid,
            rebase=flags[pos],
            target=targets[pos],
            starts=sub_starts,
            improvement=imp_codes[g_arr],
            baseline=options[0],
            screen=options[1].astype(np.bool_),
            run_length=options[2],
            min_points=options[3],
        )
        out = run(batch)
        _place(out, np.where(valid, y, np.nan), None if whole else pos, cols, n)
        var_names, ass_names = names(out.variation, VARIATION), names(out.assurance, ASSURANCE)
        ps = out.phase_starts.tolist()
        phases = summaries(out.runs)
        for k, g in enumerate(gidx):
            label = labels[g]
            variation[label] = var_names[k]
            assurance[label] = ass_names[k]
            runs[label] = phases[ps[k] : ps[k + 1]]

    def each(option: Any, resolved: list[Any] | None, default: str) -> dict[Any, str]:
        if resolved is None:
            return dict.fromkeys(labels, str(option if option is not None else default))
        return {label: str(v) for label, v in zip(labels, resolved, strict=True)}

    return SpcManyResult(
        groups=labels,
        offsets=starts,
        charts=each(chart, opts["chart"], "xmr"),
        rules=each(rules, opts["rules"], "mdc"),
        improvements=each(improvement, opts["improvement"], "increase"),
        value=cols["value"],
        centre=cols["centre"],
        lower=cols["lower"],
        upper=cols["upper"],
        lower_2sigma=cols["lower2"],
        upper_2sigma=cols["upper2"],
        point_type_code=cols["point_type"],
        rule_code=cols["rule"],
        moving_range=cols["mr"],
        moving_range_upper=cols["mr_upper"],
        target=targets,
        runs={label: runs[label] for label in labels},
        variation_icon={label: variation[label] for label in labels},
        assurance_icon={label: assurance[label] for label in labels},
    )


def _take(data: Any, pos: IntArray, whole: bool) -> Any:
    if data is None or whole:
        return data
    if isinstance(data, np.ndarray):
        return data[pos]
    return [data[i] for i in pos.tolist()]


def _locate(
    exc: SpcInputError, pos: IntArray, starts: IntArray, labels: list[Any]
) -> SpcInputError:
    """Re-word a batch-local position as the flat position, group and point in group."""
    if exc.position is None:
        return exc
    flat = int(pos[exc.position])
    g = int(np.searchsorted(starts, flat, side="right")) - 1
    where = f"position {flat} (group {labels[g]!r}, point {flat - int(starts[g])})"
    return SpcInputError(_POSITION.sub(where, str(exc), count=1), flat)


def _improvements(value: Any, resolved: list[Any] | None, ngroup: int) -> Any:
    if resolved is None:
        return np.full(ngroup, improvement_code(value), dtype=np.int8)
    return np.array([improvement_code(v) for v in resolved], dtype=np.int8)


def _rebase(rebase: Any, labels: list[Any], starts: IntArray, n: int) -> Any:
    flags = np.zeros(n, dtype=np.bool_)
    lengths = np.diff(starts)
    if isinstance(rebase, Mapping):
        for g, idx in enumerate(per_group("rebase", rebase, labels, ()) or []):
            lo, hi = int(starts[g]), int(starts[g + 1])
            flags[lo:hi] = rebase_flags(idx, hi - lo, f" for group {labels[g]!r}")
        return flags
    if rebase is None or (isinstance(rebase, Sequence) and len(rebase) == 0):
        return flags
    # the same indexes in every group, placed without a loop over groups
    for i in _shared_rebase_indexes(rebase):
        short = np.flatnonzero(lengths <= i)
        if short.shape[0]:
            g = int(short[0])
            raise SpcInputError(
                f"rebase index {i} is outside group {labels[g]!r} ({int(lengths[g])} points)"
            )
        flags[starts[:-1] + i] = True
    return flags


def _shared_rebase_indexes(rebase: Any) -> list[int]:
    """The indexes of a shared ``rebase`` option, checked."""
    items = [rebase] if isinstance(rebase, (int, np.integer)) else list(rebase)
    out = []
    for k, i in enumerate(items):
        if isinstance(i, bool) or not isinstance(i, (int, np.integer)) or i < 0:
            raise SpcInputError(f"rebase item {k} is not an index: {i!r}")
        out.append(int(i))
    return out


def _targets(target: Any, labels: list[Any], starts: IntArray, n: int) -> FloatArray:
    if isinstance(target, Mapping):
        out = np.full(n, np.nan)
        for g, t in enumerate(per_group("target", target, labels, None) or []):
            lo, hi = int(starts[g]), int(starts[g + 1])
            out[lo:hi] = target_array(t, hi - lo, f" for group {labels[g]!r}")
        return out
    return target_array(target, n)


def _options(
    rules_name: str,
    opts: dict[str, list[Any] | None],
    baseline: Any,
    screen: Any,
    run_length: Any,
    min_points: Any,
    gidx: list[int],
    labels: list[Any],
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Baseline, screening, run length and minimum points per group of the batch."""
    shared = [baseline, screen, run_length, min_points]
    names_ = ("baseline", "screen_outliers", "run_length", "min_points")
    if all(opts[k] is None for k in names_):
        one = resolve_options(rules_name, baseline, screen, run_length, min_points)
        b, sc, rl, mp = (np.full(len(gidx), int(v), dtype=np.intp) for v in one)
        return b, sc, rl, mp
    rows = []
    for g in gidx:
        vals = [
            resolved[g] if (resolved := opts[k]) is not None else s
            for k, s in zip(names_, shared, strict=True)
        ]
        where = f" for group {labels[g]!r}"
        rows.append(resolve_options(rules_name, vals[0], vals[1], vals[2], vals[3], where))
    cols = np.array(rows, dtype=np.intp).reshape(len(gidx), 4)
    return cols[:, 0], cols[:, 1], cols[:, 2], cols[:, 3]


def _place(
    out: Output, value: FloatArray, pos: IntArray | None, cols: dict[str, Any], n: int
) -> None:
    """Put one batch's per-point results in the flat columns (as they are, if it is all)."""
    got: dict[str, Any] = {
        "value": value,
        "centre": out.centre,
        "lower": out.lower,
        "upper": out.upper,
        "lower2": out.lower2,
        "upper2": out.upper2,
        "mr": out.mr,
        "mr_upper": out.mr_upper,
        "point_type": out.point_type,
        "rule": out.rule,
    }
    if pos is None:
        cols.update(got)
        return
    for key, arr in got.items():
        if key not in cols:
            cols[key] = np.zeros(n, dtype=np.int8) if arr.dtype == np.int8 else np.full(n, np.nan)
        cols[key][pos] = arr
