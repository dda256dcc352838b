"""Writes of an uploaded file's record (DataImport): the upload, the columns chosen, the
background job and the outcome. Each checks its actor and records history; a record is
only ever changed by the person who uploaded it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from quadrant.control.choices import DataRoute, ImportStatus
from quadrant.control.intake.importers.combining import AGGREGATES
from quadrant.control.intake.importers.files import (
    Reading,
    Table,
    guess_columns,
    inspect,
    sha256_of,
)
from quadrant.control.intake.importers.mappings import (
    known_columns,
    mapping_for,
    remember_mapping,
    saved_header_row,
)
from quadrant.control.intake.importers.run import import_file
from quadrant.control.intake.importers.upsert import Progress, UpsertResult
from quadrant.control.intake.models import DataImport
from quadrant.core.context import acting_as
from quadrant.core.jobs import start_job
from quadrant.core.permissions import Capability, has_role_anywhere, require, restrict
from quadrant.core.services import create_object, update_object

IMPORT_JOB = "control.import_file"
FINISHED = (ImportStatus.IMPORTED, ImportStatus.RUNNING)


def _may_enter_data(actor: Any, org_unit: Any) -> None:
    if org_unit is not None:
        require(actor, Capability.ENTER_DATA, org_unit)
    elif not has_role_anywhere(actor, Capability.ENTER_DATA):
        require(actor, Capability.ENTER_DATA)


def _check_uploader(record: DataImport, actor: Any) -> None:
    if not restrict(DataImport.objects.filter(pk=record.pk), actor).exists():
        raise PermissionDenied("Only the person who uploaded a file can change its import.")


def start_import(file: Any, *, source: str, org_unit: Any, actor: Any) -> DataImport:
    """Record an uploaded file with its header, first rows and a first choice of columns
    (ORG_UNIT's saved mapping for SOURCE, else a guess from the header). Raises FileProblem
    when the file cannot be read as a table, and nothing is recorded."""
    _may_enter_data(actor, org_unit)
    source = source.strip()
    header_row = saved_header_row(source, org_unit=org_unit, actor=actor)
    table = inspect(file, file.name, Reading(header_row=header_row))
    columns = mapping_for(source, org_unit=org_unit, actor=actor, header=table.header)
    fields = {
        "file": file,
        "filename": file.name[:255],
        "sha256": sha256_of(file),
        "source": source,
        "org_unit": org_unit,
        "columns": columns or guess_columns(table.header),
        "row_count": table.row_count,
        "counts": table.as_counts(),
    }
    with acting_as(actor), transaction.atomic():
        return create_object(DataImport, fields, actor=actor)


def _check_open(record: DataImport, actor: Any) -> None:
    _check_uploader(record, actor)
    if record.status in FINISHED:
        raise ValidationError(f"{record.filename} is already {record.get_status_display()}.")


def reading_of(record: DataImport) -> Reading:
    """How RECORD's file is read: the encoding and the headings' row of its preview."""
    counts = record.counts or {}
    return Reading(encoding=counts.get("encoding", ""), header_row=counts.get("header_row", 1))


def read_again(record: DataImport, reading: Reading, *, actor: Any) -> DataImport:
    """Read RECORD's file again in another encoding or with its headings on another row: a
    new preview, and the columns chosen kept where the new headings have them. Raises
    FileProblem when the file cannot be read that way, and nothing changes."""
    _check_open(record, actor)
    with record.file.open("rb") as handle:
        table: Table = inspect(handle, record.filename, reading)
    counts = {
        **(record.counts or {}),
        **table.as_counts(),
        "detected_encoding": (record.counts or {}).get("detected_encoding", ""),
    }
    present = set(table.header)
    columns = {name: column for name, column in record.columns.items() if column in present}
    changes = {
        "counts": counts,
        "row_count": table.row_count,
        "columns": columns or guess_columns(table.header),
    }
    with acting_as(actor), transaction.atomic():
        return update_object(record, changes, actor=actor)


def choose_columns(
    record: DataImport, columns: Mapping[str, Any], *, actor: Any, aggregate: str = ""
) -> DataImport:
    """Keep the columns chosen for RECORD (and how to combine rows for the same period), and
    remember them, with the row the headings are on, for its source and unit."""
    _check_open(record, actor)
    if aggregate and aggregate not in AGGREGATES:
        raise ValidationError({"aggregate": "Choose how to combine rows for the same period"})
    chosen = known_columns(columns)
    counts = record.counts or {}
    with acting_as(actor), transaction.atomic():
        if record.columns != chosen or counts.get("aggregate", "") != aggregate:
            changes = {"columns": chosen, "counts": {**counts, "aggregate": aggregate}}
            record = update_object(record, changes, actor=actor)
        remember_mapping(
            record.source,
            chosen,
            org_unit=record.org_unit,
            actor=actor,
            header_row=reading_of(record).header_row,
        )
    return record


def run_import(
    record: DataImport, *, actor: Any, dry_run: bool, progress: Progress | None = None
) -> UpsertResult:
    """Check (DRY_RUN) or import RECORD's file as its preview reads it, with its columns."""
    with record.file.open("rb") as handle:
        return import_file(
            handle,
            filename=record.filename,
            columns=record.columns,
            actor=actor,
            source=record.source or record.filename,
            route=DataRoute.FILE,
            dry_run=dry_run,
            progress=progress,
            reading=reading_of(record),
            aggregate=(record.counts or {}).get("aggregate", ""),
        )


def queue_import(record: DataImport, *, actor: Any) -> Any:
    """Import RECORD in a background job (started once this transaction commits)."""
    _check_uploader(record, actor)
    with acting_as(actor), transaction.atomic():
        job = start_job(
            IMPORT_JOB,
            title=f"Import {record.filename}",
            actor=actor,
            params={"import_id": record.pk},
        )
        update_object(record, {"job": job, "status": ImportStatus.RUNNING}, actor=actor)
    return job


def record_outcome(
    record: DataImport, result: UpsertResult, *, committed: bool, actor: Any
) -> DataImport:
    """What the check (or the import, when COMMITTED) found: the status and the row errors."""
    _check_uploader(record, actor)
    if not result.ok:
        status = ImportStatus.INVALID
    else:
        status = ImportStatus.IMPORTED if committed else ImportStatus.VALID
    errors = [_storable(error.as_dict()) for error in result.errors]
    warnings = [_storable(warning.as_dict()) for warning in result.warnings]
    counts = {**(record.counts or {}), "warnings": warnings}
    return update_object(
        record, {"errors": errors, "status": status, "counts": counts}, actor=actor
    )


def _storable(value: Any) -> Any:
    """VALUE without NUL characters, which PostgreSQL cannot keep in JSON or text."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {key: _storable(item) for key, item in value.items()}
    return value
