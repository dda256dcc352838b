"""Rule profiles: the three references whose behaviour the engine reproduces."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: how a baseline and a recalculation combine
BaselineMode = Literal["baseline_only", "per_phase", "rebase_only"]


@dataclass(frozen=True)
class Profile:
    """The settings that distinguish one reference implementation from another."""

    name: str
    #: points in a shift or trend
    run_length: int
    #: points a series needs before limits, special causes and icons appear
    min_points: int
    #: screen moving ranges above 3.267 x the mean moving range once
    screen_outliers: bool
    #: sigma per mean moving range for individuals charts (2.66 / 3 or 1 / 1.128)
    sigma_per_mr: float
    #: shift, trend and two-of-three may run across a recalculation
    rules_cross_rebase: bool
    #: the XmR-style rules (shift, trend, two of three) apply; else only the runs analysis
    point_rules: bool
    #: a conflict (improvement and concern at one point) resolves to improvement
    improvement_wins: bool
    baseline_mode: BaselineMode


PROFILES: dict[str, Profile] = {
    # MDC Single Chart Tool v5: the Excel tool multiplies the mean moving range by 2.66,
    # and "when a recalculation is also added, only the baseline is implemented".
    "mdc": Profile(
        name="mdc",
        run_length=6,
        min_points=13,
        screen_outliers=False,
        sigma_per_mr=2.66 / 3,
        rules_cross_rebase=True,
        point_rules=True,
        improvement_wins=True,
        baseline_mode="baseline_only",
    ),
    # NHSRplotthedots 0.2: limit 2.66, fix_after_n_points within each rebase group.
    "nhsr": Profile(
        name="nhsr",
        run_length=7,
        min_points=0,
        screen_outliers=True,
        sigma_per_mr=2.66 / 3,
        rules_cross_rebase=False,
        point_rules=True,
        improvement_wins=False,
        baseline_mode="per_phase",
    ),
    # qicharts2: sigma = mean MR / 1.128, screened MRs (its default option), freeze is
    # ignored when parts are given.
    "anhoej": Profile(
        name="anhoej",
        run_length=0,
        min_points=0,
        screen_outliers=True,
        sigma_per_mr=1 / 1.128,
        rules_cross_rebase=False,
        point_rules=False,
        improvement_wins=False,
        baseline_mode="rebase_only",
    ),
}
