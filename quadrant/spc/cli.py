"""``quadrant spc FILE``: SPC on a CSV or Excel file, without Django or a database.

Rows are sorted by date within each group; the output is one row per point (CSV) or
one object per group (JSON). Bad input exits with status 2 and a message naming the
row and column, never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

CHARTS = ("xmr", "run", "p", "u", "c", "g", "t", "xbar", "s", "pp", "up")
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


def read_table(path: Path) -> tuple[list[str], list[Sequence[Any]]]:
    """Header and rows of a CSV (UTF-8, with or without BOM) or .xlsx file."""
    if not path.is_file():
        raise CliError(f"{path}: no such file")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            import openpyxl  # lazily: only Excel input needs it
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise CliError("reading Excel files needs openpyxl (pip install openpyxl)") from exc
        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a damaged file
            raise CliError(f"{path}: not a readable Excel file ({exc})") from exc
        rows: list[Sequence[Any]] = [
            tuple(r) for r in book.worksheets[0].iter_rows(values_only=True)
        ]
        book.close()
    else:
        try:
            with open(path, encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.reader(fh))
        except UnicodeDecodeError as exc:
            raise CliError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    if not rows:
        raise CliError(f"{path}: the file is empty")
    header = ["" if h is None else str(h).strip() for h in rows[0]]
    return header, rows[1:]


def _column(header: list[str], name: str, path: Path) -> int:
    if name not in header:
        raise CliError(f"{path}: no column {name!r} (columns: {', '.join(header)})")
    return header.index(name)


def _number(cell: Any, row: int, col: str) -> float:
    """A cell as a number; blank is missing (nan)."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return float("nan")
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return float(cell)
    try:
        value = float(str(cell).strip().replace(",", ""))
    except ValueError:
        raise CliError(f"row {row}, column {col!r}: {cell!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise CliError(f"row {row}, column {col!r}: {cell!r} is not a finite number")
    return value


def _numbers(cells: list[Any], lines: list[int], col: str) -> Any:
    """A column as a float array: parsed in C when every cell is a plain number."""
    import numpy as np

    try:
        out = np.array(cells, dtype=np.float64)
        if np.isfinite(out).all():
            return out
    except (ValueError, TypeError):
        pass
    return np.array([_number(c, line, col) for c, line in zip(cells, lines, strict=True)])


_DATES: dict[str, dt.date] = {}


def _iso_date(text: str) -> dt.date:
    return dt.date.fromisoformat(text[:10])


def _uk_date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def parse_date(cell: Any, row: int | None, col: str) -> dt.date:
    """ISO (2024-03-01, optionally with a time) or UK (01/03/2024) dates, or Excel's."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = "" if cell is None else str(cell).strip()
    got = _DATES.get(text)
    if got is not None:
        return got
    for parse in (_iso_date, _uk_date):
        try:
            got = parse(text)
            break
        except ValueError:
            continue
    else:
        where = f"row {row}, column {col!r}" if row is not None else f"--{col}"
        raise CliError(f"{where}: {cell!r} is not a date (use YYYY-MM-DD or DD/MM/YYYY)")
    _DATES[text] = got
    return got


def run(args: argparse.Namespace, out: TextIO) -> None:
    """Read, analyse and write; raises :class:`CliError` on bad input."""
    import numpy as np

    from . import SpcInputError, analyse_many

    path = Path(args.file)
    header, rows = read_table(path)
    vcol = _column(header, args.value, path)
    dcol = _column(header, args.date, path) if args.date else None
    gcols = [_column(header, g, path) for g in args.group or []]
    ncol = _column(header, args.denominator, path) if args.denominator else None
    if args.chart in ("xbar", "s") and dcol is None:
        raise CliError("--chart xbar and s need --date: rows sharing a date form a subgroup")
    if args.chart in ("p", "u", "pp", "up") and ncol is None:
        raise CliError(f"--chart {args.chart} needs --denominator")

    # one record per row: (group index, date, file row number, row)
    group_ids: dict[tuple[str, ...], int] = {}
    records = []
    width = len(header)
    for i, row in enumerate(rows):
        line = i + 2  # the header is row 1
        if not any(c not in (None, "") for c in row):
            continue  # blank lines
        if len(row) < width:
            row = list(row) + [None] * (width - len(row))
        key = tuple("" if row[c] is None else str(row[c]) for c in gcols)
        gid = group_ids.setdefault(key, len(group_ids))
        date = parse_date(row[dcol], line, header[dcol]) if dcol is not None else None
        records.append((gid, date, line, row))
    if dcol is not None:
        records.sort(key=lambda r: (r[0], r[1], r[2]))
    else:
        records.sort(key=lambda r: (r[0], r[2]))

    vname = header[vcol]
    if args.chart in ("xbar", "s"):
        # rows sharing a group and a date are one subgroup
        points: list[tuple[int, Any, list[int]]] = []
        values: list[Any] = []
        for gid, date, line, row in records:
            x = _number(row[vcol], line, vname)
            if points and points[-1][0] == gid and points[-1][1] == date:
                points[-1][2].append(line)
                values[-1].append(x)
            else:
                points.append((gid, date, [line]))
                values.append([x])
        lines = [p[2][0] for p in points]
        gids = [p[0] for p in points]
        dates = [p[1] for p in points]
        dens = None
    else:
        lines = [r[2] for r in records]
        gids = [r[0] for r in records]
        dates = [r[1] for r in records]
        values = _numbers([r[3][vcol] for r in records], lines, vname)
        dens = (
            _numbers([r[3][ncol] for r in records], lines, header[ncol])
            if ncol is not None
            else None
        )
    group_arr = np.asarray(gids, dtype=np.intp)
    rebase = _rebase(args.rebase, group_arr, dates) if args.rebase else ()
    try:
        m = analyse_many(
            values,
            group_arr,
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
        col = header[ncol] if ncol is not None and str(exc).startswith("denominator") else vname
        problem = _WHERE.sub("", str(exc), count=1)
        raise CliError(f"row {lines[exc.position]}, column {col!r}: {problem}") from None

    labels = {gid: key for key, gid in group_ids.items()}
    gnames = [header[c] for c in gcols]
    if args.icons:
        _write_icons(Path(args.icons), m, labels, gnames)
    if args.format == "json":
        _write_json(out, m, labels, gnames, dates)
    else:
        _write_csv(out, m, labels, gnames, dates, group_arr)


def _rebase(texts: list[str], groups: Any, dates: list[Any]) -> dict[int, list[int]]:
    """Per group, the index of the first point on or after each rebase date."""
    import numpy as np

    if dates and dates[0] is None:
        raise CliError("--rebase needs --date")
    when = [parse_date(t, None, "rebase") for t in texts]
    ordinal = np.array([d.toordinal() for d in dates], dtype=np.int64)
    first = np.ones(len(dates), dtype=bool)
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
    dates: list[Any],
    groups: Any,
) -> None:
    def line(cells: Sequence[str]) -> str:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(cells)
        return buf.getvalue()

    # quote each group's label cells once, not once per row
    prefix = {g: line(labels[g]) + "," if labels[g] else "" for g in labels}
    cols = [_strings(a) for a in (m.value, m.centre, m.lower, m.upper)]
    ptype, rule = m.point_type.tolist(), m.rule.tolist()
    day = ["" if d is None else d.isoformat() for d in dates]
    body = [
        f"{prefix[g]}{d},{v},{c},{lo},{hi},{t},{r}"
        for g, d, v, c, lo, hi, t, r in zip(groups.tolist(), day, *cols, ptype, rule, strict=True)
    ]
    names = [*gnames, "date", "value", "centre", "lower", "upper", "point_type", "rule"]
    out.write(line(names) + "\n")
    out.write("\n".join(body))
    out.write("\n")


def _write_json(
    out: TextIO, m: Any, labels: dict[int, tuple[str, ...]], gnames: list[str], dates: list[Any]
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
                        "date": None if dates[i] is None else dates[i].isoformat(),
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
