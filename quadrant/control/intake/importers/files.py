"""Reading CSV and Excel files of observations: header, preview, column mapping, rows.

Files are streamed (csv module; openpyxl in read-only mode), so a large file is never held in
memory whole. Problems with the file itself come back as RowErrors, like problems with rows.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from quadrant.control.intake.importers.validation import FIELDS, CellRows, RowError

PREVIEW_ROWS = 10
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


@dataclass
class Table:
    header: list[str]
    preview: list[list[str]]
    row_count: int
    kind: str


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


def _csv_rows(fileobj: IO[bytes]) -> Iterator[list[Any]]:
    fileobj.seek(0)
    text = io.TextIOWrapper(fileobj, encoding="utf-8-sig", newline="")
    try:
        yield from csv.reader(text)
    except UnicodeDecodeError as exc:
        raise FileProblem(
            [
                RowError(
                    1,
                    "",
                    f"the file is not text in UTF-8 (CSV) or an Excel workbook ({exc.reason})",
                )
            ]
        ) from exc
    except csv.Error as exc:
        raise FileProblem(
            [RowError(1, "", f"the file is not a readable CSV file ({exc})")]
        ) from exc
    finally:
        text.detach()


def _xlsx_rows(fileobj: IO[bytes]) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    fileobj.seek(0)
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileProblem(
            [RowError(1, "", "the file is not an Excel workbook (.xlsx) that can be read")]
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


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


def read_rows(fileobj: IO[bytes], kind: str) -> Iterator[list[Any]]:
    """Every row of the file (the header first) as a list of cells (FHIR: one per report)."""
    if kind == "fhir":
        return _fhir_rows(fileobj)
    return _xlsx_rows(fileobj) if kind == "xlsx" else _csv_rows(fileobj)


def _is_blank(cells: list[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def inspect(fileobj: IO[bytes], filename: str = "") -> Table:
    """The header, the first rows and the number of data rows of a file."""
    kind = file_kind(fileobj, filename)
    rows = read_rows(fileobj, kind)
    header = next(rows, None)
    if header is None or _is_blank(header):
        raise FileProblem([RowError(1, "", "the file is empty: it has no header row")])
    names = header_names(header)
    preview: list[list[str]] = []
    count = 0
    for cells in rows:
        if _is_blank(cells):
            continue
        count += 1
        if len(preview) < PREVIEW_ROWS:
            preview.append([_shown(cell) for cell in cells[: len(names)]])
    if count == 0:
        raise FileProblem([RowError(2, "", "the file has a header row but no rows of data")])
    return Table(header=names, preview=preview, row_count=count, kind=kind)


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


def column_indexes(header: list[str], columns: dict[str, str]) -> dict[str, int]:
    """Positions of the mapped columns; a FileProblem names each missing or unknown column."""
    errors: list[RowError] = []
    indexes: dict[str, int] = {}
    positions = {name: index for index, name in reversed(list(enumerate(header)))}
    for field_name in FIELDS:
        column = (columns.get(field_name) or "").strip()
        if not column:
            continue
        if column not in positions:
            errors.append(RowError(1, field_name, f"the file has no column called “{column}”"))
        else:
            indexes[field_name] = positions[column]
    has_value = "value" in indexes or {"numerator", "denominator"} <= indexes.keys()
    if not errors and not ({"measure", "period"} <= indexes.keys() and has_value):
        missing = [name for name in ("measure", "period") if name not in indexes]
        if not has_value:
            missing.append("value")
        for name in missing:
            errors.append(RowError(1, name, f"no column is chosen for {name}: {REQUIRED_HELP}"))
    if errors:
        raise FileProblem(errors)
    return indexes


def data_rows(fileobj: IO[bytes], kind: str, columns: dict[str, str]) -> CellRows:
    """The data rows: iterate for (row number, measure, period, value, numerator, denominator),
    or give to check_rows, which reads the cells directly."""
    rows = read_rows(fileobj, kind)
    header = next(rows, None)
    if header is None or _is_blank(header):
        raise FileProblem([RowError(1, "", "the file is empty: it has no header row")])
    return CellRows(rows, column_indexes(header_names(header), columns), first_number=2)


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
