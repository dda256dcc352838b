"""Writes of an uploaded file's record (DataImport): the upload, the columns chosen, the
background job and the outcome. Each checks its actor and records history; a record is
only ever changed by the person who uploaded it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from quadrant.control.choices import ImportStatus
from quadrant.control.intake.importers.files import guess_columns, inspect, sha256_of
from quadrant.control.intake.importers.mappings import known_columns, mapping_for, remember_mapping
from quadrant.control.intake.importers.upsert import UpsertResult
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
    table = inspect(file, file.name)
    source = source.strip()
    columns = mapping_for(source, org_unit=org_unit, actor=actor, header=table.header)
    fields = {
        "file": file,
        "filename": file.name[:255],
        "sha256": sha256_of(file),
        "source": source,
        "org_unit": org_unit,
        "columns": columns or guess_columns(table.header),
        "row_count": table.row_count,
        "counts": {"header": table.header, "preview": table.preview},
    }
    with acting_as(actor), transaction.atomic():
        return create_object(DataImport, fields, actor=actor)


def choose_columns(record: DataImport, columns: Mapping[str, Any], *, actor: Any) -> DataImport:
    """Keep the columns chosen for RECORD, and remember them for its source and unit."""
    _check_uploader(record, actor)
    if record.status in FINISHED:
        raise ValidationError(f"{record.filename} is already {record.get_status_display()}.")
    chosen = known_columns(columns)
    with acting_as(actor), transaction.atomic():
        if record.columns != chosen:
            record = update_object(record, {"columns": chosen}, actor=actor)
        remember_mapping(record.source, chosen, org_unit=record.org_unit, actor=actor)
    return record


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
    return update_object(record, {"errors": errors, "status": status}, actor=actor)


def _storable(value: Any) -> Any:
    """VALUE without NUL characters, which PostgreSQL cannot keep in JSON or text."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {key: _storable(item) for key, item in value.items()}
    return value
