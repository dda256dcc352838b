"""`quadrant refresh_event_measures [--unit CODE] [--today YYYY-MM-DD]`: recompute the monthly
safety event counts and rates per 1,000 bed days (for a nightly schedule)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from quadrant.assurance.incidents.services.measures import refresh_event_measures
from quadrant.core.actors import COMMAND_LINE
from quadrant.organisation.models import OrgUnit


class Command(BaseCommand):
    help = (
        "Recompute the event count and rate per 1,000 bed days measures of every unit with "
        "safety events or an occupied bed days measure (BED-DAYS-<unit code>)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", default="", help="only this unit (its code) and those below")
        parser.add_argument("--today", default="", help="count up to the month before this date")

    def handle(self, *args: Any, **options: Any) -> None:
        units = None
        if options["unit"]:
            top = OrgUnit.objects.filter(code__iexact=options["unit"]).first()
            if top is None:
                raise CommandError(f"No unit has the code {options['unit']!r}.")
            units = list(OrgUnit.objects.filter(path__startswith=top.path))
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError("--today must be a date as YYYY-MM-DD.") from error
        result = refresh_event_measures(units, actor=COMMAND_LINE, today=today)
        for outcome in result.units:
            for note in outcome.notes:
                self.stdout.write(f"  {note}")
        self.stdout.write(result.summary)
