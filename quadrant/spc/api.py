"""``analyse``: one series."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .engine import Batch, run
from .icons import ASSURANCE, VARIATION, names
from .inputs import (
    check_bool,
    check_chart,
    check_int,
    check_rules,
    improvement_code,
    prepare_points,
    rebase_flags,
    target_array,
)
from .profiles import PROFILES
from .results import SpcResult
from .runs import summaries


def analyse(
    values: Any,
    *,
    chart: str = "xmr",
    denominators: Any = None,
    improvement: str = "increase",
    target: float | Sequence[float] | None = None,
    rules: str = "mdc",
    rebase: Sequence[int] = (),
    baseline: int | None = None,
    screen_outliers: bool | None = None,
    run_length: int | None = None,
    min_points: int | None = None,
) -> SpcResult:
    """Analyse one time series on a statistical process control chart.

    ``values`` are numbers in time order (``nan`` or ``None`` for a missing period);
    for ``"xbar"`` and ``"s"`` a sequence of subgroups; for ``"p"``, ``"u"``, ``"pp"``
    and ``"up"`` the numerators over ``denominators``. ``rules`` chooses the profile
    (``"mdc"``, ``"nhsr"`` or ``"anhoej"``); ``screen_outliers``, ``run_length`` and
    ``min_points`` override it. ``rebase`` lists 0-based indexes where a new phase
    starts; ``baseline`` fixes centre and limits on the first n points.

    Raises :class:`SpcInputError` naming the position and problem of bad input.
    """
    chart = check_chart(chart)
    profile = PROFILES[check_rules(rules)]
    imp = improvement_code(improvement)
    y, num, den, sd, valid = prepare_points(chart, values, denominators)
    n = y.shape[0]
    options = resolve_options(profile.name, baseline, screen_outliers, run_length, min_points)
    batch = Batch(
        chart=chart,
        profile=profile,
        y=y,
        num=num,
        den=den,
        sd=sd,
        valid=valid,
        rebase=rebase_flags(rebase, n),
        target=target_array(target, n),
        starts=np.array([0, n], dtype=np.intp),
        improvement=np.array([imp], dtype=np.int8),
        baseline=np.array([options[0]], dtype=np.intp),
        screen=np.array([options[1]], dtype=np.bool_),
        run_length=np.array([options[2]], dtype=np.intp),
        min_points=np.array([options[3]], dtype=np.intp),
    )
    out = run(batch)
    return SpcResult(
        chart=chart,
        rules=profile.name,
        improvement=str(improvement),
        value=np.where(valid, y, np.nan),
        centre=out.centre,
        lower=out.lower,
        upper=out.upper,
        lower_2sigma=out.lower2,
        upper_2sigma=out.upper2,
        point_type_code=out.point_type,
        rule_code=out.rule,
        moving_range=out.mr,
        moving_range_upper=out.mr_upper,
        target=batch.target,
        runs=summaries(out.runs),
        variation_icon=names(out.variation, VARIATION)[0],
        assurance_icon=names(out.assurance, ASSURANCE)[0],
    )


def resolve_options(
    rules: str,
    baseline: Any,
    screen_outliers: Any,
    run_length: Any,
    min_points: Any,
    where: str = "",
) -> tuple[int, bool, int, int]:
    """Baseline (0 for none), screening, run length and minimum points, the profile's
    defaults filling what is ``None``."""
    profile = PROFILES[rules]
    return (
        0 if baseline is None else check_int(f"baseline{where}", baseline, 1),
        profile.screen_outliers
        if screen_outliers is None
        else check_bool(f"screen_outliers{where}", screen_outliers),
        profile.run_length
        if run_length is None
        else check_int(f"run_length{where}", run_length, 2),
        profile.min_points
        if min_points is None
        else check_int(f"min_points{where}", min_points, 0),
    )
