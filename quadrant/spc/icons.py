"""The MDC summary icons: variation (from the last point) and assurance (target vs limits)."""

from __future__ import annotations

import numpy as np

from .results import (
    ASSURANCE_ICONS,
    COMMON,
    CONCERN,
    IMPROVEMENT,
    NEUTRAL,
    VARIATION_ICONS,
    BoolArray,
    CodeArray,
    FloatArray,
)


def variation_codes(
    point_type: CodeArray, direction: CodeArray, improvement: CodeArray, shown: BoolArray
) -> CodeArray:
    """Index into ``VARIATION_ICONS`` per series from its last point, -1 for no icon.

    Improvement and concern take their side from the improvement direction (an
    improvement when higher is better is "high"); neutral points from the side the
    rule found them on.
    """
    n = point_type.shape[0]
    out = np.full(n, -1, dtype=np.int8)
    up = improvement > 0
    out[point_type == COMMON] = 0
    out[(point_type == IMPROVEMENT) & up] = 1
    out[(point_type == IMPROVEMENT) & ~up] = 2
    out[(point_type == CONCERN) & ~up] = 3
    out[(point_type == CONCERN) & up] = 4
    out[(point_type == NEUTRAL) & (direction >= 0)] = 5
    out[(point_type == NEUTRAL) & (direction < 0)] = 6
    out[~shown] = -1
    return out


def assurance_codes(
    target: FloatArray,
    lower: FloatArray,
    upper: FloatArray,
    improvement: CodeArray,
    shown: BoolArray,
) -> CodeArray:
    """Index into ``ASSURANCE_ICONS`` per series, -1 for no icon.

    The latest target against the latest limits: beyond the limit on the improving
    side is a consistent pass, beyond the other a consistent fail, between them
    inconsistent. No icon without a target or limits, or when no direction is better.
    """
    above = np.greater(target, upper)
    below = np.less(target, lower)
    out = np.full(target.shape[0], 2, dtype=np.int8)
    up, down = improvement > 0, improvement < 0
    out[(up & below) | (down & above)] = 0
    out[(up & above) | (down & below)] = 1
    missing = np.isnan(target) | np.isnan(lower) | np.isnan(upper) | (improvement == 0)
    out[missing | ~shown] = -1
    return out


def names(codes: CodeArray, table: tuple[str, ...]) -> list[str | None]:
    """Codes to icon names (``None`` for -1)."""
    return [table[c] if c >= 0 else None for c in codes.tolist()]


VARIATION = VARIATION_ICONS
ASSURANCE = ASSURANCE_ICONS
