"""`quadrant restore PATH`: replace the whole database with a backup, after confirmation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from quadrant.core.integrity.backup import check_file, restore_backup
from quadrant.core.integrity.backup_facts import BackupError, Manifest


class Command(BaseCommand):
    help = "Replace every row of the database with the backup at PATH (stop the service first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        using = options["database"]
        try:
            manifest = check_file(path, using)
            if not options["yes"] and not self._confirmed(manifest, using):
                raise CommandError("Restore cancelled: nothing was changed.", returncode=1)
            restore_backup(path, using)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {path} (taken {manifest.created_at}, "
                f"{manifest.history_head['length']} history events). "
                "Run `quadrant history verify` and restart the service."
            )
        )

    def _confirmed(self, manifest: Manifest, using: str) -> bool:
        name = connections[using].settings_dict["NAME"]
        self.stdout.write(
            f"This replaces EVERY row of database {name} with the backup taken "
            f"{manifest.created_at}. Changes made since then are lost."
        )
        return input("Type yes to restore: ").strip().lower() == "yes"
