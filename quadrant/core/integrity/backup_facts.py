"""What a backup is made of and checked against: its manifest, and the facts (row counts, the
history chain head) read from a database or from a restored copy."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "quadrant-backup/1"


class BackupError(Exception):
    """A backup could not be made, read or restored; the message says why."""


@dataclass
class Manifest:
    """What a backup holds, written next to it as PATH.json."""

    vendor: str
    tables: dict[str, int]
    history_head: dict[str, Any]
    sha256: str = ""
    created_at: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat())
    format: str = FORMAT

    @staticmethod
    def path_for(path: Path) -> Path:
        return path.with_name(path.name + ".json")

    def write(self, path: Path) -> None:
        self.sha256 = file_sha256(path)
        text = json.dumps(asdict(self), indent=2, sort_keys=True)
        self.path_for(path).write_text(text + "\n", encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> Manifest:
        manifest_path = cls.path_for(path)
        if not path.is_file():
            raise BackupError(f"There is no backup file at {path}.")
        try:
            data = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise BackupError(f"The manifest {manifest_path} cannot be read ({exc}).") from exc
        if "audit_head" in data:  # a manifest written before the history was renamed
            data.setdefault("history_head", data.pop("audit_head"))
        if data.get("format") != FORMAT:
            raise BackupError(f"{manifest_path} is not a Quadrant backup manifest.")
        return cls(**{key: data[key] for key in cls.__dataclass_fields__ if key in data})


@dataclass
class Facts:
    """Row counts and the history chain head, read from one consistent view of a database."""

    tables: dict[str, int]
    history_head: dict[str, Any]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def read_facts(cursor: Any, table_names: list[str]) -> Facts:
    """Count the rows of every table and read the history chain head, through CURSOR."""
    tables: dict[str, int] = {}
    for name in sorted(table_names):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(name)}")  # noqa: S608  # nosec B608 - introspected table name, quoted
        tables[name] = int(cursor.fetchone()[0])
    head: dict[str, Any] = {"hash": None, "length": 0}
    if "core_historychainhead" in tables:
        cursor.execute("SELECT last_hash, length FROM core_historychainhead WHERE id = 1")
        row = cursor.fetchone()
        if row:
            head = {"hash": row[0], "length": int(row[1])}
    return Facts(tables=tables, history_head=head)
