"""Reading a framework's standards from a CSV file, checking every row before anything is
loaded. Errors name the row (as numbered in a spreadsheet) and the column as headed in the
person's own file, in the NHS service manual's style.

Columns (headings in any case, spaces or underscores): code, title and group are needed;
group code, text, order, effective from, effective to and source url are optional. Lines
starting with "#" above the headings are notes and are skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from charset_normalizer import from_bytes
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify

from quadrant.assurance.standards.definitions import GroupRow, StandardRow

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
LIMITS = {"code": 40, "title": 200, "group": 200, "group code": 40, "source url": 500}
REQUIRED = ("code", "title", "group")
OPTIONAL = ("group code", "text", "order", "effective from", "effective to", "source url")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")


@dataclass(frozen=True)
class RowError:
    row: int | None  # None: the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}" if self.row is not None else "The file"
        column = f", column “{self.column}”" if self.column else ""
        return f"{where}{column}: {self.message}"


@dataclass
class StandardsFile:
    """What a file holds: its groups and standards, or the errors that stop it loading."""

    groups: list[GroupRow] = field(default_factory=list)
    standards: list[StandardRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.standards)


def _key(heading: str) -> str:
    return " ".join(heading.replace("_", " ").replace("-", " ").split()).casefold()


def decode(data: bytes) -> str:
    """The text of DATA: UTF-8 (with or without a byte-order mark), else Windows-1252 (what
    Excel saves in a British trust), else what charset-normaliser recognises; ValueError when
    it is not text."""
    if b"\x00" in data[:4096]:
        raise ValueError("The selected file must be a CSV file")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is None:
        raise ValueError("The selected file must be a CSV file")
    return str(best)


def read_standards(data: bytes) -> StandardsFile:
    """Check every row of the CSV DATA; the groups and standards when there is no error."""
    result = StandardsFile()
    if not data.strip():
        result.errors.append(RowError(None, "", "The selected file is empty"))
        return result
    if len(data) > MAX_BYTES:
        result.errors.append(RowError(None, "", "The selected file must be smaller than 2 MB"))
        return result
    try:
        text = decode(data)
    except ValueError as problem:
        result.errors.append(RowError(None, "", str(problem)))
        return result
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and (not lines[skipped].strip() or lines[skipped].startswith("#")):
        skipped += 1
    try:
        rows = list(csv.reader(io.StringIO("".join(lines[skipped:]))))
    except csv.Error as problem:
        result.errors.append(
            RowError(None, "", f"The selected file must be a CSV file ({problem})")
        )
        return result
    if not rows:
        result.errors.append(RowError(None, "", "The selected file has no headings or rows"))
        return result
    headings = rows[0]
    columns = _columns(headings, result)
    if result.errors:
        return result
    body = rows[1:]
    if len(body) > MAX_ROWS:
        result.errors.append(
            RowError(
                None, "", f"The file must have {MAX_ROWS:,} rows or fewer; it has {len(body):,}"
            )
        )
        return result
    _read_rows(body, columns, headings, first_row=skipped + 2, result=result)
    if not result.errors and not result.standards:
        result.errors.append(RowError(None, "", "The selected file has headings but no rows"))
    return result


def _columns(headings: list[str], result: StandardsFile) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, heading in enumerate(headings):
        key = _key(heading)
        if key in REQUIRED or key in OPTIONAL:
            if key in columns:
                result.errors.append(
                    RowError(1, heading, f"There are two “{heading}” columns: keep one")
                )
            columns[key] = index
        elif heading.strip():
            result.ignored_columns.append(heading.strip())
    for needed in REQUIRED:
        if needed not in columns:
            result.errors.append(
                RowError(None, "", f"Add a column headed “{needed}” (the file has no such column)")
            )
    return columns


@dataclass
class _Reader:
    """One row's cells, named by column, collecting the row's errors."""

    number: int
    cells: list[str]
    columns: dict[str, int]
    headings: list[str]
    errors: list[RowError]

    def heading(self, key: str) -> str:
        return self.headings[self.columns[key]].strip()

    def text(self, key: str) -> str:
        index = self.columns.get(key)
        if index is None or index >= len(self.cells):
            return ""
        value = " ".join(self.cells[index].split()) if key != "text" else self.cells[index].strip()
        limit = LIMITS.get(key)
        if limit is not None and len(value) > limit:
            self.fail(key, f"{key.capitalize()} must be {limit} characters or fewer")
            return value[:limit]
        return value

    def fail(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.number, self.heading(key), message))

    def code(self, key: str, what: str) -> str:
        value = self.text(key)
        if value and not CODE_PATTERN.match(value):
            self.fail(
                key,
                f"{what} must start with a letter or number and contain only letters, numbers, "
                "full stops, hyphens and underscores",
            )
        return value

    def whole_number(self, key: str, default: int) -> int:
        value = self.text(key)
        if not value:
            return default
        if not value.isdigit() or int(value) > 1_000_000:
            self.fail(key, "Order must be a whole number, like 3")
            return default
        return int(value)

    def date(self, key: str) -> dt.date | None:
        value = self.text(key)
        if not value:
            return None
        for pattern in DATE_FORMATS:
            try:
                return dt.datetime.strptime(value, pattern).date()
            except ValueError:
                continue
        self.fail(key, f"{key.capitalize()} must be a real date, like 31/3/2025 or 2025-03-31")
        return None

    def url(self, key: str) -> str:
        value = self.text(key)
        if value:
            try:
                URLValidator(schemes=["https", "http"])(value)
            except ValidationError:
                self.fail(key, "Source url must be a web address, like https://www.cqc.org.uk/")
        return value


def _read_rows(
    body: list[list[str]],
    columns: dict[str, int],
    headings: list[str],
    *,
    first_row: int,
    result: StandardsFile,
) -> None:
    seen_codes: dict[str, int] = {}
    groups: dict[str, GroupRow] = {}
    group_titles: dict[str, str] = {}
    for offset, cells in enumerate(body):
        number = first_row + offset
        if not any(cell.strip() for cell in cells):
            continue
        row = _Reader(number, cells, columns, headings, result.errors)
        code = row.code("code", "Code")
        title = row.text("title")
        group_title = row.text("group")
        group_code = row.code("group code", "Group code") if "group code" in columns else ""
        if not code:
            row.fail("code", "Enter a code")
        elif code.casefold() in seen_codes:
            row.fail("code", f"Code “{code}” is already used on row {seen_codes[code.casefold()]}")
        else:
            seen_codes[code.casefold()] = number
        if not title:
            row.fail("title", "Enter a title")
        if not group_title:
            row.fail("group", "Enter the group the standard belongs to")
        group_code = group_code or slugify(group_title)[:40]
        if group_title and not group_code:
            row.fail("group", "Group must contain letters or numbers (or add a “group code”)")
        starts, ends = row.date("effective from"), row.date("effective to")
        if starts and ends and ends < starts:
            row.fail("effective to", "Effective to must be the same as or after effective from")
        if group_title and group_code:
            known = group_titles.setdefault(group_code.casefold(), group_title)
            if known != group_title:
                row.fail("group", f"Group code “{group_code}” is already the group “{known}”")
            groups.setdefault(
                group_code.casefold(), GroupRow(group_code, group_title, order=len(groups) + 1)
            )
        result.standards.append(
            StandardRow(
                code=code,
                title=title,
                group_code=_group_code(groups, group_code),
                text=row.text("text"),
                order=row.whole_number("order", offset + 1),
                effective_from=starts,
                effective_to=ends,
                source_url=row.url("source url"),
            )
        )
    result.groups = list(groups.values())


def _group_code(groups: dict[str, GroupRow], code: str) -> str:
    found = groups.get(code.casefold())
    return found.code if found is not None else ""
