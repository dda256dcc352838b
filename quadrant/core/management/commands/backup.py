"""`quadrant backup PATH` and `quadrant backup --verify PATH` (see docs/operations.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from quadrant.core.integrity.backup import take_backup, verify_backup
from quadrant.core.integrity.backup_facts import BackupError, Manifest


class Command(BaseCommand):
    help = (
        "Copy the database to PATH (consistent while users keep writing) with a manifest at "
        "PATH.json; with --verify, prove that the backup at PATH restores."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--verify",
            action="store_true",
            help="restore PATH into a temporary database and check it against its manifest",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            if options["verify"]:
                self._verify(path, options["database"])
            else:
                manifest = take_backup(path, options["database"])
                rows = sum(manifest.tables.values())
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Backup written to {path}: {len(manifest.tables)} tables, {rows} rows, "
                        f"{manifest.history_head['length']} history events. "
                        f"Manifest: {Manifest.path_for(path)}"
                    )
                )
        except BackupError as exc:
            raise CommandError(str(exc), returncode=1) from exc

    def _verify(self, path: Path, using: str) -> None:
        problems = verify_backup(path, using)
        if problems:
            raise CommandError(
                f"The backup {path} does NOT restore cleanly:\n  " + "\n  ".join(problems),
                returncode=1,
            )
        manifest = Manifest.read(path)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup {path} (taken {manifest.created_at}) restores: integrity check ok, "
                f"row counts of {len(manifest.tables)} tables match the manifest, history chain "
                f"of {manifest.history_head['length']} events intact."
            )
        )
