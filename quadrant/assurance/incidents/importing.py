"""Reading a CSV export of historical events from a trust's earlier system (Datix-like): the
columns, a first guess at which holds what, and each row checked and turned into an unsaved
SafetyEvent, every problem named by its row and column in the NHS way. The write is
services.imports; data/sample_export.csv is a synthetic example.

Type, category and harm cells are matched to the national and local lists (data/) by code
or label, ignoring case; the Never Event cell is No (or blank) or the type of Never Event; a
Unit cell names a unit within the chosen one (by code or name; blank: the chosen unit).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from quadrant.assurance.incidents import national
from quadrant.assurance.incidents.choices import HARM_TYPES, AffectedPerson, EventStatus
from quadrant.assurance.incidents.models import SafetyEvent, needs_duty_of_candour
from quadrant.spc.reading import CellProblem
from quadrant.spc.reading.dates import read_date
from quadrant.spc.reading.text import layout_of

MAX_BYTES = 2 * 1024 * 1024  # a trust's history is thousands of rows: far less than this
PREVIEW_ROWS = 10
NAME_CHARS = 200


@dataclass(frozen=True)
class Column:
    label: str  # what the mapping page calls the field
    names: tuple[str, ...]  # column names that hold it in the systems trusts use
    required: bool = False


#: Each field an import reads, in the order the mapping page asks for it.
COLUMNS: dict[str, Column] = {
    "source_reference": Column(
        "Reference in the old system",
        (
            "incident id",
            "id",
            "incident reference",
            "reference",
            "ref",
            "incident number",
            "datix id",
        ),
        required=True,
    ),
    "occurred_on": Column(
        "Date of the event",
        ("incident date", "date of incident", "event date", "date"),
        required=True,
    ),
    "occurred_at": Column("Time of the event", ("time", "incident time", "time of incident")),
    "org_unit": Column("Unit", ("unit", "ward", "department", "location (type)", "directorate")),
    "location": Column("Where exactly", ("location (exact)", "exact location", "location")),
    "description": Column(
        "What happened", ("description", "incident description", "details"), required=True
    ),
    "immediate_actions": Column(
        "What was done straight away",
        ("action taken", "immediate action", "immediate actions", "actions taken"),
    ),
    "event_type": Column("Type of event", ("type", "event type", "incident type"), required=True),
    "category": Column("Category", ("category", "incident category", "subcategory"), required=True),
    "affected": Column("Who was affected", ("person affected", "affected", "who was affected")),
    "physical_harm": Column(
        "Physical harm", ("harm (actual)", "actual harm", "harm", "physical harm", "severity")
    ),
    "psychological_harm": Column("Psychological harm", ("psychological harm",)),
    "never_event": Column("Never Event", ("never event", "never event type")),
    "reportable_to_cqc": Column("Reportable to CQC", ("reportable to cqc", "cqc notifiable")),
    "reported_on": Column(
        "Date it was reported", ("reported date", "date reported", "reported on", "opened date")
    ),
    "status": Column("Status", ("status", "approval status")),
}
REQUIRED = tuple(name for name, column in COLUMNS.items() if column.required)
YES, NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0", ""}
CLOSED_WORDS = {"closed", "complete", "completed", "finally approved", "final approval"}
OPEN_WORDS = {
    "open",
    "submitted",
    "new",
    "reported",
    "awaiting review",
    "under review",
    "being reviewed",
    "in holding area",
    "being approved",
}
HARM_WORDS = {"no harm": "none", "death": "fatal", "catastrophic": "fatal"}
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?")


class FileProblem(Exception):
    """The file cannot be read as a table of events: MESSAGE says why and what to do."""


@dataclass(frozen=True)
class RowError:
    row: int  # as numbered in the file (the headings are row 1)
    column: str  # the file's column ("" for the whole row)
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]  # the data rows (blank rows left out), with their numbers below
    numbers: list[int] = field(default_factory=list)


def normal(text: str) -> str:
    return " ".join(str(text).lower().replace("_", " ").split())


def read_table(data: bytes) -> Table:
    """DATA (a CSV file in any encoding Excel saves, comma or tab separated) as a table; a
    FileProblem when it cannot be one."""
    if not data.strip():
        raise FileProblem("The selected file is empty")
    if b"\x00" in data[:4096] or data[:4] == b"PK\x03\x04":
        raise FileProblem("The selected file must be a CSV file (in Excel: Save as, CSV)")
    layout = layout_of(io.BytesIO(data))
    encoding = "utf-8-sig" if layout.encoding == "utf-8" else layout.encoding
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as problem:
        raise FileProblem(
            "The selected file could not be read as text: save it as CSV"
        ) from problem
    try:
        cells = [
            row for row in csv.reader(io.StringIO(text, newline=""), delimiter=layout.delimiter)
        ]
    except csv.Error as problem:
        raise FileProblem(f"The selected file is not a readable CSV file ({problem})") from problem
    if not cells or not any(cell.strip() for cell in cells[0]):
        raise FileProblem("The selected file has no row of column headings at the top")
    header = [cell.replace("\x00", "").strip()[:NAME_CHARS] for cell in cells[0]]
    table = Table(header, [])
    for number, row in enumerate(cells[1:], start=2):
        if any(cell.strip() for cell in row):
            table.rows.append(row)
            table.numbers.append(number)
    if not table.rows:
        raise FileProblem("The selected file has column headings but no rows of events")
    return table


def guess_columns(header: Iterable[str]) -> dict[str, str]:
    """A first guess at the column holding each field, from the column names."""
    names = list(header)
    found: dict[str, str] = {}
    for field_name, column in COLUMNS.items():
        for wanted in column.names:
            match = next((n for n in names if normal(n) == wanted and n not in found.values()), "")
            if match:
                found[field_name] = match
                break
    return found


def missing_columns(header: list[str], columns: dict[str, str]) -> list[str]:
    """What is wrong with a choice of COLUMNS for HEADER, in words (none: it can be used)."""
    problems = [
        f"Select the column that holds the {COLUMNS[name].label.lower()}"
        for name in REQUIRED
        if not columns.get(name)
    ]
    problems += [
        f"{COLUMNS[name].label}: the file has no column called “{column}”"
        for name, column in columns.items()
        if column and column not in header
    ]
    return problems


def _choices(
    entries: Iterable[national.Entry], extra: dict[str, str] | None = None
) -> dict[str, str]:
    found = {normal(entry.code): entry.code for entry in entries}
    found.update({normal(entry.label): entry.code for entry in entries})
    found.update(extra or {})
    return found


def _harm_words(entries: tuple[national.Entry, ...], kind: str) -> dict[str, str]:
    """Harm levels also by their short names: "Low", "Moderate harm", "Low physical harm"."""
    words = dict(HARM_WORDS)
    for entry in entries:
        for form in (entry.code, f"{entry.code} harm", f"{entry.code} {kind} harm"):
            words[normal(form)] = entry.code
    return words


@dataclass
class Checked:
    """A file's rows as events to store, the old references already imported (skipped) and
    every problem; PREVIEW is the first rows as they will be stored."""

    events: list[SafetyEvent] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    preview: list[dict[str, str]] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class RowReader:
    """Turns one row into an unsaved SafetyEvent, or RowErrors naming the columns."""

    def __init__(
        self, header: list[str], columns: dict[str, str], unit: Any, *, month_first: bool = False
    ) -> None:
        self.index = {name: header.index(column) for name, column in columns.items() if column}
        self.columns = columns
        self.unit = unit
        self.month_first = month_first
        self.event_types = _choices(national.event_types())
        self.categories = _choices(national.categories())
        self.physical = _choices(
            national.physical_harms(), _harm_words(national.physical_harms(), "physical")
        )
        self.psychological = _choices(
            national.psychological_harms(),
            _harm_words(national.psychological_harms(), "psychological"),
        )
        self.never_events = _choices(national.never_events())
        self.affected = {normal(c.value): c.value for c in AffectedPerson} | {
            normal(c.label): c.value for c in AffectedPerson
        }
        self.units = self._units(unit)

    @staticmethod
    def _units(unit: Any) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for each in unit.subtree().filter(archived_at__isnull=True):
            found.setdefault(normal(each.name), each)
            found[normal(each.code)] = each
        return found

    def cell(self, row: list[str], name: str) -> str:
        at = self.index.get(name)
        return row[at].replace("\x00", "").strip() if at is not None and at < len(row) else ""

    def read(self, number: int, row: list[str]) -> tuple[SafetyEvent | None, list[RowError]]:
        errors: list[RowError] = []

        def problem(name: str, message: str) -> None:
            errors.append(RowError(number, self.columns.get(name, COLUMNS[name].label), message))

        def coded(name: str, lookup: dict[str, str], what: str) -> str:
            text = self.cell(row, name)
            if not text:
                return ""
            code = lookup.get(normal(text))
            if code is None:
                problem(
                    name,
                    f"“{text[:60]}” is not a {what} Quadrant knows: use one of the "
                    f"list's names or codes",
                )
                return ""
            return code

        reference = self.cell(row, "source_reference")[:100]
        if not reference:
            problem("source_reference", "Enter the event's reference in the old system")
        occurred_on = self._date(row, "occurred_on", problem, required=True)
        reported_on = self._date(row, "reported_on", problem)
        event = SafetyEvent(
            source_reference=reference,
            event_type=coded("event_type", self.event_types, "type of event"),
            category=coded("category", self.categories, "category"),
            physical_harm=coded("physical_harm", self.physical, "level of physical harm"),
            psychological_harm=coded(
                "psychological_harm", self.psychological, "level of psychological harm"
            ),
            never_event_type=self._never_event(row, problem),
            reportable_to_cqc=self._yes_no(row, "reportable_to_cqc", problem),
            affected=coded("affected", self.affected, "kind of person affected")
            or AffectedPerson.PATIENT,
            occurred_on=occurred_on,
            occurred_at=self._time(row, problem),
            reported_on=reported_on,
            org_unit=self._unit(row, problem),
            location=self.cell(row, "location")[:200],
            description=self.cell(row, "description"),
            immediate_actions=self.cell(row, "immediate_actions"),
            status=self._status(row, problem),
        )
        event.never_event = bool(event.never_event_type)
        event.duty_of_candour = needs_duty_of_candour(event.physical_harm, event.psychological_harm)
        if not event.description:
            problem("description", "Enter what happened")
        if not self.cell(row, "event_type"):
            problem("event_type", "Enter the type of event")
        if not self.cell(row, "category"):
            problem("category", "Enter the category")
        if reported_on and occurred_on and reported_on < occurred_on:
            problem("reported_on", "Date it was reported must be on or after the date of the event")
        flagged = {error.column for error in errors}
        errors += [e for e in self._model_errors(number, event) if e.column not in flagged]
        return (None if errors else event), errors

    def _model_errors(self, number: int, event: SafetyEvent) -> list[RowError]:
        try:
            event.full_clean(
                exclude=["reference"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as refused:
            return [
                RowError(
                    number,
                    self.columns.get(name, COLUMNS.get(name, Column(name, ())).label),
                    message,
                )
                for name, messages in refused.message_dict.items()
                for message in messages
            ]
        return []

    def _date(self, row: list[str], name: str, problem: Any, *, required: bool = False) -> Any:
        text = self.cell(row, name)
        if not text:
            if required:
                problem(name, f"Enter the {COLUMNS[name].label.lower()}")
            return None
        try:
            day = read_date(text.split(" ")[0].split("T")[0], month_first=self.month_first)
        except CellProblem as refused:
            problem(name, f"{COLUMNS[name].label}: {str(refused)[:1].lower()}{str(refused)[1:]}")
            return None
        if day > timezone.localdate():
            problem(name, f"{COLUMNS[name].label} must be today or in the past")
            return None
        return day

    def _time(self, row: list[str], problem: Any) -> dt.time | None:
        text = self.cell(row, "occurred_at")
        if not text:
            return None
        found = _TIME.fullmatch(text)
        if found:
            hours, minutes, seconds = (int(part or 0) for part in found.groups())
            if hours < 24 and minutes < 60 and seconds < 60:
                return dt.time(hours, minutes, seconds)
        problem("occurred_at", f"Time of the event “{text[:20]}” must be a time like 14:30")
        return None

    def _unit(self, row: list[str], problem: Any) -> Any:
        text = self.cell(row, "org_unit")
        if not text:
            return self.unit
        unit = self.units.get(normal(text))
        if unit is None:
            problem(
                "org_unit",
                f"“{text[:60]}” is not a unit within {self.unit.name}: use its "
                "name or code, or leave it blank for the unit you chose",
            )
        return unit or self.unit

    def _never_event(self, row: list[str], problem: Any) -> str:
        text = self.cell(row, "never_event")
        if normal(text) in NO:
            return ""
        code = self.never_events.get(normal(text))
        if code is None:
            problem(
                "never_event",
                "Never Event must be No, or the type of Never Event from the "
                "national list (for example “Wrong site surgery”)",
            )
            return ""
        return code

    def _yes_no(self, row: list[str], name: str, problem: Any) -> bool:
        text = normal(self.cell(row, name))
        if text in YES | NO:
            return text in YES
        problem(name, f"{COLUMNS[name].label} must be Yes or No")
        return False

    def _status(self, row: list[str], problem: Any) -> str:
        text = normal(self.cell(row, "status"))
        if text in CLOSED_WORDS:
            return EventStatus.CLOSED
        if not text or text in OPEN_WORDS:
            return EventStatus.SUBMITTED
        problem("status", "Status must be open (imported as submitted) or closed")
        return EventStatus.SUBMITTED


def check_rows(
    table: Table,
    columns: dict[str, str],
    unit: Any,
    *,
    month_first: bool = False,
    known: Iterable[str] = (),
) -> Checked:
    """Every row of TABLE read with COLUMNS for UNIT; a reference in KNOWN (already imported)
    is skipped, one given twice in the file is an error."""
    reader = RowReader(table.header, columns, unit, month_first=month_first)
    already = set(known)
    seen: dict[str, int] = {}
    checked = Checked(rows=len(table.rows))
    for number, row in zip(table.numbers, table.rows, strict=True):
        event, errors = reader.read(number, row)
        reference = reader.cell(row, "source_reference")[:100]
        if reference in seen:
            errors = [
                RowError(
                    number,
                    columns["source_reference"],
                    f"“{reference[:60]}” is also on row {seen[reference]}: give each event once",
                )
            ]
            event = None
        elif reference:
            seen[reference] = number
        if reference in already and not errors:
            checked.skipped.append(reference)
            continue
        checked.errors += errors
        if event is not None:
            checked.events.append(event)
            if len(checked.preview) < PREVIEW_ROWS:
                checked.preview.append(shown(number, event))
    return checked


def shown(number: int, event: SafetyEvent) -> dict[str, str]:
    """An event as the preview shows it (the lists' words, not their codes)."""
    return {
        "row": str(number),
        "reference": event.source_reference,
        "occurred": f"{event.occurred_on:%d %b %Y}"
        + (f" {event.occurred_at:%H:%M}" if event.occurred_at else ""),
        "unit": event.org_unit.name,
        "type": event.get_event_type_display(),
        "category": event.get_category_display(),
        "harm": event.get_physical_harm_display() if event.event_type in HARM_TYPES else "",
        "never_event": event.get_never_event_type_display() if event.never_event else "No",
        "status": event.get_status_display(),
    }
