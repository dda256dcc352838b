"""The CQC single assessment framework shipped with Quadrant (data/cqc_saf.toml), read into
the one shape every framework is loaded from."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from quadrant.assurance.standards.definitions import (
    CategoryRow,
    FrameworkDefinition,
    GroupRow,
    StandardRow,
)
from quadrant.assurance.standards.services import LoadResult, load_framework

CQC_FILE = Path(__file__).parent / "data" / "cqc_saf.toml"
CQC_CODE = "cqc-saf"
UNCHECKED_NOTE = (
    "The wording was not checked against CQC's own page: check it before relying on it."
)


def cqc_definition(path: Path = CQC_FILE) -> FrameworkDefinition:
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    return FrameworkDefinition(
        **data["framework"],
        groups=tuple(
            GroupRow(g["code"], g["title"], order, g.get("description", ""))
            for order, g in enumerate(data["groups"], start=1)
        ),
        categories=tuple(
            CategoryRow(c["code"], c["title"], order, c.get("description", ""))
            for order, c in enumerate(data["categories"], start=1)
        ),
        standards=tuple(
            StandardRow(
                code=s["code"],
                title=s["title"],
                group_code=s["group"],
                text=s["text"],
                order=order,
                source_url=s.get("source_url", ""),
                note=UNCHECKED_NOTE if s.get("note") == "unchecked" else s.get("note", ""),
            )
            for order, s in enumerate(data["statements"], start=1)
        ),
    )


def load_cqc(*, actor: Any, path: Path = CQC_FILE) -> LoadResult:
    """Load (or bring up to date) the CQC framework from its data file."""
    return load_framework(cqc_definition(path), actor=actor, source=path.name)
