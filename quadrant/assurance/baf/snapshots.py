"""A frozen quarter's seal and the comparison of two BAFs.

The seal is a SHA-256 digest over the quarter, its snapshot (canonical JSON: sorted keys, no
spaces) and, once signed off, who signed it and when (UTC). Every page that shows a frozen
quarter works it out again: a snapshot or a signature altered in the database no longer
matches, and the page says so in red.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any


def canonical(value: Any) -> bytes:
    """VALUE as the bytes the seal is worked out over (stable whatever the dict order)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str).encode("utf-8")  # fmt: skip


def _utc(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).isoformat() if moment is not None else None


def seal(
    quarter_start: dt.date,
    snapshot: Any,
    signed_off_by_id: int | None = None,
    signed_off_at: dt.datetime | None = None,
) -> str:
    """The SHA-256 seal (hex) of a quarter's snapshot and its sign-off."""
    sealed = {
        "quarter_start": quarter_start.isoformat(),
        "snapshot": snapshot,
        "signed_off_by": signed_off_by_id,
        "signed_off_at": _utc(signed_off_at),
    }
    return hashlib.sha256(canonical(sealed)).hexdigest()


def seal_of(quarter: Any) -> str:
    return seal(quarter.quarter_start, quarter.snapshot, quarter.signed_off_by_id,
                quarter.signed_off_at)  # fmt: skip


def seal_holds(quarter: Any) -> bool:
    """Does the stored seal still match what the quarter holds?"""
    return bool(quarter.sha256) and quarter.sha256 == seal_of(quarter)


def utc_text(moment: dt.datetime | None) -> str:
    """ "4 December 2026 at 18:30 UTC" """
    if moment is None:
        return ""
    moment = moment.astimezone(dt.UTC)
    return f"{moment.day} {moment:%B %Y} at {moment:%H:%M} UTC"


# ------------------------------------------------------------------------------ compare


@dataclass
class Move:
    reference: str
    title: str
    before: int
    after: int
    before_band: str
    after_band: str

    @property
    def change(self) -> int:
        return self.after - self.before

    @property
    def text(self) -> str:
        word = "up" if self.change > 0 else "down"
        return (
            f"{word} from {self.before} ({self.before_band.lower()}) to {self.after} "
            f"({self.after_band.lower()})"
        )


@dataclass
class Comparison:
    """What changed from an earlier BAF to a later one."""

    earlier: str
    later: str
    new: list[dict[str, Any]] = field(default_factory=list)
    closed: list[dict[str, Any]] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    appetite: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def anything(self) -> bool:
        return bool(self.new or self.closed or self.moves or self.appetite or self.evidence)


def _sources(row: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(source["kind"], source["code"]): source
            for source in [*row.get("measures", []), *row.get("audits", []),
                           *row.get("documents", [])]}  # fmt: skip


def _percent(value: Any) -> str:
    return "no signed-off runs" if value is None else f"{value:g}%"


def _evidence_changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Plain sentences of what the evidence of one risk says differently."""
    changes: list[str] = []
    name = f"{after['reference']}"
    old, new = _sources(before), _sources(after)
    for key, source in new.items():
        was = old.get(key)
        if was is None:
            changes.append(f"{name}: {source['title']} now gives assurance")
        elif source["kind"] == "measure":
            if was.get("variation") != source.get("variation"):
                changes.append(
                    f"{name}: {source['title']}: variation now "
                    f"“{source['variation_text']}” (was “{was['variation_text']}”)"
                )
            if was.get("assurance") != source.get("assurance"):
                changes.append(
                    f"{name}: {source['title']}: assurance now "
                    f"“{source['assurance_text']}” (was “{was['assurance_text']}”)"
                )
        elif source["kind"] == "document":
            if was.get("status_text") != source.get("status_text"):
                changes.append(f"{name}: {source['title']}: {source['status_text']} "
                               f"(was: {was.get('status_text', '')})")  # fmt: skip
        elif was.get("compliance") != source.get("compliance"):
            changes.append(f"{name}: {source['title']}: compliance "
                           f"{_percent(source.get('compliance'))} (was "
                           f"{_percent(was.get('compliance'))})")  # fmt: skip
    for key, source in old.items():
        if key not in new:
            changes.append(f"{name}: {source['title']} no longer gives assurance")
    events_before = before.get("events", {}).get("current")
    events_after = after.get("events", {}).get("current")
    if events_before != events_after and events_after is not None:
        changes.append(f"{name}: {events_after:,} events of its themes in the quarter "
                       f"(was {events_before or 0:,})")  # fmt: skip
    return changes


def compare(earlier: dict[str, Any], later: dict[str, Any]) -> Comparison:
    """What changed from the EARLIER BAF to the LATER one (each a live document or a
    snapshot): principal risks new and closed (or gone from the BAF), score moves, appetite
    breaches begun or ended, and evidence that says something else."""
    found = Comparison(earlier.get("quarter", ""), later.get("quarter", ""))
    old = {row["risk_id"]: row for row in earlier.get("rows", [])}
    new = {row["risk_id"]: row for row in later.get("rows", [])}
    for risk_id, row in new.items():
        was = old.get(risk_id)
        if was is None:
            found.new.append(row)
            continue
        if row.get("status") == "closed" and was.get("status") != "closed":
            found.closed.append(row)
        before, after = was["current"]["score"], row["current"]["score"]
        if before != after:
            found.moves.append(Move(row["reference"], row["title"], before, after,
                                    was["current"]["band_label"],
                                    row["current"]["band_label"]))  # fmt: skip
        if was["above_appetite"] != row["above_appetite"]:
            word = "now above" if row["above_appetite"] else "back within"
            found.appetite.append(f"{row['reference']} {row['title']}: {word} its appetite "
                                  f"of {row['appetite']}")  # fmt: skip
        changes = _evidence_changes(was, row)
        found.evidence.extend(changes)
        if before == after and not changes and was["above_appetite"] == row["above_appetite"]:
            found.unchanged += 1
    found.closed.extend(row for risk_id, row in old.items() if risk_id not in new)
    found.moves.sort(key=lambda move: -abs(move.change))
    return found
