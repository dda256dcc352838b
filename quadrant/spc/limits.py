"""Centre lines and limits of every chart type: the dispatch to each chart family."""

from __future__ import annotations

from collections.abc import Callable

from . import limits_attributes as a
from . import limits_individuals as i
from . import limits_subgroups as s
from .limit_lines import LimitInput, Limits

__all__ = ["LimitInput", "Limits", "compute_limits"]


def compute_limits(chart: str, inp: LimitInput) -> Limits:
    """Centre and limits of ``chart`` for every point of ``inp``."""
    return _dispatch()[chart](inp)


def _dispatch() -> dict[str, Callable[[LimitInput], Limits]]:
    return {
        "xmr": i.xmr,
        "t": i.t,
        "run": a.run,
        "p": a.p,
        "pp": a.pp,
        "u": a.u,
        "up": a.up,
        "c": a.c,
        "g": a.g,
        "xbar": s.xbar,
        "s": s.s,
    }
