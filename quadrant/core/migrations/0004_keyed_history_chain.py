"""Key the change history's hash chain (HMAC-SHA256 under QUADRANT_HISTORY_KEY).

The events already stored are re-chained here, once: the old unkeyed SHA-256 chain is checked
first (the migration stops, naming the event, when it is broken: re-chaining would launder
the tampering), then every link is recomputed with the key, inside this migration's
transaction, with the append-only guards lifted only for that transaction. Afterwards there is
one scheme only, so verification can never be talked into accepting an unkeyed link.
On the way, secrets that the old queryset update, bulk update and delete paths wrote into
events (password hashes, token digests, TOTP secrets) are replaced by their placeholder.
Adds the "checkpoint" action, the signed anchors of `quadrant audit checkpoint`.
"""

from django.db import migrations, models

BATCH = 2000
# The models and guarded tables as this migration knows them (migration 0005 renames them).
NAMES_AT_0004 = ("AuditEvent", "AuditChainHead", "before 0005")


def rechain(apps, schema_editor, *, to_keyed: bool, names=NAMES_AT_0004):
    """Re-link every event of the chain (NAMES: event model, head model, which table names)."""
    from quadrant.core.history import scrub_secrets
    from quadrant.core.integrity import chain
    from quadrant.core.integrity.guards import (
        GUARDED_TABLES,
        TABLES_BEFORE_0005,
        install_guards,
        remove_guards,
    )

    AuditEvent = apps.get_model("core", names[0])
    AuditChainHead = apps.get_model("core", names[1])
    tables = TABLES_BEFORE_0005 if names[2] == "before 0005" else GUARDED_TABLES
    connection = schema_editor.connection
    events = AuditEvent.objects.using(connection.alias)
    if not events.exists():
        return
    old_link, new_link = (
        (chain.legacy_event_hash, chain.event_hash)
        if to_keyed
        else (chain.event_hash, chain.legacy_event_hash)
    )
    models = _models_by_content_type(apps, connection.alias)
    guarded = connection.vendor in {"sqlite", "postgresql"}
    if guarded:
        remove_guards(connection, tables)
    old_previous = new_previous = chain.GENESIS_HASH
    last_id = 0
    while True:
        batch = list(events.filter(id__gt=last_id).order_by("id")[:BATCH])
        if not batch:
            break
        for event in batch:
            # A data migration that ran earlier in this same run may already have keyed it.
            links = {old_link(old_previous, event), new_link(old_previous, event)}
            if event.prev_hash != old_previous or event.hash not in links:
                raise RuntimeError(
                    f"The change history is broken at event {event.pk} (recorded "
                    f"{event.at.isoformat()}), so it is not re-chained: run `quadrant audit "
                    "verify` on the old version and restore the last good backup."
                )
            old_previous = event.hash
            model = models.get(event.content_type_id)
            changes = scrub_secrets(model, event.changes) if to_keyed and model else event.changes
            update = {} if changes == event.changes else {"changes": changes}
            event.changes, event.prev_hash = changes, new_previous
            new_previous = new_link(new_previous, event)
            update.update(prev_hash=event.prev_hash, hash=new_previous)
            events.filter(pk=event.pk).update(**update)
        last_id = batch[-1].id
    AuditChainHead.objects.using(connection.alias).filter(pk=1).update(last_hash=new_previous)
    if guarded:
        install_guards(connection, tables)


def _models_by_content_type(apps, alias):
    """Content type id → live model (whose audit_secret_fields the migration state lacks)."""
    from django.apps import apps as live_apps

    found = {}
    ContentType = apps.get_model("contenttypes", "ContentType")
    for pk, app_label, name in ContentType.objects.using(alias).values_list(
        "pk", "app_label", "model"
    ):
        try:
            found[pk] = live_apps.get_model(app_label, name)
        except LookupError:
            continue
    return found


def key_the_chain(apps, schema_editor):
    rechain(apps, schema_editor, to_keyed=True)


def unkey_the_chain(apps, schema_editor):
    rechain(apps, schema_editor, to_keyed=False)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_append_only_triggers")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "Created"),
                    ("update", "Updated"),
                    ("archive", "Archived"),
                    ("restore", "Restored"),
                    ("delete", "Deleted"),
                    ("bulk_create", "Bulk created"),
                    ("bulk_update", "Bulk updated"),
                    ("bulk_delete", "Bulk deleted"),
                    ("bulk", "Bulk load"),
                    ("checkpoint", "Checkpoint"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(key_the_chain, unkey_the_chain, elidable=False),
    ]
