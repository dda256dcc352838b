"""Attribute charts (p, u, c, g), Laney's p' and u', and the run chart."""

from __future__ import annotations

import numpy as np

from .limit_lines import LimitInput, Limits, no_mr, symmetric
from .limits_individuals import mean_moving_range
from .results import FloatArray
from .segments import divide


def _ratio_centre(inp: LimitInput) -> FloatArray:
    """Sum of numerators over sum of denominators in the baseline, per point."""
    num = inp.segs.sum(np.where(inp.calc, inp.num, 0.0))
    den = inp.segs.sum(np.where(inp.calc, inp.den, 0.0))
    return divide(num, den)[inp.seg]


def _build(
    inp: LimitInput, centre: FloatArray, sigma: FloatArray, ceiling: float | None = None
) -> Limits:
    n = inp.y.shape[0]
    lower, upper, lower2, upper2 = symmetric(centre, sigma, floor=0.0, ceiling=ceiling)
    return Limits(centre, lower, upper, lower2, upper2, no_mr(n), no_mr(n))


def _laney(inp: LimitInput, centre: FloatArray, sigma: FloatArray) -> FloatArray:
    """Laney's sigma: the within-subgroup sigma times sigma_z of the z-scores' XmR."""
    z = divide(inp.y - centre, sigma)
    _, amr = mean_moving_range(z, inp)
    return sigma * (amr / 1.128)[inp.seg]


def p(inp: LimitInput) -> Limits:
    """p chart: proportions, limits p +/- 3 sqrt(p(1-p)/n) clipped to [0, 1]."""
    centre = _ratio_centre(inp)
    sigma = np.sqrt(centre * (1 - centre) / inp.den)
    return _build(inp, centre, sigma, ceiling=1.0)


def pp(inp: LimitInput) -> Limits:
    """Laney p' chart: the p chart's sigma widened by between-subgroup variation."""
    centre = _ratio_centre(inp)
    sigma = np.sqrt(centre * (1 - centre) / inp.den)
    return _build(inp, centre, _laney(inp, centre, sigma), ceiling=1.0)


def u(inp: LimitInput) -> Limits:
    """u chart: rates, limits u +/- 3 sqrt(u/n), lower floored at 0."""
    centre = _ratio_centre(inp)
    return _build(inp, centre, np.sqrt(centre / inp.den))


def up(inp: LimitInput) -> Limits:
    """Laney u' chart."""
    centre = _ratio_centre(inp)
    sigma = np.sqrt(centre / inp.den)
    return _build(inp, centre, _laney(inp, centre, sigma))


def c(inp: LimitInput) -> Limits:
    """c chart: counts, limits c +/- 3 sqrt(c), lower floored at 0."""
    centre = inp.segs.mean(inp.y, inp.calc)[inp.seg]
    return _build(inp, centre, np.sqrt(centre))


def g(inp: LimitInput) -> Limits:
    """g chart: limits from the mean g +/- 3 sqrt(g(g+1)), centre line the median."""
    mean = inp.segs.mean(inp.y, inp.calc)[inp.seg]
    lim = _build(inp, mean, np.sqrt(mean * (mean + 1)))
    median = inp.segs.median(inp.y, inp.calc)[inp.seg]
    return Limits(median, lim.lower, lim.upper, lim.lower2, lim.upper2, lim.mr, lim.mr_upper)


def run(inp: LimitInput) -> Limits:
    """Run chart: the median as centre line, no limits."""
    n = inp.y.shape[0]
    median = inp.segs.median(inp.y, inp.calc)[inp.seg]
    return Limits(median, no_mr(n), no_mr(n), no_mr(n), no_mr(n), no_mr(n), no_mr(n))
