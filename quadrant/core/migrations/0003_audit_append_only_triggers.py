"""Append-only audit trail and security log, enforced by database triggers.

SQLite: BEFORE UPDATE / BEFORE DELETE triggers that RAISE(ABORT).
PostgreSQL (14 or later): a row trigger refusing UPDATE and DELETE and a statement trigger
refusing TRUNCATE. See quadrant.core.integrity.guards.
"""

from django.db import migrations


def install(apps, schema_editor):
    from quadrant.core.integrity.guards import TABLES_BEFORE_0005, install_guards

    if schema_editor.connection.vendor in {"sqlite", "postgresql"}:
        install_guards(schema_editor.connection, TABLES_BEFORE_0005)


def remove(apps, schema_editor):
    from quadrant.core.integrity.guards import TABLES_BEFORE_0005, remove_guards

    if schema_editor.connection.vendor in {"sqlite", "postgresql"}:
        remove_guards(schema_editor.connection, TABLES_BEFORE_0005)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]

    operations = [migrations.RunPython(install, remove, elidable=False)]
