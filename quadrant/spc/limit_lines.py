"""What every chart family's limits share: the input points, the lines, and two helpers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .results import BoolArray, FloatArray, IntArray
from .segments import Segments


@dataclass(frozen=True)
class LimitInput:
    """Compressed (non-missing) points of many series, cut into phases."""

    y: FloatArray  #: the plotted statistic
    num: FloatArray  #: numerators (ratio charts) or the values themselves
    den: FloatArray  #: denominators or subgroup sizes (ones where not applicable)
    sd: FloatArray  #: subgroup standard deviations (xbar), else nan
    segs: Segments  #: the phases, contiguous
    first: BoolArray  #: first point of its phase
    calc: BoolArray  #: point inside the baseline that sets centre and limits
    screen: BoolArray  #: screen moving ranges for this point's series
    sigma_per_mr: float  #: sigma per mean moving range for individuals charts
    calc_all: bool = False  #: every point is in the baseline

    @property
    def seg(self) -> IntArray:
        """Phase segment id per point."""
        return self.segs.ids

    @property
    def calc_mask(self) -> BoolArray | None:
        """``calc``, or ``None`` when every point is in the baseline (the common case)."""
        return None if self.calc_all else self.calc


@dataclass(frozen=True)
class Limits:
    """Per point: centre, three-sigma and two-sigma lines, and the moving-range chart."""

    centre: FloatArray
    lower: FloatArray
    upper: FloatArray
    lower2: FloatArray
    upper2: FloatArray
    mr: FloatArray
    mr_upper: FloatArray


def symmetric(
    centre: FloatArray, sigma: FloatArray, floor: float | None = None, ceiling: float | None = None
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Lower, upper, lower-2-sigma and upper-2-sigma lines, clipped where impossible."""
    lines = [centre - 3 * sigma, centre + 3 * sigma, centre - 2 * sigma, centre + 2 * sigma]
    if floor is not None:
        # qicharts2 floors only the lower lines, and only where they are finite
        lines[0] = np.where(lines[0] < floor, floor, lines[0])
        lines[2] = np.where(lines[2] < floor, floor, lines[2])
    if ceiling is not None:
        lines[1] = np.where(lines[1] > ceiling, ceiling, lines[1])
        lines[3] = np.where(lines[3] > ceiling, ceiling, lines[3])
    return lines[0], lines[1], lines[2], lines[3]


def no_mr(n: int) -> FloatArray:
    """The moving-range columns of charts that have none."""
    return np.full(n, np.nan)
