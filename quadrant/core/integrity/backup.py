"""Backups that are consistent while users keep writing, and proof that they restore.

A backup is two files: the database copy at PATH (an SQLite file, or a `pg_dump -Fc` archive)
and the manifest at PATH.json (when it was taken, row counts per table, the history chain head
and the SHA-256 of the copy). `verify_backup` restores the copy into a throw-away database
and checks it against the manifest, including the whole history chain.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

from quadrant.core.integrity import pg_backup, sqlite_backup
from quadrant.core.integrity.backup_facts import BackupError, Manifest, file_sha256
from quadrant.core.integrity.report import chain_report


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


ENGINES: dict[str, ModuleType] = {"sqlite": sqlite_backup, "postgresql": pg_backup}


def _engine(using: str) -> ModuleType:
    vendor = connections[using].vendor
    if vendor in ENGINES:
        return ENGINES[vendor]
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
