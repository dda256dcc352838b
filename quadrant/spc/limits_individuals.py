"""Individuals charts: XmR, and the t chart of times between events."""

from __future__ import annotations

import numpy as np

from .limits import LimitInput, Limits, no_mr, symmetric
from .results import FloatArray
from .segments import previous, seg_mean

#: moving ranges at or above this many mean moving ranges are screened out (Nelson 1982)
MR_SCREEN = 3.267


def mean_moving_range(z: FloatArray, inp: LimitInput) -> tuple[FloatArray, FloatArray]:
    """Moving range per point (nan first in phase) and mean moving range per phase.

    Only ranges between two baseline points count; where screening applies, ranges
    at or above 3.267 x the first mean are left out and the mean taken again, once.
    """
    mr = np.abs(z - previous(z))
    mr[inp.first] = np.nan
    use = inp.calc & previous(inp.calc.astype(np.float64), 0.0).astype(np.bool_) & ~inp.first
    use &= ~np.isnan(mr)
    amr = seg_mean(inp.seg, mr, use, inp.nseg)
    if inp.screen.any():
        # strict "<", as NHSRplotthedots and qicharts2 compare
        keep = use & (~inp.screen | (mr < MR_SCREEN * amr[inp.seg]))
        amr = seg_mean(inp.seg, mr, keep, inp.nseg)
    return mr, amr


def individuals(z: FloatArray, inp: LimitInput) -> Limits:
    """XmR limits of ``z``: mean +/- 3 sigma, sigma from the mean moving range."""
    centre = seg_mean(inp.seg, z, inp.calc, inp.nseg)[inp.seg]
    mr, amr = mean_moving_range(z, inp)
    sigma = (amr * inp.sigma_per_mr)[inp.seg]
    lower, upper, lower2, upper2 = symmetric(centre, sigma)
    return Limits(centre, lower, upper, lower2, upper2, mr, (MR_SCREEN * amr)[inp.seg])


def xmr(inp: LimitInput) -> Limits:
    """Individuals (X) chart with its moving-range chart."""
    return individuals(inp.y, inp)


def t(inp: LimitInput) -> Limits:
    """t chart: individuals chart of y^(1/3.6), centre and limits transformed back."""
    lim = individuals(inp.y ** (1 / 3.6), inp)

    def back(x: FloatArray, floor: bool = False) -> FloatArray:
        # a negative lower limit has no real back-transform: qicharts2 sets it to 0
        if floor:
            return np.where(x < 0, 0.0, np.abs(x) ** 3.6)
        return x**3.6

    n = inp.y.shape[0]
    return Limits(
        back(lim.centre),
        back(lim.lower, floor=True),
        back(lim.upper),
        back(lim.lower2, floor=True),
        back(lim.upper2),
        no_mr(n),
        no_mr(n),
    )
