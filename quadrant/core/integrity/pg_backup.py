"""PostgreSQL backups with pg_dump, restores with pg_restore piped into psql in one transaction.

The dump and the manifest's row counts read the same exported snapshot, so the manifest
describes exactly what the archive holds even while users keep writing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess  # nosec B404 - runs the PostgreSQL client tools with fixed arguments
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from quadrant.core.integrity.backup_facts import BackupError, Facts, quote, read_facts

TABLES_SQL = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed: install the PostgreSQL client tools (postgresql-client)."
        )
    return found


def client_major(version_output: str) -> int:
    """The major version in `pg_dump --version` output, e.g. 'pg_dump (PostgreSQL) 15.4' → 15."""
    match = re.search(r"PostgreSQL\)\s+(\d+)", version_output)
    if match is None:
        raise BackupError(f"Cannot read the version of the PostgreSQL client: {version_output!r}")
    return int(match.group(1))


def check_versions(client_output: str, server_version: int) -> None:
    """Refuse a pg_dump older than the server, naming both versions (server_version 150004)."""
    client, server = client_major(client_output), server_version // 10000
    if client < server:
        raise BackupError(
            f"pg_dump is version {client} but the database server is PostgreSQL {server}: "
            f"pg_dump cannot dump a newer server. Install the PostgreSQL {server} client tools "
            f"(pg_dump, pg_restore and psql) and put them first on the PATH."
        )


def environment(settings: dict[str, Any], dbname: str | None = None) -> dict[str, str]:
    """libpq variables for the client tools: the password never appears on a command line."""
    env = dict(os.environ)
    values = {
        "PGHOST": settings.get("HOST"),
        "PGPORT": settings.get("PORT"),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGDATABASE": dbname or settings.get("NAME"),
        "PGSSLMODE": settings.get("OPTIONS", {}).get("sslmode"),
    }
    env.update({key: str(value) for key, value in values.items() if value})
    return env


def _raw(connection: Any, dbname: str | None = None) -> Any:
    params = connection.get_connection_params()
    if dbname:
        params["dbname"] = dbname
    raw = connection.get_new_connection(params)
    raw.rollback()
    return raw


def _run(args: list[str], env: dict[str, str], **kwargs: Any) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False, **kwargs)  # noqa: S603  # nosec B603 - fixed tool and arguments, no shell
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {result.stderr.strip()[-2000:]}")


def backup(connection: Any, path: Path) -> Facts:
    """pg_dump -Fc of an exported snapshot; the facts come from the same snapshot."""
    pg_dump = tool("pg_dump")
    version = subprocess.run([pg_dump, "--version"], capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
    check_versions(version.stdout, connection.pg_version)
    partial = path.with_name(path.name + ".partial")
    import psycopg

    with closing(_raw(connection)) as raw:
        raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        raw.read_only = True
        with raw.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            args = [pg_dump, "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
            _run([*args, "-f", str(partial)], environment(connection.settings_dict))
            cursor.execute(TABLES_SQL)
            facts = read_facts(cursor, [row[0] for row in cursor.fetchall()])
        raw.rollback()
    os.replace(partial, path)
    return facts


def restore_into(connection: Any, path: Path, dbname: str) -> None:
    """Empty DBNAME's schema and load the archive, all in ONE transaction (all or nothing)."""
    env = environment(connection.settings_dict, dbname)
    listing = [tool("pg_restore"), "--no-owner", "--no-privileges", "-f", "-", str(path)]
    psql = [tool("psql"), "-X", "-q", "--single-transaction", "-v", "ON_ERROR_STOP=1"]
    psql += ["-c", "DROP SCHEMA IF EXISTS public CASCADE", "-c", "CREATE SCHEMA public"]
    pipe = subprocess.PIPE
    dump = subprocess.Popen(listing, env=env, stdout=pipe, stderr=pipe)  # noqa: S603  # nosec B603
    load = subprocess.Popen(  # noqa: S603  # nosec B603 - fixed tool and arguments, no shell
        [*psql, "-f", "-"], env=env, stdin=dump.stdout, stdout=pipe, stderr=pipe, text=True
    )
    assert dump.stdout is not None and dump.stderr is not None
    dump.stdout.close()  # psql alone reads the pipe, so pg_restore stops if psql fails
    _, load_errors = load.communicate()
    dump_errors = dump.stderr.read().decode()
    dump.wait()
    if dump.returncode != 0 and load.returncode == 0:
        raise BackupError(f"pg_restore cannot read {path}: {dump_errors.strip()[-2000:]}")
    if load.returncode != 0:
        raise BackupError(f"Restoring {path} failed, nothing was changed: {load_errors[-2000:]}")


def restore(connection: Any, path: Path) -> None:
    restore_into(connection, path, connection.settings_dict["NAME"])


@contextmanager
def scratch_copy(connection: Any, path: Path) -> Iterator[tuple[dict[str, Any], Facts, list[str]]]:
    """Restore PATH into a temporary database: (alias overrides, facts, integrity problems)."""
    name = f"quadrant_verify_{uuid.uuid4().hex[:12]}"
    with closing(_raw(connection)) as admin:
        admin.autocommit = True
        admin.execute(f"CREATE DATABASE {quote(name)}")
    try:
        restore_into(connection, path, name)
        with closing(_raw(connection, name)) as raw, raw.cursor() as cursor:
            cursor.execute(TABLES_SQL)
            facts = read_facts(cursor, [row[0] for row in cursor.fetchall()])
        yield {"NAME": name, "TEST": {"NAME": name}}, facts, []
    finally:
        with closing(_raw(connection)) as admin:
            admin.autocommit = True
            admin.execute(f"DROP DATABASE IF EXISTS {quote(name)} WITH (FORCE)")
