"""Property-based tests: any finite input gives a result or an SpcInputError; limits
are ordered; analyse_many equals analyse group by group."""

from __future__ import annotations

import contextlib
import warnings
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quadrant import spc

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)
anything_finite = st.floats(allow_nan=False, allow_infinity=False)
maybe_missing = st.one_of(finite, st.just(float("nan")))
CHARTS = ["xmr", "run", "p", "u", "c", "g", "t", "xbar", "s", "pp", "up"]
RULES = ["mdc", "nhsr", "anhoej"]
IMPROVEMENTS = ["increase", "decrease", "neutral"]


@st.composite
def series(draw: st.DrawFn, chart: str | None = None, min_size: int = 0) -> dict[str, Any]:
    """Values (and denominators) suited to ``chart``, or drawn at random."""
    chart = chart or draw(st.sampled_from(CHARTS))
    n = draw(st.integers(min_size, 30))
    out: dict[str, Any] = {"chart": chart}
    if chart in ("xbar", "s"):
        out["values"] = draw(
            st.lists(st.lists(finite, min_size=0, max_size=5), min_size=n, max_size=n)
        )
    elif chart in ("p", "pp", "u", "up"):
        den = draw(st.lists(st.integers(1, 500), min_size=n, max_size=n))
        out["denominators"] = den
        out["values"] = [draw(st.integers(0, d)) for d in den]
    elif chart in ("c", "g"):
        out["values"] = draw(st.lists(st.integers(0, 10_000).map(float), min_size=n, max_size=n))
    elif chart == "t":
        out["values"] = draw(st.lists(st.floats(0.01, 1e6), min_size=n, max_size=n))
    else:
        out["values"] = draw(st.lists(maybe_missing, min_size=n, max_size=n))
    return out


@st.composite
def options(draw: st.DrawFn, n: int) -> dict[str, Any]:
    opts: dict[str, Any] = {
        "rules": draw(st.sampled_from(RULES)),
        "improvement": draw(st.sampled_from(IMPROVEMENTS)),
    }
    if draw(st.booleans()):
        opts["target"] = draw(finite)
    if n > 1 and draw(st.booleans()):
        opts["rebase"] = sorted(set(draw(st.lists(st.integers(0, n - 1), max_size=3))))
    if draw(st.booleans()):
        opts["baseline"] = draw(st.integers(1, 40))
    if draw(st.booleans()):
        opts["screen_outliers"] = draw(st.booleans())
    if draw(st.booleans()):
        opts["run_length"] = draw(st.integers(2, 9))
    if draw(st.booleans()):
        opts["min_points"] = draw(st.integers(0, 15))
    return opts


@SETTINGS
@given(st.data())
def test_never_crashes_and_limits_are_ordered(data: st.DataObject) -> None:
    s = data.draw(series())
    opts = data.draw(options(len(s["values"])))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = spc.analyse(s.pop("values"), **s, **opts)
    ok = ~(np.isnan(r.lower) | np.isnan(r.centre) | np.isnan(r.upper))
    assert (r.lower[ok] <= r.centre[ok] + 1e-9 * np.abs(r.centre[ok])).all()
    assert (r.centre[ok] <= r.upper[ok] + 1e-9 * np.abs(r.centre[ok])).all()
    assert set(r.point_type) <= {
        "",
        "common_cause",
        "special_cause_improvement",
        "special_cause_concern",
        "special_cause_neutral",
    }
    assert ((r.point_type == "") == np.isnan(r.value)).all()


