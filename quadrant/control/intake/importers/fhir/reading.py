"""What a MeasureReport says, before any measure is looked up: is it a complete summary report,
which measure each group is for (a canonical URL, `Measure/CODE`, a `urn:uuid:` of a Measure
in the Bundle, or a group's own code), its period as written, each group's score and counts."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from quadrant.control.intake.importers.fhir.export import DECIMAL_COUNT, IDENTIFIER_SYSTEM
from quadrant.control.intake.importers.fhir.structure import Found
from quadrant.control.intake.importers.validation import RowError

COUNTED = ("numerator", "denominator")
IMPORTED_TYPES = {"summary", "subject-list", "data-collection"}


@dataclass(frozen=True)
class FhirDate:
    """A FHIR date or dateTime as the days it covers ("2024-01" is 1 to 31 January), read as
    written (a time's offset is the sender's); MIDNIGHT when it is a time of 00:00."""

    first: dt.date
    last: dt.date
    midnight: bool = False


@dataclass
class GroupRow:
    """One group of one MeasureReport: one period of one measure."""

    row: int  # the report's row (entry[3] is row 4)
    report: str  # its FHIRPath
    name: str  # "MeasureReport “FALLS-A-2024-01-01”", for messages
    group: str  # the group's FHIRPath
    code: str
    code_path: str
    start: FhirDate | None
    end: FhirDate | None
    score: dict[str, Any] | None
    counts: dict[str, tuple[float, str]] = field(default_factory=dict)  # name → (count, path)

    def count(self, name: str) -> float | None:
        return self.counts[name][0] if name in self.counts else None


def fhir_date(text: str) -> FhirDate:
    """TEXT (a valid FHIR date or dateTime: YYYY, YYYY-MM, YYYY-MM-DD, or with a time)."""
    day, _, time = text.partition("T")
    parts = [int(part) for part in day.split("-")]
    if len(parts) == 1:
        return FhirDate(dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31))
    year, month = parts[0], parts[1]
    if len(parts) == 2:
        last = calendar.monthrange(year, month)[1]
        return FhirDate(dt.date(year, month, 1), dt.date(year, month, last))
    date = dt.date(year, month, parts[2])
    return FhirDate(date, date, midnight=bool(time) and time[:8] in ("00:00:00", "00:00"))


def report_name(report: dict[str, Any]) -> str:
    ident = report.get("id")
    return f"MeasureReport “{ident}”" if ident else "the MeasureReport"


def code_in(reference: str, bundle_measures: list[dict[str, Any]]) -> str | None:
    """The measure code REFERENCE names: a Measure of the Bundle (by url, fullUrl or
    Measure/id), else the CODE of …/Measure/CODE or Measure/CODE, else a bare code."""
    bare = reference.split("|", 1)[0].rstrip("/")
    for measure in bundle_measures:
        addresses = {measure.get("url"), measure.get("_fullUrl"), f"Measure/{measure.get('id')}"}
        if bare in addresses or bare.endswith(f"/Measure/{measure.get('id')}"):
            for identifier in measure.get("identifier") or []:
                if identifier.get("system") == IDENTIFIER_SYSTEM and identifier.get("value"):
                    return str(identifier["value"])
            return str(measure.get("id") or "") or None
    if bare.lower().startswith("urn:"):
        return None  # a urn:uuid: names a resource of the Bundle, and none is this Measure
    head, found, rest = bare.partition("Measure/")
    if found and (not head or head.endswith("/")):
        return unquote(rest.split("/_history/", 1)[0]) or None
    return None if "/" in bare or ":" in bare else unquote(bare) or None


def _group_code(group: dict[str, Any]) -> str | None:
    for coding in (group.get("code") or {}).get("coding") or []:
        if coding.get("system") in (IDENTIFIER_SYSTEM, None) and coding.get("code"):
            return str(coding["code"])
    return None


def _described(group: dict[str, Any]) -> str:
    concept = group.get("code") or {}
    words = concept.get("text") or next(
        (c.get("display") or c.get("code") for c in concept.get("coding") or []), None
    )
    return f" (“{str(words)[:60]}”)" if words else ""


def _count(population: dict[str, Any]) -> float | None:
    if population.get("count") is not None:
        return float(population["count"])
    for extension in population.get("extension") or []:
        if extension.get("url") == DECIMAL_COUNT:
            return float(extension["valueDecimal"])
    return None


def _counts(group: dict[str, Any], path: str, row: int, errors: list[RowError]) -> dict[str, Any]:
    counts: dict[str, tuple[float, str]] = {}
    for index, population in enumerate(group.get("population") or []):
        codes = [c.get("code") for c in (population.get("code") or {}).get("coding") or []]
        for name in COUNTED:
            if name not in codes:
                continue
            where = f"{path}.population[{index}]"
            count = _count(population)
            if name in counts:
                errors.append(RowError(row, where, f"the group has a second {name} population"))
            elif count is None:
                errors.append(RowError(row, f"{where}.count", f"the {name} has no count"))
            else:
                counts[name] = (count, f"{where}.count")
    return counts


def _refusal(found: Found) -> RowError | None:
    report, name = found.report, report_name(found.report)
    status = report.get("status")
    if status != "complete":
        return RowError(
            found.row,
            f"{found.path}.status",
            f"{name} has the status “{status}”: only complete reports can be imported "
            "(the figures of a pending or error report are not final)",
        )
    if report.get("type") == "individual":
        return RowError(
            found.row,
            f"{found.path}.type",
            f"{name} is an individual report (one patient’s results): import summary reports, "
            "which hold a measure’s figures for a period",
        )
    if report.get("type") not in IMPORTED_TYPES:
        return RowError(found.row, f"{found.path}.type", f"{name} has no known type")
    return None


def group_rows(
    found: list[Found], bundle_measures: list[dict[str, Any]]
) -> tuple[list[GroupRow], list[RowError]]:
    """Every group of every report, with the measure code it is for; or what is refused."""
    rows: list[GroupRow] = []
    errors: list[RowError] = []
    for item in found:
        if refused := _refusal(item):
            errors.append(refused)
            continue
        report, path = item.report, item.path
        period = report.get("period") or {}
        start = fhir_date(period["start"]) if period.get("start") else None
        end = fhir_date(period["end"]) if period.get("end") else None
        if start is None and end is None:
            errors.append(
                RowError(item.row, f"{path}.period", "the period needs a start or an end")
            )
            continue
        groups = report.get("group") or []
        if not groups:
            errors.append(
                RowError(
                    item.row,
                    f"{path}.group",
                    f"{report_name(report)} has no group: give one with a measureScore, or "
                    "numerator and denominator populations",
                )
            )
        reference = str(report.get("measure") or "")
        for index, group in enumerate(groups):
            where = f"{path}.group[{index}]"
            # One group is the report's measure; of several, each names its own by its code.
            code, code_path = _group_code(group), f"{where}.code"
            if code is None and len(groups) > 1:
                errors.append(
                    RowError(
                        item.row,
                        where,
                        f"group[{index}]{_described(group)} is not mapped to a measure: when a "
                        "report has several groups, each needs a code naming its measure "
                        f"(system {IDENTIFIER_SYSTEM})",
                    )
                )
                continue
            if len(groups) == 1:
                code, code_path = code_in(reference, bundle_measures), f"{path}.measure"
            if code is None:
                errors.append(
                    RowError(
                        item.row,
                        f"{path}.measure",
                        f"“{reference[:80]}” names no measure: give a canonical URL ending "
                        "/Measure/CODE, Measure/CODE, or a Measure of this Bundle",
                    )
                )
                continue
            counts = _counts(group, where, item.row, errors)
            rows.append(
                GroupRow(
                    item.row, path, report_name(report), where, code, code_path, start, end,
                    group.get("measureScore"), counts,
                )
            )  # fmt: skip
    return rows, errors
