"""The rows of an Excel workbook's first sheet, streamed, with what a cell's value alone does
not tell: a number formatted as a percentage is a Percentage (Excel stores 22.5% as 0.225),
and a formula that was never calculated (no value saved with it) is an UncalculatedFormula,
not a blank."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from . import CellProblem
from .numbers import Percentage

FORMULA_TAGS = (b"<f>", b"<f ", b":f>", b":f ")
SCAN_BYTES = 1 << 20
NOT_CALCULATED = "formula not calculated — open and save the file in Excel"


class UncalculatedFormula:
    """A formula cell saved without its value (written by a program, never opened in Excel)."""

    __slots__ = ("formula",)

    def __init__(self, formula: str) -> None:
        self.formula = formula

    def __str__(self) -> str:
        return self.formula

    def __repr__(self) -> str:
        return f"UncalculatedFormula({self.formula!r})"


def refuse_uncalculated(cell: Any) -> None:
    """A CellProblem for a formula that was never calculated."""
    if isinstance(cell, UncalculatedFormula):
        raise CellProblem(NOT_CALCULATED)


def _open(source: IO[bytes] | Path, *, data_only: bool) -> Any:
    from openpyxl import load_workbook  # lazily: only Excel input needs it

    if not isinstance(source, Path):
        source.seek(0)
    try:
        return load_workbook(source, read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise CellProblem("the file is not an Excel workbook (.xlsx) that can be read") from exc


def _has_formulas(book: Any, sheet: Any) -> bool:
    """Does the sheet's XML hold a formula? (True when it cannot be told.)"""
    archive, part = getattr(book, "_archive", None), getattr(sheet, "_worksheet_path", None)
    if not isinstance(archive, zipfile.ZipFile) or not part:
        return True
    tail = b""
    with archive.open(part) as xml:
        while chunk := xml.read(SCAN_BYTES):
            if any(tag in tail + chunk for tag in FORMULA_TAGS):
                return True
            tail = chunk[-4:]
    return False


def _values(row: tuple[Any, ...]) -> list[Any]:
    values = []
    for cell in row:
        value = cell.value
        if value.__class__ in (float, int) and "%" in (cell.number_format or ""):
            value = Percentage(value)
        values.append(value)
    return values


def xlsx_rows(source: IO[bytes] | Path) -> Iterator[list[Any]]:
    """Every row of the first sheet as a list of values (a CellProblem when the file is not a
    workbook that can be read)."""
    book = _open(source, data_only=True)
    formulas = None
    try:
        sheet = book.worksheets[0]
        if _has_formulas(book, sheet):
            formulas = _open(source, data_only=False)
            written = formulas.worksheets[0].iter_rows(values_only=True)
        for row in sheet.iter_rows():
            values = _values(row)
            if formulas is not None:
                for index, text in enumerate(next(written, ())):
                    if index < len(values) and values[index] is None and _is_formula(text):
                        values[index] = UncalculatedFormula(text)
            yield values
    finally:
        book.close()
        if formulas is not None:
            formulas.close()


def _is_formula(text: Any) -> bool:
    return isinstance(text, str) and text.startswith("=")
