"""The national lists (LFPSE's event types and harm levels, the Never Events list) and
Quadrant's local category list, read once from the data files beside this module, which
cite their source and date."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Entry:
    code: str
    label: str
    hint: str = ""
    group: str = ""
    checked: bool = True  # False where the file marks the wording "unchecked"


@functools.cache
def _read(name: str) -> dict[str, Any]:
    return tomllib.loads((DATA / name).read_text(encoding="utf-8"))


def _entries(name: str, key: str, label: str = "label") -> tuple[Entry, ...]:
    return tuple(
        Entry(
            code=row["code"],
            label=row[label],
            hint=row.get("hint", ""),
            group=row.get("group", ""),
            checked=row.get("note", "") != "unchecked",
        )
        for row in _read(name)[key]
    )


def event_types() -> tuple[Entry, ...]:
    return _entries("lfpse.toml", "event_types")


def physical_harms() -> tuple[Entry, ...]:
    return _entries("lfpse.toml", "physical_harm")


def psychological_harms() -> tuple[Entry, ...]:
    return _entries("lfpse.toml", "psychological_harm")


def never_events() -> tuple[Entry, ...]:
    return _entries("never_events.toml", "events", label="title")


def categories() -> tuple[Entry, ...]:
    return _entries("categories.toml", "categories")


def source(name: str) -> dict[str, Any]:
    """The [source] table of a data file (publisher, title, address, date read)."""
    return dict(_read(name)["source"])


def as_choices(entries: tuple[Entry, ...]) -> list[tuple[str, str]]:
    return [(entry.code, entry.label) for entry in entries]
