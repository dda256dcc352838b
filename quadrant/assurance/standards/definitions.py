"""A framework as read from a file, before it is loaded: the one shape that the CSV import,
the API and the shipped CQC data all hand to services.load_framework."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class GroupRow:
    code: str
    title: str
    order: int
    description: str = ""


@dataclass(frozen=True)
class StandardRow:
    code: str
    title: str
    group_code: str
    text: str = ""
    order: int = 0
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    source_url: str = ""
    note: str = ""


@dataclass(frozen=True)
class CategoryRow:
    code: str
    title: str
    order: int
    description: str = ""


@dataclass(frozen=True)
class FrameworkDefinition:
    code: str
    title: str
    kind: str
    publisher: str = ""
    source_url: str = ""
    version: str = ""
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    description: str = ""
    groups: tuple[GroupRow, ...] = ()
    standards: tuple[StandardRow, ...] = ()
    categories: tuple[CategoryRow, ...] = field(default_factory=tuple)

    def framework_fields(self) -> dict[str, object]:
        return {
            "title": self.title,
            "kind": self.kind,
            "publisher": self.publisher,
            "source_url": self.source_url,
            "framework_version": self.version,
            "effective_from": self.effective_from,
            "effective_to": self.effective_to,
            "description": self.description,
        }
