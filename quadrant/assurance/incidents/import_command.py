"""`quadrant import safety-events FILE --unit CODE --as USERNAME [--dry-run]`: the import of
historical events (services.imports) from the command line, all or nothing, each problem
printed with its row and column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError

from quadrant.assurance.incidents.importing import (
    FileProblem,
    guess_columns,
    missing_columns,
    read_table,
)
from quadrant.assurance.incidents.services import imports
from quadrant.core.registry import ImportCommand, register_import_command

SHOWN_ERRORS = 50


def add_arguments(parser: Any) -> None:
    parser.add_argument("file", type=Path, help="a CSV export of the trust's earlier system")
    parser.add_argument("--unit", required=True, help="the code of the unit the events belong to")
    parser.add_argument(
        "--as", dest="username", required=True,
        help="import as this person (who must handle safety events at the unit)",
    )  # fmt: skip
    parser.add_argument("--dry-run", action="store_true", help="check only; save nothing")


def handle(command: Any, options: dict[str, Any]) -> None:
    from quadrant.organisation.models import OrgUnit, Person

    path: Path = options["file"]
    if not path.is_file():
        raise CommandError(f"There is no file at {path}.")
    person = Person.objects.filter(username=options["username"], is_active=True).first()
    if person is None:
        raise CommandError(f"There is no active person with the username {options['username']!r}.")
    unit = OrgUnit.objects.filter(code=options["unit"], archived_at__isnull=True).first()
    if unit is None:
        raise CommandError(f"There is no unit with the code {options['unit']!r}.")
    try:
        table = read_table(path.read_bytes())
    except FileProblem as problem:
        raise CommandError(f"{path.name}: {problem}") from problem
    columns = guess_columns(table.header)
    if missing := missing_columns(table.header, columns):
        raise CommandError("; ".join(missing) + f" (the file's columns: {', '.join(table.header)})")
    run = imports.check_import if options["dry_run"] else imports.import_events
    try:
        result = run(table, columns, unit=unit, actor=person)
    except PermissionDenied as refused:
        raise CommandError(str(refused)) from refused
    for error in result.errors[:SHOWN_ERRORS]:
        command.stderr.write(str(error))
    if len(result.errors) > SHOWN_ERRORS:
        command.stderr.write(f"… and {len(result.errors) - SHOWN_ERRORS:,} more problems")
    if not result.ok:
        raise CommandError(f"Nothing was imported: {len(result.errors):,} problems in {path.name}.")
    verb = "Would import" if options["dry_run"] else "Imported"
    command.stdout.write(
        f"{verb} {len(result.events):,} events from {path.name} into {unit.name}; "
        f"{len(result.skipped):,} already imported skipped."
    )


register_import_command(
    ImportCommand(
        "safety-events",
        "patient safety events from a CSV export of another system",
        add_arguments,
        handle,
    )
)
