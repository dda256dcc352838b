"""Backups that are consistent while users keep writing, and proof that they restore.

A backup is two files: the database copy at PATH (an SQLite file, or a `pg_dump -Fc` archive)
and the manifest at PATH.json (when it was taken, row counts per table, the history chain head
and the SHA-256 of the copy). `verify_backup` restores the copy into a throw-away database
and checks it against the manifest, including the whole history chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

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


@contextmanager
def temporary_alias(base: str, **overrides: Any) -> Iterator[str]:
    """A Django database alias like BASE but with OVERRIDES (e.g. another NAME), then removed.

    The connection is registered for this thread only and never added to settings.DATABASES.
    """
    from django.db.utils import load_backend

    alias = f"backup_check_{uuid.uuid4().hex[:8]}"
    settings_dict = {**connections[base].settings_dict, **overrides}
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    connections[alias] = wrapper
    try:
        yield alias
    finally:
        wrapper.close()
        del connections[alias]


def _engine(using: str) -> Any:
    vendor = connections[using].vendor
    if vendor == "sqlite":
        from quadrant.core.integrity import sqlite_backup

        return sqlite_backup
    if vendor == "postgresql":
        from quadrant.core.integrity import pg_backup

        return pg_backup
    raise BackupError(f"Backups are not supported on {vendor} databases.")


def take_backup(path: Path, using: str = DEFAULT_DB_ALIAS) -> Manifest:
    """Copy database USING to PATH (consistent while writes go on) and write PATH.json."""
    path.parent.mkdir(parents=True, exist_ok=True)
    facts = _engine(using).backup(connections[using], path)
    manifest = Manifest(
        vendor=connections[using].vendor, tables=facts.tables, history_head=facts.history_head
    )
    manifest.write(path)
    return manifest


def check_file(path: Path, using: str = DEFAULT_DB_ALIAS) -> Manifest:
    """Read the manifest of PATH and check that the file is the one it describes."""
    manifest = Manifest.read(path)
    vendor = connections[using].vendor
    if manifest.vendor != vendor:
        raise BackupError(f"{path} is a {manifest.vendor} backup; this Quadrant runs on {vendor}.")
    if file_sha256(path) != manifest.sha256:
        raise BackupError(f"{path} does not match its manifest: the file is damaged or altered.")
    return manifest


def restore_backup(path: Path, using: str = DEFAULT_DB_ALIAS) -> Manifest:
    """Replace every row of database USING with the backup at PATH."""
    manifest = check_file(path, using)
    connections[using].close()
    _engine(using).restore(connections[using], path)
    return manifest


def verify_backup(path: Path, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Restore PATH into a throw-away database and check it. Returns the problems found."""
    from quadrant.core.management.commands.history import chain_report

    manifest = check_file(path, using)
    problems: list[str] = []
    with _engine(using).scratch_copy(connections[using], path) as (overrides, facts, integrity):
        problems.extend(integrity)
        for table, expected in sorted(manifest.tables.items()):
            found = facts.tables.get(table)
            if found != expected:
                problems.append(f"Table {table}: {found} rows restored, manifest says {expected}.")
        if facts.history_head != manifest.history_head:
            problems.append("The history chain head differs from the manifest.")
        with temporary_alias(using, **overrides) as alias:
            intact, message = chain_report(alias)
            if not intact:
                problems.append(message)
    return problems
