"""Reading CSV and Excel files of observations: header, preview, column mapping, rows.

Files are streamed (csv module; openpyxl in read-only mode), so a large file is never held in
memory whole. Problems with the file itself come back as RowErrors, like problems with rows.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from quadrant.control.intake.importers.combining import RowRules
from quadrant.control.intake.importers.validation import FIELDS, CellRows, RowError
from quadrant.spc.reading import CellProblem, RowProblem, numbered
from quadrant.spc.reading.dates import AmbiguityCheck, looks_like_numeric_date, read_date
from quadrant.spc.reading.numbers import read_number
from quadrant.spc.reading.text import TextLayout, csv_rows, layout_of
from quadrant.spc.reading.workbook import xlsx_rows

PREVIEW_ROWS = 10
HEADER_SEARCH_ROWS = 30  # the headings are looked for in this many rows at the top
NAME_CHARS = 200  # a column name is kept (and matched) to this length
PREVIEW_CHARS = 200
XLSX_MAGIC = b"PK\x03\x04"
REQUIRED_HELP = (
    "choose the columns that hold the measure code, the period, and either the value or the "
    "numerator and the denominator"
)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "measure": ("measure", "measure code", "measure_code", "code", "indicator"),
    "period": ("period", "period start", "period_start", "date", "month", "week", "start"),
    "value": ("value", "result", "rate", "percentage"),
    "numerator": ("numerator", "num", "events", "count"),
    "denominator": ("denominator", "den", "denom", "population"),
}


class FileProblem(Exception):
    """The file cannot be read as a table of observations."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(error) for error in errors))


@dataclass(frozen=True)
class Reading:
    """How a file is read: its text encoding (CSV; "" to detect it) and the row its column
    headings are on (0 to guess it)."""

    encoding: str = ""
    header_row: int = 0


@dataclass
class Table:
    header: list[str]
    preview: list[list[str]]
    row_count: int
    kind: str
    header_row: int = 1
    encoding: str = ""  # CSV: the encoding used (detected or chosen)
    detected_encoding: str = ""
    delimiter: str = ""
    ambiguous_dates: list[str] = field(default_factory=list)  # columns whose dates read both ways

    def as_counts(self) -> dict[str, Any]:
        """What a DataImport keeps of the file (its "counts")."""
        return {
            "header": self.header,
            "preview": self.preview,
            "header_row": self.header_row,
            "encoding": self.encoding,
            "detected_encoding": self.detected_encoding,
            "delimiter": self.delimiter,
            "ambiguous_dates": self.ambiguous_dates,
        }


def sha256_of(fileobj: IO[bytes]) -> str:
    digest = hashlib.sha256()
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1 << 20), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


def file_kind(fileobj: IO[bytes], filename: str = "") -> str:
    """ "xlsx" for an Excel workbook (by content, then name), "fhir" for FHIR JSON (a .json
    name, or text starting with "{"), otherwise "csv"."""
    fileobj.seek(0)
    start = fileobj.read(64)
    fileobj.seek(0)
    if start[:4] == XLSX_MAGIC or filename.lower().endswith((".xlsx", ".xlsm")):
        return "xlsx"
    if filename.lower().endswith(".json") or start.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        return "fhir"
    return "csv"


def text_layout(fileobj: IO[bytes], encoding: str = "") -> TextLayout:
    """The encoding (ENCODING, else detected) and delimiter of a CSV file."""
    try:
        return layout_of(fileobj, encoding or None)
    except CellProblem as problem:
        raise FileProblem([RowError(1, "", str(problem))]) from problem


