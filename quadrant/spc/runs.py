"""qicharts2's runs analysis (Anhoej): longest run and number of crossings per phase."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from .results import CodeArray, IntArray, RunsSummary
from .segments import first_flags, seg_ids


@lru_cache(maxsize=4096)
def crossings_min(n_useful: int) -> int:
    """qbinom(0.05, n_useful - 1, 0.5): the fewest crossings expected of a random series.

    The smallest k with P(X <= k) >= 0.05 for X ~ Binomial(n_useful - 1, 1/2); exact
    integer arithmetic up to 1,000 trials, log-space above.
    """
    m = max(n_useful - 1, 0)
    if m <= 1000:
        # P(X <= k) >= 1/20  <=>  20 * sum(C(m, i), i <= k) >= 2^m, with no rounding
        total, k, whole = 0, 0, 1 << m
        while True:
            total += math.comb(m, k)
            if 20 * total >= whole:
                return k
            k += 1
    logs = np.array(
        [math.lgamma(m + 1) - math.lgamma(i + 1) - math.lgamma(m - i + 1) for i in range(m + 1)]
    ) - m * math.log(2)
    return int(np.searchsorted(np.cumsum(np.exp(logs)), 0.05))


def analyse_runs(
    side: CodeArray, phase: IntArray, nphase: int, max_override: IntArray | None = None
) -> dict[str, IntArray]:
    """Runs analysis of each phase against its centre line.

    ``side`` is +1/-1/0 per (non-missing) point and ``phase`` its phase id, in order.
    Points on the centre line are not useful observations and are skipped, as in
    qicharts2. ``max_override`` (per phase, 0 for none) replaces the longest-run limit.
    Returns per-phase arrays; figures of phases without a useful point are -1.
    """
    on_line = side == 0
    if on_line.any():
        useful = np.flatnonzero(~on_line)
        s_u, ph_u = side[useful], phase[useful]
    else:
        s_u, ph_u = side, phase
    n_useful = np.bincount(ph_u, minlength=nphase).astype(np.intp)
    longest = np.full(nphase, -1, dtype=np.intp)
    n_runs = np.zeros(nphase, dtype=np.intp)
    if s_u.shape[0]:
        breaks = first_flags(ph_u)
        breaks[1:] |= s_u[1:] != s_u[:-1]
        run_len = np.bincount(seg_ids(breaks))
        run_phase = ph_u[breaks]
        n_runs = np.bincount(run_phase, minlength=nphase).astype(np.intp)
        starts = np.flatnonzero(first_flags(run_phase))
        longest[run_phase[starts]] = np.maximum.reduceat(run_len, starts)
    has = n_useful > 0
    with np.errstate(divide="ignore"):
        # R's round() and numpy's both round half to even
        longest_max = np.where(has, np.round(np.log2(np.maximum(n_useful, 1))) + 3, -1)
    longest_max = longest_max.astype(np.intp)
    if max_override is not None:
        longest_max = np.where(has & (max_override > 0), max_override, longest_max)
    crossings = np.where(has, np.maximum(n_runs - 1, 0), -1).astype(np.intp)
    cmin = np.full(nphase, -1, dtype=np.intp)
    for n in set(n_useful[has].tolist()):  # distinct phase lengths, not phases
        cmin[n_useful == n] = crossings_min(int(n))
    signal = has & ((longest > longest_max) | (crossings < cmin))
    return {
        "n_useful": n_useful,
        "longest_run": longest,
        "longest_run_max": longest_max,
        "n_crossings": crossings,
        "n_crossings_min": cmin,
        "runs_signal": signal.astype(np.intp),
    }


def summaries(stats: dict[str, IntArray]) -> list[RunsSummary]:
    """Every phase as a dict (``None`` where qicharts2 gives NA), built column-wise."""
    cols = [
        stats[k].tolist()
        for k in ("n_useful", "longest_run", "longest_run_max", "n_crossings", "n_crossings_min")
    ]
    signal = stats["runs_signal"].astype(bool).tolist()
    return [
        {
            "n_useful": n,
            "longest_run": lr if n else None,
            "longest_run_max": lm if n else None,
            "n_crossings": nc if n else None,
            "n_crossings_min": cm if n else None,
            "runs_signal": sg,
        }
        for n, lr, lm, nc, cm, sg in zip(*cols, signal, strict=True)
    ]
