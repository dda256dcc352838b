"""`quadrant history verify` and `quadrant history checkpoint` (also `quadrant history ...`).

verify walks the keyed hash chain from the first event to the chain head, checks it against
the checkpoints (those of --checkpoint FILE, else the ones stored in the chain) and checks that
the append-only guards are in place. It prints the number of events checked, or what is wrong
(the first broken link: its id and time) and exits with status 1.

checkpoint verifies the chain, then signs its head (event id, position, hash, time) with the
history key, prints it, logs it, stores it in the chain and, when asked, appends it to a file
(keep it on write-once storage) and e-mails it. See docs/operations.md.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from quadrant.core.integrity import checkpoint as checkpoints
from quadrant.core.integrity.report import broken_message, chain_report

logger = logging.getLogger("quadrant.history")


class Command(BaseCommand):
    help = "Check and anchor the change history: `quadrant history verify|checkpoint`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, title="subcommands")
        verify = sub.add_parser("verify", help="walk the keyed chain and report the first break")
        verify.add_argument("--database", default=DEFAULT_DB_ALIAS)
        verify.add_argument(
            "--checkpoint",
            type=Path,
            metavar="FILE",
            help="check against every checkpoint in FILE (default: those stored in the chain)",
        )
        anchor = sub.add_parser("checkpoint", help="sign the chain head and keep it outside")
        anchor.add_argument("--database", default=DEFAULT_DB_ALIAS)
        anchor.add_argument(
            "--output", type=Path, metavar="FILE", help="append the checkpoint to FILE"
        )
        anchor.add_argument(
            "--email", action="append", default=[], metavar="ADDRESS", help="e-mail it"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            intact, message = chain_report(options["database"], options["checkpoint"])
            if not intact:
                raise CommandError(message, returncode=1)
            self.stdout.write(self.style.SUCCESS(message))
        elif options["subcommand"] == "checkpoint":
            self._checkpoint(options["database"], options["output"], options["email"])

    def _checkpoint(self, using: str, output: Path | None, emails: list[str]) -> None:
        anchor, walk = checkpoints.head_checkpoint(using)
        if anchor is None:
            if walk.last is None and walk.broken is None and not walk.head_mismatch:
                raise CommandError("There is no event in the change history to checkpoint yet.")
            raise CommandError(f"No checkpoint written. {broken_message(walk)}", returncode=1)
        line = anchor.to_json()
        if output is not None:
            try:
                checkpoints.append_to_file(anchor, output)
            except OSError as error:
                raise CommandError(
                    f"The checkpoint cannot be written to {output} ({error.strerror})."
                ) from error
        checkpoints.store_checkpoint(anchor)
        logger.info("history checkpoint %s", line)
        if emails:
            send_mail(
                f"Quadrant history checkpoint at event {anchor.event_id}",
                "Keep this message: `quadrant history verify --checkpoint FILE` checks the "
                f"change history against it (save the line below in FILE).\n\n{line}\n",
                None,
                emails,
            )
        self.stdout.write(line)