def _numbered(rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
    """ROWS, with a problem met while reading them named by its row."""
    try:
        yield from numbered(rows)
    except RowProblem as problem:
        raise FileProblem([RowError(problem.row, "", str(problem))]) from problem


def _fhir_rows(fileobj: IO[bytes]) -> Iterator[list[Any]]:
    from quadrant.control.intake.importers import fhir

    try:
        yield from fhir.table_rows(fhir.read_file(fileobj))
    except fhir.FhirProblem as problem:
        raise FileProblem(
            [
                RowError(e.row, "", f"{e.field}: {e.message}" if e.field else e.message)
                for e in problem.errors
            ]
        ) from problem


def read_rows(
    fileobj: IO[bytes], kind: str, layout: TextLayout | None = None
) -> Iterator[list[Any]]:
    """Every row of the file as a list of cells (FHIR: one per report); a CSV file is read
    with LAYOUT (detected when not given)."""
    if kind == "fhir":
        return _fhir_rows(fileobj)
    if kind == "xlsx":
        return _numbered(xlsx_rows(fileobj))
    return _numbered(csv_rows(fileobj, layout or text_layout(fileobj)))


def _is_empty(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _is_blank(cells: list[Any]) -> bool:
    return all(_is_empty(cell) for cell in cells)


def _filled(cells: list[Any]) -> int:
    return sum(1 for cell in cells if not _is_empty(cell))


def _is_word(cell: Any) -> bool:
    """Text that is neither a number nor a date, as a column heading is."""
    if not isinstance(cell, str) or not cell.strip():
        return False
    for reader in (read_number, read_date):
        try:
            reader(cell)
        except CellProblem:
            continue
        return False
    return True


def _looks_like_headings(cells: list[Any]) -> bool:
    return _filled(cells) >= 2 and all(_is_word(cell) for cell in cells if not _is_empty(cell))


def guess_header_row(top: list[list[Any]]) -> int:
    """The first of the TOP rows that looks like column headings: as many cells filled as the
    widest row, all of them words. Titles above a table fill one cell, so they are passed."""
    widest = max((_filled(cells) for cells in top), default=0)
    for number, cells in enumerate(top, start=1):
        if _filled(cells) == widest and _looks_like_headings(cells):
            return number
    for number, cells in enumerate(top, start=1):  # some data rows are wider (a stray comma)
        if _looks_like_headings(cells):
            return number
    return next((n for n, cells in enumerate(top, start=1) if not _is_blank(cells)), 1)


def _table_rows(
    fileobj: IO[bytes], kind: str, reading: Reading
) -> tuple[int, list[Any] | None, Iterator[list[Any]], TextLayout | None]:
    """The header row's number and cells, and the rows after it."""
    layout = text_layout(fileobj, reading.encoding) if kind == "csv" else None
    rows = read_rows(fileobj, kind, layout)
    header_row = reading.header_row
    if header_row <= 0 and kind != "fhir":
        top = [cells for _, cells in zip(range(HEADER_SEARCH_ROWS), rows, strict=False)]
        header_row = guess_header_row(top)
        rows.close()  # type: ignore[attr-defined]  # a generator: let it tidy up, then read again
        rows = read_rows(fileobj, kind, layout)
    header_row = max(header_row, 1)
    header = None
    for number, cells in enumerate(rows, start=1):
        if number == header_row:
            header = cells
            break
    return header_row, header, rows, layout


def find_header_row(fileobj: IO[bytes], filename: str = "") -> int:
    """The row a file's column headings are on, guessed from its first rows."""
    return _table_rows(fileobj, file_kind(fileobj, filename), Reading())[0]


def inspect(fileobj: IO[bytes], filename: str = "", reading: Reading | None = None) -> Table:
    """The header, the first rows and the number of data rows of a file."""
    reading = reading or Reading()
    kind = file_kind(fileobj, filename)
    header_row, header, rows, layout = _table_rows(fileobj, kind, reading)
    if header is None or _is_blank(header):
        raise FileProblem([RowError(header_row, "", "the file is empty: it has no header row")])
    names = header_names(header)
    preview: list[list[str]] = []
    dates: dict[int, AmbiguityCheck] = {}
    count = 0
    for cells in rows:
        if _is_blank(cells):
            continue
        count += 1
        if count == 1:  # columns of numeric dates (01/04/2020) are watched for ambiguity
            dates = {
                i: AmbiguityCheck() for i, cell in enumerate(cells) if looks_like_numeric_date(cell)
            }
        for i, check in dates.items():
            if i < len(cells):
                check.see(cells[i])
        if len(preview) < PREVIEW_ROWS:
            preview.append([_shown(cell) for cell in cells[: len(names)]])
    if count == 0:
        raise FileProblem(
            [RowError(header_row + 1, "", "the file has a header row but no rows of data")]
        )
    return Table(
        header=names,
        preview=preview,
        row_count=count,
        kind=kind,
        header_row=header_row,
        encoding=layout.encoding if layout else "",
        detected_encoding=layout.encoding if layout and not reading.encoding else "",
        delimiter=layout.delimiter if layout else "",
        ambiguous_dates=[
            names[i] for i, check in dates.items() if i < len(names) and check.ambiguous
        ],
    )


def header_names(header: list[Any]) -> list[str]:
    """The column names as shown and matched: text without NUL characters (which a database
    cannot store), trimmed, at most NAME_CHARS long."""
    return [
        "" if cell is None else str(cell).replace("\x00", "").strip()[:NAME_CHARS]
        for cell in header
    ]


def _shown(cell: Any) -> str:
    return "" if cell is None else str(cell).replace("\x00", "")[:PREVIEW_CHARS]


def _normal(name: str) -> str:
    return " ".join(name.lower().replace("_", " ").split())


def guess_columns(header: list[str]) -> dict[str, str]:
    """A first guess at which column holds which field, from the column names."""
    found: dict[str, str] = {}
    for field_name, names in SYNONYMS.items():
        wanted = {_normal(name) for name in names}
        for column in header:
            if _normal(column) in wanted and column not in found.values():
                found[field_name] = column
                break
    return found


def column_indexes(
    header: list[str], columns: dict[str, str], header_row: int = 1
) -> dict[str, int]:
    """Positions of the mapped columns; a FileProblem names each missing or unknown column."""
    errors: list[RowError] = []
    indexes: dict[str, int] = {}
    positions = {name: index for index, name in reversed(list(enumerate(header)))}
    for field_name in FIELDS:
        column = (columns.get(field_name) or "").strip()
        if not column:
            continue
        if column not in positions:
            errors.append(
                RowError(header_row, field_name, f"the file has no column called “{column}”")
            )
        else:
            indexes[field_name] = positions[column]
    has_value = "value" in indexes or {"numerator", "denominator"} <= indexes.keys()
    if not errors and not ({"measure", "period"} <= indexes.keys() and has_value):
        missing = [name for name in ("measure", "period") if name not in indexes]
        if not has_value:
            missing.append("value")
        for name in missing:
            errors.append(
                RowError(header_row, name, f"no column is chosen for {name}: {REQUIRED_HELP}")
            )
    if errors:
        raise FileProblem(errors)
    return indexes


def data_rows(
    fileobj: IO[bytes],
    kind: str,
    columns: dict[str, str],
    reading: Reading | None = None,
    rules: RowRules | None = None,
) -> CellRows:
    """The data rows: iterate for (row number, measure, period, value, numerator, denominator),
    or give to check_rows, which reads the cells directly. Rows are numbered as in the file."""
    header_row, header, rows, _ = _table_rows(fileobj, kind, reading or Reading(header_row=1))
    if header is None or _is_blank(header):
        raise FileProblem([RowError(header_row, "", "the file is empty: it has no header row")])
    index = column_indexes(header_names(header), columns, header_row)
    return CellRows(rows, index, first_number=header_row + 1, rules=rules or RowRules())


def read_mapping_file(path: str | Path) -> dict[str, str]:
    """A mapping file: JSON {"measure": "column", ...} or CSV lines "field,column"."""
    import json

    text = Path(path).read_text(encoding="utf-8-sig")
    try:
        data = json.loads(text)
    except ValueError:
        data = {
            row[0].strip(): row[1].strip() for row in csv.reader(io.StringIO(text)) if len(row) >= 2
        }
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise FileProblem(
            [
                RowError(0, name, f"“{name}” is not a field; use {', '.join(FIELDS)}")
                for name in unknown
            ]
        )
    return {str(key): str(value) for key, value in data.items()}
