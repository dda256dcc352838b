"""``quadrant spc FILE``: SPC on a CSV or Excel file, without Django or a database.

Rows are sorted by date within each group; the output is one row per point (CSV) or
one object per group (JSON). Bad input exits with status 2 and a message naming the
row and column, never a traceback. The file is read row by row into arrays
(``reading.series``), so memory stays a small multiple of the file's size.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from .points import (
    Points,
    PointsProblem,
    combine_repeats,
    drop_zero_denominators,
    refuse_repeats,
    repeats,
    sorted_points,
)
from .reading import CellProblem
from .reading.dates import read_date
from .reading.series import Series, TableProblem, Wanted, iso_dates, read_series

CHARTS = ("xmr", "run", "p", "u", "c", "g", "t", "xbar", "s", "pp", "up")
CHUNK = 100_000  # points written at a time
SHOWN_WARNINGS = 20
_WHERE = re.compile(r" at position \d+(?: \(group .*?, point \d+\))?")


class CliError(Exception):
    """A problem with the file or the arguments: reported, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    """The ``quadrant spc`` argument parser."""
    p = argparse.ArgumentParser(
        prog="quadrant spc",
        description="Statistical process control charts (Making Data Count) from a CSV "
        "or Excel file.",
    )
    p.add_argument("file", help="a .csv or .xlsx file with a header row")
    p.add_argument("--value", required=True, metavar="COL", help="column of values")
    p.add_argument("--date", metavar="COL", help="column of dates: rows are sorted by it")
    p.add_argument("--group", nargs="+", metavar="COL", help="columns naming each series")
    p.add_argument("--denominator", metavar="COL", help="column of denominators (p, u, pp, up)")
    p.add_argument("--chart", default="xmr", choices=CHARTS)
    p.add_argument("--direction", default="increase", choices=("increase", "decrease", "neutral"))
    p.add_argument("--target", type=float, metavar="N")
    p.add_argument("--rules", default="mdc", choices=("mdc", "nhsr", "anhoej"))
    p.add_argument("--rebase", nargs="+", metavar="DATE", help="dates where a new phase starts")
    p.add_argument("--baseline", type=int, metavar="N", help="fix limits on the first N points")
    p.add_argument("--format", default="csv", choices=("csv", "json"))
    p.add_argument("--icons", metavar="FILE", help="write each group's icons (.csv or .json)")
    p.add_argument(
        "--month-first",
        action="store_true",
        help="dates like 01/04/2020 are month first (4 January); by default day first (1 April)",
    )
    p.add_argument(
        "--aggregate",
        choices=("sum", "mean"),
        help="combine rows for the same group and date (by default they are refused)",
    )
    p.add_argument(
        "--encoding",
        metavar="NAME",
        help="the CSV file's text encoding, e.g. cp1252 (by default found from the file)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    """Run ``quadrant spc`` with ``argv`` (without the program and subcommand names)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        run(args, sys.stdout)
    except CliError as exc:
        print(f"quadrant spc: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into head and the like
        return 0
    return 0


def _warn(message: str) -> None:
    print(f"quadrant spc: warning: {message}", file=sys.stderr)


def _read(args: argparse.Namespace) -> Series:
    wanted = Wanted(
        value=args.value,
        date=args.date,
        groups=tuple(args.group or ()),
        denominator=args.denominator,
        month_first=args.month_first,
        encoding=args.encoding,
    )
    try:
        return read_series(Path(args.file), wanted)
    except TableProblem as exc:
        raise CliError(str(exc)) from None


def _points(args: argparse.Namespace, series: Series) -> Points:
    """The points to chart: sorted, repeated dates refused or combined, zero denominators
    left out with a warning."""
    points = sorted_points(series)
    if args.chart in ("xbar", "s"):
        return points  # rows sharing a date are a subgroup
    same = repeats(points)
    if same.any():
        if not args.aggregate:
            try:
                refuse_repeats(points, same, series)
            except PointsProblem as exc:
                raise CliError(str(exc)) from None
        points = combine_repeats(points, same, args.aggregate)
    points, dropped = drop_zero_denominators(points)
    for line in dropped[:SHOWN_WARNINGS]:
        _warn(
            f"row {line}, column {args.denominator!r}: the denominator is 0, so the row is left out"
        )
    if len(dropped) > SHOWN_WARNINGS:
        _warn(f"… and {len(dropped) - SHOWN_WARNINGS} more rows with a denominator of 0")
    return points


def run(args: argparse.Namespace, out: TextIO) -> None:
    """Read, analyse and write; raises :class:`CliError` on bad input."""
    import numpy as np

    from . import SpcInputError, analyse_many

    if args.chart in ("xbar", "s") and not args.date:
        raise CliError("--chart xbar and s need --date: rows sharing a date form a subgroup")
    if args.chart in ("p", "u", "pp", "up") and not args.denominator:
        raise CliError(f"--chart {args.chart} needs --denominator")
    if args.rebase and not args.date:
        raise CliError("--rebase needs --date")
    series = _read(args)
    if series.ambiguous_dates:
        order = (
            "month first (01/04/2020 is 4 January)"
            if args.month_first
            else ("day first (01/04/2020 is 1 April)")
        )
        _warn(
            f"every date in column {args.date!r} could be read day first or month first; "
            f"they are read {order}"
            + ("" if args.month_first else "; give --month-first if they are month first")
        )
    points = _points(args, series)
    values: Any = points.values
    dens = points.denominators
    if args.chart in ("xbar", "s"):
        starts = np.flatnonzero(~repeats(points))
        values = np.split(points.values, starts[1:])
        points = Points(points.lines[starts], points.groups[starts], points.dates[starts],
                        points.values[starts], None)  # fmt: skip
        dens = None
    rebase = _rebase(args.rebase, points) if args.rebase else ()
    try:
        m = analyse_many(
            values,
            points.groups,
            chart=args.chart,
            denominators=dens,
            improvement=args.direction,
            target=args.target,
            rules=args.rules,
            rebase=rebase,
            baseline=args.baseline,
        )
    except SpcInputError as exc:
        if exc.position is None:
            raise CliError(str(exc)) from None
        col = (
            args.denominator
            if dens is not None and str(exc).startswith("denominator")
            else (args.value)
        )
        problem = _WHERE.sub("", str(exc), count=1)
        raise CliError(f"row {points.lines[exc.position]}, column {col!r}: {problem}") from None

    labels = dict(enumerate(series.group_keys))
    gnames = list(args.group or [])
    if args.icons:
        _write_icons(Path(args.icons), m, labels, gnames)
    if args.format == "json":
        _write_json(out, m, labels, gnames, iso_dates(points.dates) if args.date else None)
    else:
        _write_csv(out, m, labels, gnames, points, bool(args.date))


def _rebase(texts: list[str], points: Points) -> dict[int, list[int]]:
    """Per group, the index of the first point on or after each rebase date."""
    import numpy as np

    try:
        when = [read_date(t, month_first=False) for t in texts]
    except CellProblem as exc:
        raise CliError(f"--rebase: {exc}") from None
    groups, ordinal = points.groups, points.dates
    first = np.ones(ordinal.shape[0], dtype=bool)
    first[1:] = groups[1:] != groups[:-1]
    starts = np.flatnonzero(first)
    out: dict[int, list[int]] = {}
    for d in when:
        hit = ordinal >= d.toordinal()
        begins = hit & (first | ~np.concatenate(([False], hit[:-1])))
        for pos in np.flatnonzero(begins & ~first).tolist():
            g = int(groups[pos])
            out.setdefault(g, []).append(
                pos - int(starts[np.searchsorted(starts, pos, "right") - 1])
            )
    return out


def _num(x: float) -> float | None:
    return None if x != x else float(x)


def _strings(x: Any) -> list[str]:
    """Floats as shortest round-trip text, converted in C; nan as blank."""
    import numpy as np

    text = x.astype(str)
    text[np.isnan(x)] = ""
    return text.tolist()  # type: ignore[no-any-return]


def _write_csv(
    out: TextIO,
    m: Any,
    labels: dict[int, tuple[str, ...]],
    gnames: list[str],
    points: Points,
    has_dates: bool,
) -> None:
    """One line per point, written CHUNK points at a time (a line of text per point of a
    large file held at once would cost many times the file's size)."""

    def line(cells: Sequence[str]) -> str:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(cells)
        return buf.getvalue()

    # quote each group's label cells once, not once per row
    prefix = {g: line(labels[g]) + "," if labels[g] else "" for g in labels}
    names = [*gnames, "date", "value", "centre", "lower", "upper", "point_type", "rule"]
    out.write(line(names) + "\n")
    for lo in range(0, points.groups.shape[0], CHUNK):
        hi = lo + CHUNK
        cols = [_strings(a[lo:hi]) for a in (m.value, m.centre, m.lower, m.upper)]
        ptype, rule = m.point_type[lo:hi].tolist(), m.rule[lo:hi].tolist()
        day = iso_dates(points.dates[lo:hi]) if has_dates else [""] * len(ptype)
        out.write(
            "".join(
                f"{prefix[g]}{d},{v},{c},{low},{high},{t},{r}\n"
                for g, d, v, c, low, high, t, r in zip(
                    points.groups[lo:hi].tolist(), day, *cols, ptype, rule, strict=True
                )
            )
        )


def _write_json(
    out: TextIO,
    m: Any,
    labels: dict[int, tuple[str, ...]],
    gnames: list[str],
    dates: list[str] | None,
) -> None:
    value, centre = m.value.tolist(), m.centre.tolist()
    lower, upper = m.lower.tolist(), m.upper.tolist()
    ptype, rule = m.point_type.tolist(), m.rule.tolist()
    offsets = m.offsets.tolist()
    groups = []
    for k, g in enumerate(m.groups):
        lo, hi = offsets[k], offsets[k + 1]
        groups.append(
            {
                "group": dict(zip(gnames, labels[g], strict=True)),
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
        )
    # without indent the json module encodes in C, several times faster
    out.write(json.dumps({"groups": groups}))
    out.write("\n")


def _write_icons(path: Path, m: Any, labels: dict[int, tuple[str, ...]], gnames: list[str]) -> None:
    rows = [(labels[g], m.variation_icon[g] or "", m.assurance_icon[g] or "") for g in m.groups]
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
        raise CliError(f"{path}: cannot write icons ({exc.strerror})") from exc
