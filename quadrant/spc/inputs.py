"""Checking and converting what callers pass in; every problem is an SpcInputError
that names the position and the problem."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from .errors import SpcInputError
from .profiles import PROFILES
from .results import CHARTS, RATIO_CHARTS, SUBGROUP_CHARTS, BoolArray, FloatArray

IMPROVEMENTS: dict[str, int] = {"increase": 1, "decrease": -1, "neutral": 0, "neither": 0}


def coerce_numbers(values: Any, what: str = "value") -> FloatArray:
    """A 1-D float array of ``values``; ``None`` and nan are missing, anything else
    that is not a finite real number is an error naming its position."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise SpcInputError(f"{what}s must be a sequence of numbers, not {type(values).__name__}")
    arr = np.asarray(values) if isinstance(values, np.ndarray) else None
    if arr is None:
        try:
            arr = np.asarray(values)
        except ValueError as exc:  # ragged nested sequences
            raise SpcInputError(f"{what}s must be a flat sequence of numbers") from exc
    if arr.ndim != 1:
        raise SpcInputError(f"{what}s must be one-dimensional, not of shape {arr.shape}")
    if arr.dtype.kind in "iuf":
        out = arr.astype(np.float64, copy=False)
    else:
        out = np.empty(arr.shape[0], dtype=np.float64)
        items = arr.tolist() if isinstance(values, np.ndarray) else list(values)
        for i, v in enumerate(items):
            if v is None:
                out[i] = np.nan
            elif isinstance(v, numbers.Real) and not isinstance(v, bool):
                out[i] = float(v)
            else:
                raise SpcInputError(f"{what} at position {i} is not a number: {v!r}", i)
    bad = np.isinf(out)
    if bad.any():
        i = int(np.argmax(bad))
        raise SpcInputError(f"{what} at position {i} is not finite: {out[i]!r}", i)
    return out


