"""What ``quadrant spc`` writes: points as CSV lines or JSON groups, a batch of groups at a
time, and each group's icons."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from .points import Points
from .reading.series import iso_dates

POINT_NAMES = ["date", "value", "centre", "lower", "upper", "point_type", "rule"]
CHUNK = 20_000  # CSV lines made at a time (as numpy text, 128 bytes a number)


class OutputProblem(Exception):
    """A file cannot be written."""


def _line(cells: Sequence[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(cells)
    return buf.getvalue()


def _strings(x: Any) -> list[str]:
    """Floats as shortest round-trip text, converted in C; nan as blank."""
    import numpy as np

    text = x.astype(str)
    text[np.isnan(x)] = ""
    return text.tolist()  # type: ignore[no-any-return]


def _num(x: float) -> float | None:
    return None if x != x else float(x)


class CsvOutput:
    """One line per point, CHUNK points at a time (the text of every point held at once
    would cost many times the file's size)."""

    def __init__(self, out: TextIO, labels: list[tuple[str, ...]], gnames: list[str]) -> None:
        self.out, self.labels = out, labels
        # quote each group's label cells once, not once per row
        self.prefix: dict[int, str] = {}
        out.write(_line([*gnames, *POINT_NAMES]) + "\n")

    def _prefix(self, group: int) -> str:
        found = self.prefix.get(group)
        if found is None:
            label = self.labels[group]
            found = self.prefix[group] = _line(label) + "," if label else ""
        return found

    def write(self, m: Any, points: Points, has_dates: bool) -> None:
        for lo in range(0, points.groups.shape[0], CHUNK):
            hi = lo + CHUNK
            cols = [_strings(a[lo:hi]) for a in (m.value, m.centre, m.lower, m.upper)]
            ptype, rule = m.point_type[lo:hi].tolist(), m.rule[lo:hi].tolist()
            day = iso_dates(points.dates[lo:hi]) if has_dates else [""] * len(ptype)
            prefix = self._prefix
            self.out.write(
                "".join(
                    f"{prefix(g)}{d},{v},{c},{low},{high},{t},{r}\n"
                    for g, d, v, c, low, high, t, r in zip(
                        points.groups[lo:hi].tolist(), day, *cols, ptype, rule, strict=True
                    )
                )
            )

    def finish(self) -> None:
        return None


class JsonOutput:
    """{"groups": [...]}: one object per group, written a batch of groups at a time."""

    def __init__(self, out: TextIO, labels: list[tuple[str, ...]], gnames: list[str]) -> None:
        self.out, self.labels, self.gnames = out, labels, gnames
        self.first = True
        out.write('{"groups": [')

    def write(self, m: Any, points: Points, has_dates: bool) -> None:
        value, centre = m.value.tolist(), m.centre.tolist()
        lower, upper = m.lower.tolist(), m.upper.tolist()
        ptype, rule = m.point_type.tolist(), m.rule.tolist()
        dates = iso_dates(points.dates) if has_dates else None
        offsets = m.offsets.tolist()
        for k, g in enumerate(m.groups):
            lo, hi = offsets[k], offsets[k + 1]
            group = {
                "group": dict(zip(self.gnames, self.labels[g], strict=True)),
                "variation_icon": m.variation_icon[g],
                "assurance_icon": m.assurance_icon[g],
                "runs": m.runs[g],
                "points": [
                    {
                        "date": dates[i] if dates is not None else None,
                        "value": _num(value[i]),
                        "centre": _num(centre[i]),
                        "lower": _num(lower[i]),
                        "upper": _num(upper[i]),
                        "point_type": ptype[i],
                        "rule": rule[i],
                    }
                    for i in range(lo, hi)
                ],
            }
            # without indent the json module encodes in C, several times faster
            self.out.write(("" if self.first else ", ") + json.dumps(group))
            self.first = False

    def finish(self) -> None:
        self.out.write("]}\n")


def icon_rows(m: Any, labels: list[tuple[str, ...]]) -> list[tuple[tuple[str, ...], str, str]]:
    """(group label, variation icon, assurance icon) of each group of M."""
    return [(labels[g], m.variation_icon[g] or "", m.assurance_icon[g] or "") for g in m.groups]


def write_icons(
    path: Path, rows: list[tuple[tuple[str, ...], str, str]], gnames: list[str]
) -> None:
    """Each group's icons as CSV or (a .json PATH) JSON."""
    try:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            if path.suffix.lower() == ".json":
                json.dump(
                    [
                        {
                            "group": dict(zip(gnames, key, strict=True)),
                            "variation_icon": v or None,
                            "assurance_icon": a or None,
                        }
                        for key, v, a in rows
                    ],
                    fh,
                    indent=1,
                )
            else:
                w = csv.writer(fh, lineterminator="\n")
                w.writerow([*gnames, "variation_icon", "assurance_icon"])
                w.writerows([*key, v, a] for key, v, a in rows)
    except OSError as exc:
        raise OutputProblem(f"{path}: cannot write icons ({exc.strerror})") from exc
