"""Individuals charts: XmR, and the t chart of times between events."""

from __future__ import annotations

import numpy as np

from .limit_lines import LimitInput, Limits, no_mr, symmetric
from .results import FloatArray

#: moving ranges at or above this many mean moving ranges are screened out (Nelson 1982)
MR_SCREEN = 3.267


def mean_moving_range(z: FloatArray, inp: LimitInput) -> tuple[FloatArray, FloatArray]:
    """Moving range per point (nan first in phase) and mean moving range per phase.

    Only ranges between two baseline points count; where screening applies, ranges
    at or above 3.267 x the first mean are left out and the mean taken again, once.
    """
    n = z.shape[0]
    mr = np.empty(n)
    mr[:1] = np.nan
    np.subtract(z[1:], z[:-1], out=mr[1:])
    np.abs(mr, out=mr)
    mr[inp.first] = np.nan
    if inp.calc_all:
        use = ~inp.first
    else:
        use = inp.calc & ~inp.first
        use[1:] &= inp.calc[:-1]
    if not np.isfinite(z).all():
        use &= ~np.isnan(mr)
    amr = inp.segs.mean(mr, use)
    if inp.screen.any():
        # strict "<", as NHSRplotthedots and qicharts2 compare
        keep = use & (~inp.screen | (mr < MR_SCREEN * amr[inp.seg]))
        amr = inp.segs.mean(mr, keep)
    return mr, amr


def individuals(z: FloatArray, inp: LimitInput) -> Limits:
    """XmR limits of ``z``: mean +/- 3 sigma, sigma from the mean moving range."""
    centre = inp.segs.mean(z, inp.calc_mask)[inp.seg]
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