def coerce_subgroups(values: Any) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Mean, standard deviation (n - 1) and size of each subgroup of measurements."""
    if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray)):
        raise SpcInputError("values must be a sequence of subgroups for xbar and s charts")
    n = len(values)
    mean, sd, size = np.full(n, np.nan), np.full(n, np.nan), np.zeros(n)
    for i, sub in enumerate(values):
        if isinstance(sub, numbers.Real) or sub is None:
            raise SpcInputError(
                f"value at position {i} is not a subgroup (a sequence of measurements): {sub!r}", i
            )
        try:
            x = coerce_numbers(sub, "measurement")
        except SpcInputError as exc:
            raise SpcInputError(f"subgroup at position {i}: {exc}", i) from exc
        x = x[~np.isnan(x)]
        size[i] = x.shape[0]
        if x.shape[0]:
            mean[i] = float(x.mean())
        if x.shape[0] > 1:
            sd[i] = float(x.std(ddof=1))
    return mean, sd, size


def prepare_points(
    chart: str, values: Any, denominators: Any
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, BoolArray]:
    """Plotted statistic, numerator, denominator (or size), subgroup sd and validity."""
    if chart in SUBGROUP_CHARTS:
        if denominators is not None:
            raise SpcInputError(f"denominators are not used by {chart!r} charts")
        mean, sd, size = coerce_subgroups(values)
        y = mean if chart == "xbar" else sd
        return y, y, size, sd, ~np.isnan(y)
    y = coerce_numbers(values)
    valid = ~np.isnan(y)
    n = y.shape[0]
    if chart in RATIO_CHARTS:
        if denominators is None:
            raise SpcInputError(f"{chart!r} charts need denominators")
        den = coerce_numbers(denominators, "denominator")
        if den.shape[0] != n:
            raise SpcInputError(f"denominators has {den.shape[0]} values but values has {n}")
        _first_bad(valid & np.isnan(den), "denominator at position {i} is missing")
        _first_bad(valid & (den <= 0), "denominator at position {i} is not positive: {v}", den)
        _first_bad(valid & (y < 0), "value at position {i} is negative: {v}", y)
        if chart in ("p", "pp"):
            _first_bad(
                valid & (y > den), "value at position {i} is larger than its denominator: {v}", y
            )
        return np.where(valid, y / np.where(valid, den, 1.0), np.nan), y, den, y * np.nan, valid
    if denominators is not None:
        raise SpcInputError(f"denominators are only used by p, u, pp and up charts, not {chart!r}")
    if chart in ("c", "g"):
        _first_bad(valid & (y < 0), "value at position {i} is negative: {v}", y)
    if chart == "t":
        _first_bad(
            valid & (y <= 0), "value at position {i} is not a positive time between events: {v}", y
        )
    return y, y, np.ones(n), np.full(n, np.nan), valid


def _first_bad(mask: BoolArray, template: str, data: FloatArray | None = None) -> None:
    if mask.any():
        i = int(np.argmax(mask))
        v = repr(float(data[i])) if data is not None else ""
        raise SpcInputError(template.format(i=i, v=v), i)


def check_chart(chart: Any) -> str:
    """The chart name, or an error listing the known ones."""
    if chart not in CHARTS:
        raise SpcInputError(f"unknown chart {chart!r}: use one of {', '.join(CHARTS)}")
    return str(chart)


def check_rules(rules: Any) -> str:
    """The rule-profile name, or an error listing the known ones."""
    if rules not in PROFILES:
        raise SpcInputError(f"unknown rules {rules!r}: use one of {', '.join(PROFILES)}")
    return str(rules)


def improvement_code(improvement: Any) -> int:
    """+1 for "increase", -1 for "decrease", 0 for "neutral" (MDC's "neither")."""
    if improvement not in IMPROVEMENTS:
        raise SpcInputError(
            f"unknown improvement {improvement!r}: use 'increase', 'decrease' or 'neutral'"
        )
    return IMPROVEMENTS[str(improvement)]


def check_int(name: str, value: Any, minimum: int) -> int:
    """A whole number of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise SpcInputError(f"{name} must be a whole number, not {value!r}")
    if int(value) < minimum:
        raise SpcInputError(f"{name} must be at least {minimum}, not {value!r}")
    return int(value)


def check_bool(name: str, value: Any) -> bool:
    """``True`` or ``False``."""
    if not isinstance(value, (bool, np.bool_)):
        raise SpcInputError(f"{name} must be True or False, not {value!r}")
    return bool(value)


def rebase_flags(rebase: Any, n: int, where: str = "") -> BoolArray:
    """A flag per point marking where a new phase starts (0-based indexes)."""
    flags = np.zeros(n, dtype=np.bool_)
    if rebase is None:
        return flags
    items = [rebase] if isinstance(rebase, numbers.Integral) else rebase
    if isinstance(items, (str, bytes)) or not hasattr(items, "__iter__"):
        raise SpcInputError(f"rebase{where} must be a sequence of indexes, not {rebase!r}")
    for k, i in enumerate(items):
        if isinstance(i, bool) or not isinstance(i, numbers.Integral):
            raise SpcInputError(f"rebase{where} item {k} is not an index: {i!r}")
        if not 0 <= int(i) < n:
            raise SpcInputError(f"rebase{where} index {int(i)} is outside 0..{n - 1}")
        flags[int(i)] = True
    return flags


def target_array(target: Any, n: int, where: str = "") -> FloatArray:
    """A target per point (nan where none) from one number or one per point."""
    if target is None:
        return np.full(n, np.nan)
    if isinstance(target, numbers.Real) and not isinstance(target, bool):
        if not np.isfinite(float(target)) and not np.isnan(float(target)):
            raise SpcInputError(f"target{where} is not finite: {target!r}")
        return np.full(n, float(target))
    arr = coerce_numbers(target, "target")
    if arr.shape[0] != n:
        raise SpcInputError(f"target{where} has {arr.shape[0]} values but there are {n} points")
    return arr
