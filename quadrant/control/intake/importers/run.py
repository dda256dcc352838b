"""Import a CSV or Excel file of observations through the one all-or-nothing upsert."""

from __future__ import annotations

from typing import IO, Any

from quadrant.control.choices import DataRoute
from quadrant.control.intake.importers.combining import RowRules
from quadrant.control.intake.importers.files import (
    FileProblem,
    Reading,
    data_rows,
    file_kind,
    sha256_of,
)
from quadrant.control.intake.importers.upsert import Progress, UpsertResult, upsert_observations
from quadrant.organisation.models import OrganisationSettings


def file_rules(aggregate: str = "") -> RowRules:
    """The rules for a file's rows: the organisation's order of dates, rows for the same period
    combined by AGGREGATE ("sum", "mean"; "" refuses them), zero denominators left out."""
    month_first = not OrganisationSettings.current().dates_day_first
    return RowRules(
        month_first=month_first,
        aggregate=aggregate,
        drop_zero_denominators=True,
        offer_aggregate=True,
    )


def import_file(
    fileobj: IO[bytes],
    *,
    filename: str,
    columns: dict[str, str],
    actor: Any,
    source: str,
    route: str,
    dry_run: bool = False,
    progress: Progress | None = None,
    reading: Reading | None = None,
    aggregate: str = "",
) -> UpsertResult:
    """Check every row of the file and, if all are right, save them; otherwise save nothing.
    READING says how to read it (by default: the encoding detected, headings on row 1)."""
    file_hash = sha256_of(fileobj)
    kind = file_kind(fileobj, filename)
    if kind == "fhir":  # FHIR MeasureReports: errors name the element's path
        return _import_fhir(fileobj, actor, source or filename, file_hash, dry_run, progress)
    try:
        return upsert_observations(
            data_rows(fileobj, kind, columns, reading, file_rules(aggregate)),
            actor=actor,
            source=source or filename,
            route=route,
            file_hash=file_hash,
            dry_run=dry_run,
            progress=progress,
        )
    except FileProblem as problem:
        return UpsertResult(errors=problem.errors, error_count=len(problem.errors), dry_run=dry_run)


def _import_fhir(
    fileobj: IO[bytes], actor: Any, source: str, file_hash: str, dry_run: bool, progress: Any
) -> UpsertResult:
    from quadrant.control.intake.importers import fhir

    try:
        data = fhir.read_file(fileobj)
    except fhir.FhirProblem as problem:
        return UpsertResult(errors=problem.errors, error_count=len(problem.errors), dry_run=dry_run)
    return fhir.import_reports(
        data,
        actor=actor,
        source=source,
        route=DataRoute.FHIR,
        file_hash=file_hash,
        dry_run=dry_run,
        progress=progress,
    )
