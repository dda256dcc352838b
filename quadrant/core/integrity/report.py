"""The change history's integrity in one sentence: the keyed chain, its checkpoints and the
append-only guards, as `quadrant history verify` and the backup check report them."""

from __future__ import annotations

from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections

from quadrant.core.integrity import checkpoint as checkpoints
from quadrant.core.integrity.chain import ChainWalk
from quadrant.core.integrity.guards import missing_guards


def broken_message(walk: ChainWalk) -> str:
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
        return False, broken_message(walk)
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
