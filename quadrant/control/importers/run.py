"""Import a CSV or Excel file of observations through the one all-or-nothing upsert."""

from __future__ import annotations

from typing import IO, Any

from quadrant.control.importers.files import FileProblem, data_rows, file_kind, sha256_of
from quadrant.control.upsert import Progress, UpsertResult, upsert_observations


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
) -> UpsertResult:
    """Check every row of the file and, if all are right, save them; otherwise save nothing."""
    file_hash = sha256_of(fileobj)
    kind = file_kind(fileobj, filename)
    try:
        return upsert_observations(
            data_rows(fileobj, kind, columns),
            actor=actor,
            source=source or filename,
            route=route,
            file_hash=file_hash,
            dry_run=dry_run,
            progress=progress,
        )
    except FileProblem as problem:
        return UpsertResult(errors=problem.errors, error_count=len(problem.errors), dry_run=dry_run)
