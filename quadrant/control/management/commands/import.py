"""`quadrant import observations FILE [--mapping FILE] [--dry-run] [--source NAME] [--as USER]`,
and the kinds other components register (core.registry.import_commands)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from quadrant.control.choices import DataRoute
from quadrant.control.intake.importers.files import (
    FileProblem,
    Reading,
    find_header_row,
    guess_columns,
    inspect,
    read_mapping_file,
)
from quadrant.control.intake.importers.mappings import mapping_for
from quadrant.control.intake.importers.run import import_file
from quadrant.core.registry import import_commands

SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = "Import data: `import observations FILE` checks every row and saves all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        names = ",".join(["observations", *(kind.name for kind in import_commands)])
        sub = parser.add_subparsers(dest="kind", required=True, metavar=f"{{{names}}}")
        for kind in import_commands:
            kind.add_arguments(sub.add_parser(kind.name, help=kind.help))
        obs = sub.add_parser("observations", help="observations from a CSV or Excel file")
        obs.add_argument("file", type=Path)
        obs.add_argument(
            "--mapping",
            type=Path,
            help='JSON {"measure": "column", "period": ..., "value": ...} or CSV "field,column"',
        )
        obs.add_argument("--dry-run", action="store_true", help="check only; save nothing")
        obs.add_argument("--source", default="", help="the data source's name (for the history)")
        obs.add_argument(
            "--unit",
            default="",
            help="the code of the unit whose saved column mapping for the source is used",
        )
        obs.add_argument(
            "--as", dest="username", default="", help="import as this person (default: the system)"
        )
        obs.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        registered = {kind.name: kind for kind in import_commands}
        if options["kind"] in registered:
            registered[options["kind"]].handle(self, options)
            return
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        actor = self._actor(options["username"])
        source = options["source"] or path.name
        with path.open("rb") as handle:
            unit = self._unit(options["unit"])
            columns = self._columns(handle, path, options["mapping"], source, unit, actor)
            result = import_file(
                handle,
                filename=path.name,
                columns=columns,
                actor=actor,
                source=source,
                route=DataRoute.CLI,
                dry_run=options["dry_run"],
                reading=self._reading(handle, path),
            )
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), indent=2))
        else:
            for error in result.errors[:SHOWN_ERRORS]:
                self.stderr.write(str(error))
            if result.error_count > SHOWN_ERRORS:
                self.stderr.write(f"… and {result.error_count - SHOWN_ERRORS:,} more problems")
            self.stdout.write(result.summary())
        if not result.ok:
            raise SystemExit(1)

    def _actor(self, username: str) -> Any:
        if not username:
            from quadrant.core.actors import COMMAND_LINE

            return COMMAND_LINE
        from quadrant.organisation.models import Person

        person = Person.objects.filter(username=username, is_active=True).first()
        if person is None:
            raise CommandError(f"There is no active person with the username {username!r}.")
        return person

    def _reading(self, handle: Any, path: Path) -> Reading:
        """The file read from the row its headings are on (a title above them is passed)."""
        try:
            return Reading(header_row=find_header_row(handle, path.name))
        except FileProblem:
            return Reading(header_row=1)  # import_file reports the problem with the file
        finally:
            handle.seek(0)

    def _unit(self, code: str) -> Any:
        if not code:
            return None
        from quadrant.organisation.models import OrgUnit

        unit = OrgUnit.objects.filter(code=code, archived_at__isnull=True).first()
        if unit is None:
            raise CommandError(f"There is no unit with the code {code!r}.")
        return unit

    def _columns(
        self, handle: Any, path: Path, mapping: Path | None, source: str, unit: Any, actor: Any
    ) -> dict[str, Any]:
        if mapping is not None:
            try:
                return read_mapping_file(mapping)
            except FileProblem as problem:
                raise CommandError(str(problem)) from problem
        try:
            header = inspect(handle, path.name).header
        except FileProblem:
            return {}  # import_file reports the problem with the file itself
        finally:
            handle.seek(0)
        # The unit's saved mapping, when ACTOR may enter that unit's data; else a guess.
        remembered = mapping_for(source, org_unit=unit, actor=actor, header=header)
        return remembered or guess_columns(header)
