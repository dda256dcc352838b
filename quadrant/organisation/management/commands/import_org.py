"""`quadrant import_org units FILE` / `quadrant import_org people FILE`: all rows or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from quadrant.core.actors import COMMAND_LINE
from quadrant.organisation.importers import managed_unit_ids, run_import


class Command(BaseCommand):
    help = (
        "Import the organisation structure (units: code, name, kind, parent_code, active) or "
        "staff (people: username, first_name, last_name, email, job_title, home_unit_code, role, "
        "role_unit_code) from a CSV file. Every row is checked first; on any error nothing is "
        "imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["units", "people"])
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--as",
            dest="username",
            default="",
            help="Record the import as this person and limit it to the units they manage "
            "(default: the system, which may change every unit).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from quadrant.organisation.models import Person

        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
        actor: Any = COMMAND_LINE  # without --username the command imports as the system
        if options["username"]:
            actor = Person.objects.filter(username=options["username"], is_active=True).first()
            if actor is None:
                raise CommandError(f"No active person has the username “{options['username']}”.")
        errors, counts = run_import(
            options["kind"],
            data,
            actor=actor,
            file_name=path.name,
            allowed_unit_ids=managed_unit_ids(actor),
        )
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(errors)} problems in {path.name}; nothing was imported.")
        summary = ", ".join(f"{value} {key.replace('_', ' ')}" for key, value in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Imported {path.name}: {summary}."))
