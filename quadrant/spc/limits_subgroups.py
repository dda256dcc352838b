"""Charts of subgroups: xbar and s, with constant or variable subgroup sizes."""

from __future__ import annotations

import math

import numpy as np

from .limit_lines import LimitInput, Limits, no_mr
from .results import FloatArray
from .segments import divide


def c4(n: FloatArray) -> FloatArray:
    """Bias constant c4(n) = sqrt(2/(n-1)) gamma(n/2) / gamma((n-1)/2); nan for n <= 1."""
    out = np.full(n.shape, np.nan)
    for size in set(n[n > 1].tolist()):  # a handful of distinct subgroup sizes
        value = math.sqrt(2 / (size - 1)) * math.exp(
            math.lgamma(size / 2) - math.lgamma((size - 1) / 2)
        )
        out[n == size] = value
    return out


def _sigma(inp: LimitInput) -> FloatArray:
    """Per point: pooled sd where the phase's subgroup sizes vary, else the mean sd."""
    use = inp.calc & (inp.den > 1) & ~np.isnan(inp.sd)
    weights = np.where(use, inp.den - 1, 0.0)
    pooled = np.sqrt(
        divide(
            inp.segs.sum(weights * np.where(use, inp.sd, 0.0) ** 2),
            inp.segs.sum(weights),
        )
    )
    mean_sd = inp.segs.mean(inp.sd, use)
    # qicharts2 looks at all the subgroups of the phase to decide whether sizes vary
    variable = np.maximum.reduceat(inp.den, inp.segs.starts) > np.minimum.reduceat(
        inp.den, inp.segs.starts
    )
    return np.where(variable, pooled, mean_sd)[inp.seg]


def xbar(inp: LimitInput) -> Limits:
    """xbar chart: grand mean +/- A3(n) s-bar, A3 = 3 / (c4(n) sqrt(n))."""
    size = inp.segs.sum(np.where(inp.calc, inp.den, 0.0))
    total = inp.segs.sum(np.where(inp.calc, inp.den * inp.y, 0.0))
    centre = divide(total, size)[inp.seg]
    sigma = _sigma(inp) / (c4(inp.den) * np.sqrt(inp.den))
    n = inp.y.shape[0]
    return Limits(
        centre,
        centre - 3 * sigma,
        centre + 3 * sigma,
        centre - 2 * sigma,
        centre + 2 * sigma,
        no_mr(n),
        no_mr(n),
    )


def s(inp: LimitInput) -> Limits:
    """s chart: centre s-bar (pooled if sizes vary), limits B3 s-bar and B4 s-bar."""
    centre = _sigma(inp)
    k4 = c4(inp.den)
    ratio = np.sqrt(1 - k4**2) / k4  # c5 / c4

    def lower(k: float) -> FloatArray:
        return np.where(np.isnan(ratio), np.nan, np.maximum(0.0, 1 - k * ratio)) * centre

    n = inp.y.shape[0]
    return Limits(
        centre,
        lower(3),
        (1 + 3 * ratio) * centre,
        lower(2),
        (1 + 2 * ratio) * centre,
        no_mr(n),
        no_mr(n),
    )