@SETTINGS
@given(st.lists(anything_finite, max_size=20), st.sampled_from(CHARTS), st.sampled_from(RULES))
def test_any_finite_input_gives_result_or_input_error(
    values: list[float], chart: str, rules: str
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with contextlib.suppress(spc.SpcInputError):
            spc.analyse(values, chart=chart, rules=rules, denominators=None)


def _same(a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> bool:
    return bool(np.allclose(a, b, equal_nan=True, rtol=1e-12, atol=0))


#: the options ``analyse_many`` takes per group
PER_GROUP_OPTIONS = (
    "rules",
    "improvement",
    "target",
    "rebase",
    "baseline",
    "screen_outliers",
    "run_length",
    "min_points",
)
RATIO_CHARTS = ("p", "pp", "u", "up")


@SETTINGS
@given(st.data())
def test_many_equals_one_by_one(data: st.DataObject) -> None:
    ngroups = data.draw(st.integers(1, 5))
    groups = [f"g{i}" for i in range(ngroups)]
    parts = [data.draw(series(min_size=1)) for _ in groups]
    opts = [data.draw(options(len(p["values"]))) for p in parts]
    use_den = any("denominators" in p for p in parts)
    if use_den and any(p["chart"] not in RATIO_CHARTS for p in parts):
        # denominators belong to ratio charts only: analyse those groups apart
        keep = [i for i, p in enumerate(parts) if p["chart"] in RATIO_CHARTS]
        groups, parts, opts = (
            [groups[i] for i in keep],
            [parts[i] for i in keep],
            [opts[i] for i in keep],
        )
    _check_many(groups, parts, opts, use_den)


def _check_many(
    groups: list[str], parts: list[dict[str, Any]], opts: list[dict[str, Any]], use_den: bool
) -> None:
    """``analyse_many`` on the groups' series at once equals ``analyse`` on each."""
    if not groups:
        return
    values: list[Any] = []
    labels: list[str] = []
    dens: list[Any] = []
    for g, p in zip(groups, parts, strict=True):
        values.extend(p["values"])
        labels.extend([g] * len(p["values"]))
        dens.extend(p.get("denominators", [1] * len(p["values"])))
    per_group = {
        key: {g: o[key] for g, o in zip(groups, opts, strict=True) if key in o}
        for key in PER_GROUP_OPTIONS
    }
    charts = {g: p["chart"] for g, p in zip(groups, parts, strict=True)}
    m = spc.analyse_many(
        values, labels, chart=charts, denominators=dens if use_den else None, **per_group
    )
    lo = 0
    for g, p, o in zip(groups, parts, opts, strict=True):
        one = spc.analyse(p["values"], chart=p["chart"], denominators=p.get("denominators"), **o)
        hi = lo + len(one)
        for name in ("value", "centre", "lower", "upper", "moving_range"):
            assert _same(getattr(m, name)[lo:hi], getattr(one, name)), (g, name)
        assert list(m.point_type[lo:hi]) == list(one.point_type)
        assert list(m.rule[lo:hi]) == list(one.rule)
        assert m.variation_icon[g] == one.variation_icon
        assert m.assurance_icon[g] == one.assurance_icon
        assert m.runs[g] == one.runs
        assert list(m.result(g).point_type) == list(one.point_type)
        lo = hi


def test_many_vectorised_path_on_many_groups() -> None:
    rng = np.random.default_rng(3)
    values = rng.normal(50, 5, 40 * 30)
    values[rng.integers(0, values.size, 50)] = np.nan
    groups = np.repeat(np.arange(40), 30)
    target = {g: float(45 + g % 10) for g in range(40)}
    rebase = {g: [10] for g in range(0, 40, 3)}
    improvement = {g: IMPROVEMENTS[g % 3] for g in range(40)}
    m = spc.analyse_many(values, groups, target=target, rebase=rebase, improvement=improvement)
    for g in range(40):
        one = spc.analyse(
            values[g * 30 : (g + 1) * 30],
            target=target[g],
            rebase=rebase.get(g, ()),
            improvement=improvement[g],
        )
        assert _same(m.upper[g * 30 : (g + 1) * 30], one.upper)
        assert list(m.point_type[g * 30 : (g + 1) * 30]) == list(one.point_type)
        assert m.variation_icon[g] == one.variation_icon
        assert m.assurance_icon[g] == one.assurance_icon
