"""SQLite backups through the online backup API: a consistent copy while writers go on."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from quadrant.core.integrity.backup_facts import Facts, read_facts


def _tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [row[0] for row in rows]


def facts_of(db: sqlite3.Connection) -> Facts:
    with closing(db.cursor()) as cursor:
        return read_facts(cursor, _tables(db))


def _copy(source: str | Path, target: str | Path) -> None:
    """Copy SOURCE into TARGET in one step (one read transaction: a single point in time)."""
    with (
        closing(sqlite3.connect(source, timeout=30)) as src,
        closing(sqlite3.connect(target, timeout=30)) as dst,
    ):
        src.backup(dst)


def backup(connection: Any, path: Path) -> Facts:
    """Back up the live database to PATH; the facts are read from the copy itself."""
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    _copy(connection.settings_dict["NAME"], partial)
    with closing(sqlite3.connect(partial)) as copy:
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        facts = facts_of(copy)
    os.replace(partial, path)
    return facts


def restore(connection: Any, path: Path) -> None:
    """Replace the live database's content with the backup, page by page, in one step."""
    _copy(path, connection.settings_dict["NAME"])
    with closing(sqlite3.connect(connection.settings_dict["NAME"])) as db:
        db.execute("PRAGMA journal_mode=WAL")


@contextmanager
def scratch_copy(connection: Any, path: Path) -> Iterator[tuple[dict[str, Any], Facts, list[str]]]:
    """Restore PATH into a temporary file: (alias overrides, facts, integrity problems)."""
    with tempfile.TemporaryDirectory(prefix="quadrant-verify-") as folder:
        scratch = Path(folder) / "restored.sqlite3"
        _copy(path, scratch)
        with closing(sqlite3.connect(scratch)) as db:
            result = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
            facts = facts_of(db)
        problems = [] if result == ["ok"] else [f"SQLite integrity check: {'; '.join(result)}"]
        yield {"NAME": str(scratch), "TEST": {"NAME": str(scratch)}}, facts, problems
