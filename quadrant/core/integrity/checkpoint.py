"""Signed checkpoints of the change history's chain head, to keep outside the database.

A checkpoint names the newest event (id, position in the chain, hash) at a time and is signed
with the history key. Kept where the database cannot reach it (a write-once file, an e-mail,
the log), it pins the chain: events up to it can no longer be rewritten or cut off, even by
someone who holds the key, without verification against it failing. Each checkpoint is also
stored in the chain itself (an event "checkpoint"), which verification uses when no file is
given. See docs/security.md, section 11.
"""

from __future__ import annotations

import hmac
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone

from quadrant.core.integrity.chain import ChainWalk, keyed_digest, walk_chain

KIND = "quadrant-history-checkpoint"


@dataclass(frozen=True)
class Checkpoint:
    event_id: int
    length: int
    hash: str
    at: str
    signature: str = ""
    kind: str = KIND

    def _signed_fields(self) -> dict[str, Any]:
        fields = asdict(self)
        fields.pop("signature")
        return fields

    def signed(self) -> Checkpoint:
        return Checkpoint(
            **{**asdict(self), "signature": keyed_digest(KIND, self._signed_fields())}
        )

    def signature_is_valid(self) -> bool:
        expected = keyed_digest(KIND, self._signed_fields())
        return hmac.compare_digest(expected, self.signature)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_dict(cls, data: Any) -> Checkpoint:
        """A checkpoint from its JSON object; ValueError when it is not one."""
        if not isinstance(data, dict) or data.get("kind") != KIND:
            raise ValueError("it is not a Quadrant history checkpoint")
        try:
            return cls(
                event_id=int(data["event_id"]),
                length=int(data["length"]),
                hash=str(data["hash"]),
                at=str(data["at"]),
                signature=str(data["signature"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"a field is missing or wrong ({error})") from error


def head_checkpoint(using: str = "default") -> tuple[Checkpoint | None, ChainWalk]:
    """A signed checkpoint of the newest event of database USING, made only when the chain
    up to it verifies (None when it does not, or when there is no event yet)."""
    walk = walk_chain(using=using)
    if walk.broken is not None or walk.head_mismatch or walk.last is None:
        return None, walk
    checkpoint = Checkpoint(
        event_id=walk.last.pk,
        length=walk.checked,
        hash=walk.last.hash,
        at=timezone.now().isoformat(),
    )
    return checkpoint.signed(), walk


def store_checkpoint(checkpoint: Checkpoint) -> None:
    """Record CHECKPOINT in the chain itself (the fallback anchor when no file is given)."""
    from quadrant.core.history import write_event

    write_event(
        action="checkpoint",
        model=None,
        object_id=str(checkpoint.event_id),
        object_repr=f"Checkpoint at event {checkpoint.event_id}",
        changes=json.loads(checkpoint.to_json()),
        summary=f"Checkpoint of the change history at event {checkpoint.event_id}",
    )


def append_to_file(checkpoint: Checkpoint, path: Path) -> None:
    """Append one JSON line to PATH (append-only: write-once storage keeps every line)."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(checkpoint.to_json() + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def read_file(path: Path) -> list[Checkpoint]:
    """Every checkpoint in PATH, one JSON object a line; ValueError naming the line at fault."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ValueError(
            f"The checkpoint file {path} cannot be read ({error.strerror})."
        ) from error
    checkpoints = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            checkpoints.append(Checkpoint.from_dict(json.loads(line)))
        except ValueError as error:  # json.JSONDecodeError is a ValueError
            raise ValueError(f"Line {number} of {path} is not a checkpoint: {error}.") from error
    if not checkpoints:
        raise ValueError(f"The checkpoint file {path} holds no checkpoint.")
    return checkpoints


def stored_checkpoints(using: str = "default") -> list[Checkpoint]:
    """The checkpoints recorded in the chain (unreadable ones are reported by their check)."""
    from quadrant.core.models import HistoryEvent

    found = []
    for changes in (
        HistoryEvent.objects.using(using)
        .filter(action="checkpoint")
        .values_list("changes", flat=True)
    ):
        try:
            found.append(Checkpoint.from_dict(changes))
        except ValueError:
            found.append(Checkpoint(event_id=0, length=0, hash="", at="", signature=""))
    return found


def problem_with(checkpoint: Checkpoint, walk: ChainWalk) -> str | None:
    """Why the chain does not match CHECKPOINT (a sentence), or None when it does."""
    if not checkpoint.signature_is_valid():
        return (
            f"the checkpoint of event {checkpoint.event_id} is not signed with this history "
            "key: it was altered, or QUADRANT_HISTORY_KEY is not the key that signed it"
        )
    seen = walk.watched.get(checkpoint.event_id)
    if seen is None:
        return (
            f"event {checkpoint.event_id}, checkpointed at {checkpoint.at}, is no longer in the "
            f"chain ({walk.checked} events now): the history was cut back or rewritten"
        )
    position, hash_now = seen
    if position != checkpoint.length or not hmac.compare_digest(hash_now, checkpoint.hash):
        return (
            f"event {checkpoint.event_id} differs from its checkpoint of {checkpoint.at} "
            f"(position {position}, checkpointed as {checkpoint.length}): the events up to it "
            "were rewritten"
        )
    return None


def verify_against(
    checkpoints: Iterable[Checkpoint], using: str = "default"
) -> tuple[ChainWalk, str | None]:
    """Walk the chain watching every checkpointed event; (walk, first problem or None)."""
    checkpoints = list(checkpoints)
    walk = walk_chain(using=using, watch=[c.event_id for c in checkpoints])
    if walk.broken is not None or walk.head_mismatch:
        return walk, None
    for checkpoint in checkpoints:
        problem = problem_with(checkpoint, walk)
        if problem is not None:
            return walk, problem
    return walk, None
