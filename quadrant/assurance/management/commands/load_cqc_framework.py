"""`manage.py load_cqc_framework`: load the CQC single assessment framework shipped with
Quadrant, or bring it up to date (running it twice changes nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from quadrant.assurance.standards.cqc import CQC_FILE, load_cqc
from quadrant.core.actors import COMMAND_LINE


class Command(BaseCommand):
    help = "Load or update the CQC single assessment framework from its data file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=CQC_FILE, help="Another version of it.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_cqc(actor=COMMAND_LINE, path=options["file"])
        self.stdout.write(result.summary())
