"""CSV import of the organisation structure and of staff: all rows or nothing.

`check_units` / `check_people` are pure validation: they read the file and the units already
in Quadrant and return row errors ("Row 4, column parent_code: ..."), never writing. The pages,
the API and `quadrant import_org` share them. `import_units` / `import_people` write a checked
file in one transaction recorded as ONE history event (file name, SHA-256, counts). Row numbers
count the header as row 1, as a spreadsheet does.
"""

from __future__ import annotations

from typing import Any

from quadrant.core.actors import PERSON_OR_SYSTEM, SYSTEM, actor_kind, no_actor_error
from quadrant.core.jobs import JobContext, job_handler
from quadrant.core.permissions import Capability, check_actor
from quadrant.organisation.importers.csvfile import (
    CheckedFile,
    Progress,
    RowError,
    file_hash,
    read_csv,
)
from quadrant.organisation.importers.people import PEOPLE_COLUMNS, check_people, import_people
from quadrant.organisation.importers.units import UNIT_COLUMNS, check_units, import_units

__all__ = [
    "BACKGROUND_ROWS", "COLUMNS", "IMPORT_JOB", "PEOPLE_COLUMNS", "UNIT_COLUMNS", "CheckedFile",
    "RowError", "check_file", "check_people", "check_units", "count_rows", "file_hash",
    "import_checked", "import_people", "import_units", "read_csv", "run_import",
]  # fmt: skip

IMPORT_JOB = "organisation.import"
BACKGROUND_ROWS = 1000  # files with more rows than this are imported by a background job
COLUMNS = {"units": UNIT_COLUMNS, "people": PEOPLE_COLUMNS}
NOUNS = {"units": "units", "people": "people"}


def check_file(kind: str, data: bytes, *, allowed_unit_ids: set[int] | None) -> CheckedFile:
    """Validate a file of KIND ("units" or "people")."""
    checker = check_units if kind == "units" else check_people
    return checker(data, allowed_unit_ids=allowed_unit_ids)


def import_checked(
    kind: str,
    checked: CheckedFile,
    *,
    actor: Any,
    file_name: str,
    sha256: str,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write a checked file of KIND as ACTOR: a person (their scope is checked row by row)
    or a system actor (a command run without a username)."""
    check_actor(actor, Capability.MANAGE_PEOPLE, allow=PERSON_OR_SYSTEM)
    importer = import_units if kind == "units" else import_people
    return importer(checked, actor=actor, file_name=file_name, sha256=sha256, progress=progress)


def run_import(
    kind: str,
    data: bytes,
    *,
    actor: Any,
    file_name: str,
    allowed_unit_ids: set[int] | None,
    progress: Progress | None = None,
) -> tuple[list[RowError], dict[str, int]]:
    """Check, then (only if every row is right) import a file. Returns (errors, counts)."""
    checked = check_file(kind, data, allowed_unit_ids=allowed_unit_ids)
    if not checked.ok:
        return checked.errors, {}
    sha256 = file_hash(data)
    counts = import_checked(
        kind, checked, actor=actor, file_name=file_name, sha256=sha256, progress=progress
    )
    return [], counts


def count_rows(data: bytes) -> int:
    """A quick estimate of the number of data rows (lines after the header)."""
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    return max(lines - 1, 0)


def managed_unit_ids(actor: Any) -> set[int] | None:
    """The units ACTOR may manage (None for a system actor, which may manage all)."""
    from quadrant.core.permissions import units_where

    if actor is None:
        raise no_actor_error()
    if actor_kind(actor) == SYSTEM:
        return None
    return set(units_where(actor, Capability.MANAGE_PEOPLE).values_list("pk", flat=True))


@job_handler(IMPORT_JOB)
def import_job(context: JobContext) -> dict[str, Any]:
    """Import a stored upload (params: kind, path in default storage, file_name)."""
    from django.core.files.storage import default_storage
    from django.urls import reverse

    from quadrant.core.models import Job

    params, actor = context.params, context.job.created_by
    kind = params["kind"]
    try:
        with default_storage.open(params["path"], "rb") as upload:
            data = upload.read()
        context.progress(5, "Checking every row")
        errors, counts = run_import(
            kind,
            data,
            actor=actor,
            file_name=params["file_name"],
            allowed_unit_ids=managed_unit_ids(actor),
            progress=context.progress,
        )
    finally:
        default_storage.delete(params["path"])
    if errors:
        for error in errors:
            context.log(str(error))
        Job.objects.filter(pk=context.job.pk).update(result={"errors": [str(e) for e in errors]})
        raise ValueError(f"{len(errors)} problems were found in the file; nothing was imported.")
    context.log(f"Imported {params['file_name']}: {counts}")
    url = reverse("organisation:units" if kind == "units" else "organisation:people")
    summary = f"{counts['created']} {NOUNS[kind]} created and {counts['updated']} updated."
    return {"summary": summary, "counts": counts, "url": url}
