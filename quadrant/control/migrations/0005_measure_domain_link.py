"""Measure.domain becomes a link to a QualityDomain of the shared language.

The old free-text values are matched, ignoring case and surrounding spaces, to the name (or the
code) of a domain of the set in use. Nothing is created: a text that matches no domain leaves
the measure without one, and the migration lists those texts so that someone can set them.
The text column is dropped by the next migration (on PostgreSQL a table cannot be altered in
the transaction that updated its rows while the new foreign key's checks are still pending).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def domain_ids_by_text(
    texts: Iterable[str], domains: Iterable[tuple[int, str, str]]
) -> dict[str, int]:
    """Each text → the id of the domain whose name or code it names (case-insensitive).

    DOMAINS are (id, name, code) of the set in use; a name wins over another domain's code.
    Texts that match nothing are left out."""
    by_name: dict[str, int] = {}
    by_code: dict[str, int] = {}
    for pk, name, code in domains:
        by_name.setdefault(name.strip().casefold(), pk)
        by_code.setdefault(code.strip().casefold(), pk)
    found = {}
    for text in texts:
        key = (text or "").strip().casefold()
        pk = by_name.get(key) or by_code.get(key)
        if key and pk is not None:
            found[text] = pk
    return found


def link_domains(apps: Any, schema_editor: Any) -> None:
    measure_model = apps.get_model("control", "Measure")
    domain_model = apps.get_model("language", "QualityDomain")
    alias = schema_editor.connection.alias
    domains = domain_model.objects.using(alias).filter(
        domain_set__is_active=True,
        domain_set__archived_at__isnull=True,
        archived_at__isnull=True,
    )
    texts = Counter(
        measure_model.objects.using(alias)
        .exclude(domain_text="")
        .values_list("domain_text", flat=True)
    )
    if not texts:
        return
    mapping = domain_ids_by_text(texts, domains.values_list("pk", "name", "code"))
    for text, pk in mapping.items():
        measure_model.objects.using(alias).filter(domain_text=text).update(domain_id=pk)
    unmatched = {text: n for text, n in texts.items() if text not in mapping}
    if unmatched:
        listed = ", ".join(f"“{text}” ({n})" for text, n in sorted(unmatched.items()))
        print(
            f"\n  Measures whose domain matched no domain of the set in use (left without a "
            f"domain): {listed}"
        )


def unlink_domains(apps: Any, schema_editor: Any) -> None:
    """Backwards: the linked domain's name back into the text field."""
    measure_model = apps.get_model("control", "Measure")
    alias = schema_editor.connection.alias
    linked = measure_model.objects.using(alias).filter(domain__isnull=False)
    for pk, name in linked.values_list("pk", "domain__name"):
        measure_model.objects.using(alias).filter(pk=pk).update(domain_text=name[:60])


class Migration(migrations.Migration):
    dependencies = [
        ("control", "0004_data_sources"),
        ("language", "0002_defaults"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="measure", name="measure_domain_idx"),
        migrations.RenameField(model_name="measure", old_name="domain", new_name="domain_text"),
        migrations.AddField(
            model_name="measure",
            name="domain",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="measures",
                to="language.qualitydomain",
                verbose_name="quality domain",
            ),
        ),
        migrations.RunPython(link_domains, unlink_domains),
    ]
