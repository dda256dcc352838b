"""Vectorised helpers over flat arrays cut into contiguous segments (groups or phases)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .results import BoolArray, FloatArray, IntArray


@dataclass(frozen=True)
class Segments:
    """Contiguous, non-empty segments of a flat array: sums by ``np.add.reduceat``."""

    ids: IntArray  #: segment id per element
    starts: IntArray  #: first element of each segment

    @classmethod
    def from_first(cls, first: BoolArray) -> Segments:
        """Segments starting where ``first`` is set (``first[0]`` must be set)."""
        starts = np.flatnonzero(first)
        lengths = np.diff(np.append(starts, first.shape[0]))
        return cls(np.repeat(np.arange(starts.shape[0], dtype=np.intp), lengths), starts)

    @property
    def count(self) -> int:
        """Number of segments."""
        return int(self.starts.shape[0])

    def sum(self, w: FloatArray) -> FloatArray:
        """Sum of ``w`` within each segment."""
        if w.shape[0] == 0:
            return np.zeros(0)
        return np.add.reduceat(w, self.starts)

    def mean(self, y: FloatArray, mask: BoolArray | None = None) -> FloatArray:
        """Mean of ``y[mask]`` (``None``: all) per segment; nan where there is none."""
        if mask is None:
            sizes = np.diff(np.append(self.starts, y.shape[0])).astype(np.float64)
            return divide(self.sum(y), sizes)
        return divide(self.sum(np.where(mask, y, 0.0)), self.sum(mask.astype(np.float64)))

    def median(self, y: FloatArray, mask: BoolArray) -> FloatArray:
        """Median of ``y[mask]`` per segment; nan where there is none."""
        return seg_median(self.ids, y, mask, self.count)


def seg_ids(starts: BoolArray) -> IntArray:
    """Segment id per element from a flag marking each segment's first element."""
    return np.cumsum(starts, dtype=np.intp) - 1


def divide(a: FloatArray, b: FloatArray) -> FloatArray:
    """``a / b`` with nan (not a warning) where ``b`` is zero."""
    ok = b != 0
    return np.where(ok, a / np.where(ok, b, 1.0), np.nan)


def first_flags(ids: IntArray) -> BoolArray:
    """Flag each element whose segment id differs from the one before."""
    out = np.empty(ids.shape[0], dtype=np.bool_)
    out[:1] = True
    np.not_equal(ids[1:], ids[:-1], out=out[1:])
    return out


def run_lengths(breaks: BoolArray) -> IntArray:
    """Length of the run each element belongs to, runs starting where ``breaks`` is set
    (``breaks[0]`` must be set)."""
    starts = np.flatnonzero(breaks)
    lengths = np.diff(np.append(starts, breaks.shape[0]))
    return np.repeat(lengths, lengths)


def seg_median(ids: IntArray, y: FloatArray, mask: BoolArray, nseg: int) -> FloatArray:
    """Median of ``y[mask]`` within each segment; nan where a segment has none."""
    sel = np.flatnonzero(mask)
    out = np.full(nseg, np.nan)
    if sel.shape[0] == 0:
        return out
    sid, sy = ids[sel], y[sel]
    order = np.lexsort((sy, sid))
    sid, sy = sid[order], sy[order]
    counts = np.bincount(sid, minlength=nseg)
    first = np.cumsum(counts) - counts
    has = counts > 0
    lo = first[has] + (counts[has] - 1) // 2
    hi = first[has] + counts[has] // 2
    out[has] = (sy[lo] + sy[hi]) / 2.0
    return out
