"""``quadrant spc FILE``: SPC on a CSV or Excel file, without Django or a database.

Rows are sorted by date within each group; the output is one row per point (CSV) or
one object per group (JSON). Bad input exits with status 2 and a message naming the
row and column, never a traceback. The file is read row by row into arrays
(``reading.series``), so memory stays a small multiple of the file's size.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any, TextIO

from .cli_output import CsvOutput, JsonOutput, OutputProblem, icon_rows, write_icons
from .points import (
    Batches,
    Points,
    PointsProblem,
    combine_repeats,
    drop_zero_denominators,
    refuse_repeats,
    repeats,
)
from .reading import CellProblem
from .reading.dates import read_date
from .reading.series import Series, TableProblem, Wanted, read_series

CHARTS = ("xmr", "run", "p", "u", "c", "g", "t", "xbar", "s", "pp", "up")
BATCH_POINTS = 100_000  # points analysed at a time (whole groups)
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


def _points(args: argparse.Namespace, series: Series, points: Points, warn: bool) -> Points:
    """A batch's points to chart: repeated dates refused or combined, zero denominators left
    out (with a warning when WARN)."""
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
    if warn:
        for line in dropped[:SHOWN_WARNINGS]:
            where = f"row {line}, column {args.denominator!r}"
            _warn(f"{where}: the denominator is 0, so the row is left out")
        if len(dropped) > SHOWN_WARNINGS:
            _warn(f"… and {len(dropped) - SHOWN_WARNINGS} more rows with a denominator of 0")
    return points


def _analyse(args: argparse.Namespace, series: Series, batch: Points, warn: bool) -> Any:
    """The engine's result for one batch of whole groups, and the points it charts."""
    import numpy as np

    from . import SpcInputError, analyse_many

    points = _points(args, series, batch, warn)
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
    return m, points


def _check_arguments(args: argparse.Namespace) -> None:
    if args.chart in ("xbar", "s") and not args.date:
        raise CliError("--chart xbar and s need --date: rows sharing a date form a subgroup")
    if args.chart in ("p", "u", "pp", "up") and not args.denominator:
        raise CliError(f"--chart {args.chart} needs --denominator")
    if args.rebase and not args.date:
        raise CliError("--rebase needs --date")


def _warn_if_ambiguous(args: argparse.Namespace, series: Series) -> None:
    if not series.ambiguous_dates:
        return
    if args.month_first:
        order, change = "month first (01/04/2020 is 4 January)", ""
    else:
        order, change = "day first (01/04/2020 is 1 April)", "; give --month-first if not"
    _warn(
        f"every date in column {args.date!r} could be read day first or month first; they "
        f"are read {order}{change}"
    )


def run(args: argparse.Namespace, out: TextIO) -> None:
    """Read, analyse and write; raises :class:`CliError` on bad input (before any output)."""
    _check_arguments(args)
    series = _read(args)
    _warn_if_ambiguous(args, series)
    batches = Batches(series, BATCH_POINTS)
    if len(batches) > 1:  # every batch checked first: bad input writes nothing
        for batch in batches:
            _analyse(args, series, batch, warn=True)
    gnames = list(args.group or [])
    output = JsonOutput if args.format == "json" else CsvOutput
    writer = None
    icons = []
    for batch in batches:
        m, points = _analyse(args, series, batch, warn=len(batches) == 1)
        writer = writer or output(out, series.group_keys, gnames)  # once the first is right
        writer.write(m, points, bool(args.date))
        if args.icons:
            icons.extend(icon_rows(m, series.group_keys))
    (writer or output(out, series.group_keys, gnames)).finish()
    if args.icons:
        try:
            write_icons(Path(args.icons), icons, gnames)
        except OutputProblem as exc:
            raise CliError(str(exc)) from None


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
