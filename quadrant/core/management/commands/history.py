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
from django.db import DEFAULT_DB_ALIAS, connections

from quadrant.core.integrity import checkpoint as checkpoints
from quadrant.core.integrity.chain import ChainWalk
from quadrant.core.integrity.guards import missing_guards

logger = logging.getLogger("quadrant.history")


def _broken_message(walk: ChainWalk) -> str:
    broken = walk.broken
    if broken is None:  # every event is gone but the chain head still counts them
        return (
            f"History chain broken: the chain head counts more events than the {walk.checked} "
            "stored. Events were removed outside Quadrant."
        )
    if walk.head_mismatch:
        return (
            f"History chain broken after event {broken.pk} (recorded {broken.at.isoformat()}): "
            "the chain head names a later end. Events were removed outside Quadrant."
        )
    return (
        f"History chain broken at event {broken.pk} (recorded {broken.at.isoformat()}): "
        f"its hash does not follow from the {walk.checked} event(s) before it. "
        "The row was changed, removed or inserted outside Quadrant."
    )


def chain_report(
    using: str = DEFAULT_DB_ALIAS, checkpoint_file: Path | None = None
) -> tuple[bool, str]:
    """(intact?, a sentence) for the history chain, its checkpoints and guards of database USING."""
    if checkpoint_file is not None:
        try:
            anchors = checkpoints.read_file(checkpoint_file)
        except ValueError as error:
            return False, str(error)
        source = f"the checkpoint file {checkpoint_file}"
    else:
        anchors = checkpoints.stored_checkpoints(using)
        source = "the checkpoints stored in the chain"
    walk, problem = checkpoints.verify_against(anchors, using=using)
    if walk.broken is not None or walk.head_mismatch:
        return False, _broken_message(walk)
    if problem is not None:
        return False, f"History chain does not match {source}: {problem}."
    missing = missing_guards(connections[using])
    if missing:
        return False, (
            f"History chain intact ({walk.checked} events), but the append-only guards are "
            f"missing: {', '.join(missing)}. Run `quadrant migrate` to put them back."
        )
    anchored = f", matching {len(anchors)} checkpoint(s) of {source}" if anchors else ""
    return True, f"History chain intact: {walk.checked} events checked{anchored}."


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
            raise CommandError(f"No checkpoint written. {_broken_message(walk)}", returncode=1)
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
