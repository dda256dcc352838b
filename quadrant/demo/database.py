"""Rebuild the whole database for `quadrant demo --reset` (never row by row: history rows stay
append-only; the database itself is replaced)."""

from __future__ import annotations

from pathlib import Path

from django.db import connection


def wipe_database() -> str:
    """Delete the SQLite file (with its -wal and -shm) or recreate PostgreSQL's `public` schema.

    Returns a sentence saying what was done.
    """
    vendor = connection.vendor
    if vendor == "sqlite":
        name = Path(str(connection.settings_dict["NAME"]))
        connection.close()
        removed = 0
        for suffix in ("", "-wal", "-shm", "-journal"):
            target = name.with_name(name.name + suffix)
            if target.exists():
                target.unlink()
                removed += 1
        return f"Deleted the SQLite database {name}" if removed else f"No database at {name} yet"
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        connection.close()
        database = connection.settings_dict["NAME"]
        return f"Dropped and recreated the schema public of the database {database}"
    raise RuntimeError(f"--reset does not know how to rebuild a {vendor} database")
