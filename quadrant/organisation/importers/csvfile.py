"""Reading an import file: encoding, header and row width, with errors that name the row."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

MAX_ERRORS = 200
TRUE_WORDS = {"", "1", "true", "yes", "y", "active"}
FALSE_WORDS = {"0", "false", "no", "n", "inactive"}

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class RowError:
    """One problem in an import file. `row` is None for the file as a whole."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        where = f"Row {self.row}, column {self.column}" if self.column else f"Row {self.row}"
        return f"{where}: {self.message}"

    def as_api(self) -> dict[str, Any]:
        """The API's error shape: {"row", "field", "message"}."""
        return {"row": self.row, "field": self.column or None, "message": self.message}


@dataclass
class CheckedFile:
    """A parsed file: its rows (row number, values by column) and what is wrong with it."""

    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, row: int | None, column: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(row, column, message))

    def require(self, row: int, values: dict[str, str], names: Iterable[str]) -> None:
        for name in names:
            if not values[name]:
                self.add(row, name, "enter a value; it is required.")

    def limit(self, row: int, values: dict[str, str], limits: dict[str, int]) -> None:
        for name, most in limits.items():
            if len(values[name]) > most:
                self.add(row, name, f"must be {most} characters or fewer.")


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_true(value: str) -> bool:
    return value.strip().lower() in TRUE_WORDS


def choice(value: str, choices: Any) -> str | None:
    """The stored value of a choice given as its value or its label, in any case."""
    wanted = value.strip().lower()
    stored: str
    for stored, label in choices.choices:
        if wanted in (stored.lower(), str(label).lower()):
            return stored
    return None


def choice_names(choices: Any) -> str:
    return ", ".join(stored for stored, _ in choices.choices)


def in_scope(unit_id: int, allowed_unit_ids: set[int] | None) -> bool:
    """Is the unit among ALLOWED_UNIT_IDS (None: every unit, for the system)?"""
    return allowed_unit_ids is None or unit_id in allowed_unit_ids


def no_unit_message(code: str, allowed_unit_ids: set[int] | None, where: str = "") -> str:
    """A unit code that is missing or outside one's units: one answer for both."""
    whose = "" if allowed_unit_ids is None else " you manage"
    return f"no unit{whose} has the code “{code}”{where}."


def read_csv(data: bytes, columns: tuple[str, ...], noun: str) -> CheckedFile:
    """Decode and split a CSV file, checking the encoding, the header and each row's width."""
    result = CheckedFile()
    if not data.strip():
        result.add(None, "", "The file is empty. Choose a CSV file with a header row and rows.")
        return result
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        result.add(row, "", "this row is not UTF-8 text. Save the file as “CSV UTF-8”.")
        return result
    records: list[list[str]] = []
    try:
        records.extend(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        result.add(len(records) + 1, "", f"this row is not valid CSV ({exc}).")
        return result
    header = [cell.strip().lower().replace(" ", "_") for cell in records[0]] if records else []
    for name in columns:
        if name not in header:
            result.add(1, name, f"the header row has no “{name}” column.")
    for name in dict.fromkeys(header):
        if name and name not in columns:
            result.add(1, name, f"unexpected column. The columns are: {', '.join(columns)}.")
        elif name and header.count(name) > 1:
            result.add(1, name, "this column appears more than once.")
    if result.errors:
        return result
    width = len(header)
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > width and any(cell.strip() for cell in record[width:]):
            result.add(number, "", f"this row has {len(record)} values; the header has {width}.")
            continue
        padded = record + [""] * (width - len(record))
        result.rows.append((number, {name: padded[i].strip() for i, name in enumerate(header)}))
    if not result.rows and not result.errors:
        result.add(None, "", f"The file has a header row but no {noun}.")
    return result
