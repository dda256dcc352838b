"""`quadrant audit verify`: prove that the audit trail has not been altered.

Walks the SHA-256 chain from the first row to the chain head and checks that the append-only
guards are in place. Prints the number of rows checked, or the first broken link (its id and
time) and exits with status 1.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from quadrant.core.audit import verify_chain
from quadrant.core.integrity.guards import missing_guards


def chain_report(using: str = DEFAULT_DB_ALIAS) -> tuple[bool, str]:
    """(intact?, a sentence) for the audit chain and guards of database USING."""
    checked, broken = verify_chain(using=using)
    if broken is not None:
        return False, (
            f"Audit chain broken at event {broken.pk} (recorded {broken.at.isoformat()}): "
            f"its hash does not follow from the {checked} event(s) before it. "
            "The row was changed, removed or inserted outside Quadrant."
        )
    missing = missing_guards(connections[using])
    if missing:
        return False, (
            f"Audit chain intact ({checked} events), but the append-only guards are missing: "
            f"{', '.join(missing)}. Run `quadrant migrate` to put them back."
        )
    return True, f"Audit chain intact: {checked} events checked."


class Command(BaseCommand):
    help = "Check the audit trail: `quadrant audit verify`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, title="subcommands")
        verify = sub.add_parser("verify", help="walk the hash chain and report the first break")
        verify.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            intact, message = chain_report(options["database"])
            if not intact:
                raise CommandError(message, returncode=1)
            self.stdout.write(self.style.SUCCESS(message))
