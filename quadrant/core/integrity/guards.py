"""Database triggers that make the change history and the security log append-only.

The guards live in the database itself, so that neither a bug nor a hand-typed SQL statement
can change or remove a logged row: UPDATE and DELETE are refused on SQLite and PostgreSQL, and
TRUNCATE as well on PostgreSQL. Only a whole new database (a restore, a demo reset, the test
suite's rebuild) replaces the rows.

install_guards() is idempotent: migration 0003 calls it, and so does every post_migrate, since
SQLite drops a table's triggers when a later migration rebuilds that table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings

GUARDED_TABLES = ("core_historyevent", "core_securityevent")
# The tables' names before core migration 0005 renamed the change history; the migrations
# before it install and lift the guards under these names.
TABLES_BEFORE_0005 = ("core_auditevent", "core_securityevent")
PG_FUNCTION = "quadrant_refuse_log_change"


def _sqlite_triggers(table: str) -> dict[str, str]:
    message = f"{table} is append-only: logged rows cannot be changed or deleted"
    return {
        f"{table}_no_{verb.lower()}": (
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )
        for verb in ("UPDATE", "DELETE")
    }


def _pg_triggers(table: str) -> dict[str, str]:
    return {
        f"{table}_append_only": (
            f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()"
        ),
        f"{table}_no_truncate": (
            f"CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()"
        ),
    }


PG_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused (logged rows cannot be changed or deleted)',
        TG_TABLE_NAME, TG_OP USING ERRCODE = 'integrity_constraint_violation';
END
$$
"""


def expected_triggers(vendor: str, tables: Sequence[str] = GUARDED_TABLES) -> dict[str, str]:
    """Trigger name → CREATE statement for every guard of TABLES on this database vendor."""
    build = {"sqlite": _sqlite_triggers, "postgresql": _pg_triggers}.get(vendor)
    if build is None:
        return {}
    triggers: dict[str, str] = {}
    for table in tables:
        triggers.update(build(table))
    return triggers


def _existing_tables(connection: Any) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def install_guards(connection: Any, guarded: Sequence[str] = GUARDED_TABLES) -> None:
    """Create (or re-create) the append-only triggers on every GUARDED table that exists."""
    tables = _existing_tables(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION_SQL)
        for name, sql in expected_triggers(connection.vendor, guarded).items():
            if any(name.startswith(f"{table}_") for table in tables):
                cursor.execute(sql)


def remove_guards(connection: Any, guarded: Sequence[str] = GUARDED_TABLES) -> None:
    """Drop the append-only triggers of GUARDED tables (used only by migrations and by the test
    flush)."""
    tables = _existing_tables(connection)
    with connection.cursor() as cursor:
        for name in expected_triggers(connection.vendor, guarded):
            table = next((t for t in guarded if name.startswith(f"{t}_")), "")
            if table not in tables:
                continue
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def installed_triggers(connection: Any) -> set[str]:
    """Names of the append-only triggers present in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND c.relname = ANY(%s) "
                "AND pg_table_is_visible(c.oid)",
                [list(GUARDED_TABLES)],
            )
        else:
            return set()
        return {row[0] for row in cursor.fetchall()}


def missing_guards(connection: Any) -> list[str]:
    """The append-only triggers that should exist but do not (empty when all is well)."""
    present = installed_triggers(connection)
    return sorted(set(expected_triggers(connection.vendor)) - present)


@contextmanager
def guards_lifted_for_test_flush(connection: Any) -> Iterator[None]:
    """Lift the guards for the test suite's flush between transactional tests, then restore them.

    Only under QUADRANT_ENV=test: Django empties every table after a transactional test (the
    live-server browser tests, the concurrency tests), and the test database is throw-away.
    The caller runs this inside one transaction, so no other connection ever sees the tables
    unguarded. Anywhere else the guards stay and a flush is refused by the database.
    """
    if not settings.TESTING:
        raise RuntimeError("The history guards are lifted only for the test suite's flush.")
    remove_guards(connection)
    try:
        yield
    finally:
        install_guards(connection)


def reinstall_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """post_migrate: put back any guard that a table rebuild (SQLite) has dropped."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor in {"sqlite", "postgresql"} and missing_guards(connection):
        install_guards(connection)
