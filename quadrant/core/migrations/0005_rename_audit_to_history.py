"""The change history is called "history", not "audit", so that "audit" can mean a clinical
audit: AuditEvent becomes HistoryEvent and AuditChainHead becomes HistoryChainHead.

The append-only triggers are named after their table, so they are dropped under the old
table name, the tables renamed, and the triggers created again under the new one, all in this
migration's transaction. No row changes, so the hash chain is untouched.
"""

from django.db import migrations


def _guards(change: str, tables: str):
    """A step that installs or removes (CHANGE) the guards of the tables under their names
    "before" or "after" (TABLES) this migration."""

    def step(apps, schema_editor):
        from quadrant.core.integrity import guards

        connection = schema_editor.connection
        if connection.vendor not in {"sqlite", "postgresql"}:
            return
        names = guards.TABLES_BEFORE_0005 if tables == "before" else guards.GUARDED_TABLES
        (guards.install_guards if change == "install" else guards.remove_guards)(connection, names)

    return step


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0004_keyed_history_chain"),
    ]

    operations = [
        migrations.RunPython(_guards("remove", "before"), _guards("install", "before")),
        migrations.RenameModel("AuditEvent", "HistoryEvent"),
        migrations.RenameModel("AuditChainHead", "HistoryChainHead"),
        migrations.AlterModelOptions(
            name="historychainhead", options={"verbose_name": "history chain head"}
        ),
        migrations.RenameIndex(
            model_name="historyevent", new_name="history_object_idx", old_name="audit_object_idx"
        ),
        migrations.RunPython(_guards("install", "after"), _guards("remove", "after")),
    ]
