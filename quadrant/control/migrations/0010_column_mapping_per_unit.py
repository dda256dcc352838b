"""A saved column mapping belongs to one unit (it was global: one unit's mapping applied to
every other's). Existing mappings go to the unit of a feed that uses them, else to the top
of the organisation, where only trust-wide data enterers may use them."""

import django.db.models.deletion
from django.db import migrations, models


def give_each_mapping_a_unit(apps, schema_editor):
    ColumnMapping = apps.get_model("control", "ColumnMapping")
    DataSource = apps.get_model("control", "DataSource")
    OrgUnit = apps.get_model("organisation", "OrgUnit")
    top = OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()
    for mapping in ColumnMapping.objects.filter(org_unit__isnull=True):
        feed = DataSource.objects.filter(mapping=mapping).order_by("pk").first()
        unit_id = feed.org_unit_id if feed is not None else (top.pk if top else None)
        if unit_id is None:  # no organisation at all: nobody could use it
            mapping.delete()
            continue
        ColumnMapping.objects.filter(pk=mapping.pk).update(org_unit_id=unit_id)


class Migration(migrations.Migration):
    dependencies = [
        ("control", "0009_measure_code_characters"),
        ("organisation", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="columnmapping",
            name="org_unit",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="column_mappings",
                to="organisation.orgunit",
            ),
        ),
        migrations.RunPython(give_each_mapping_a_unit, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="columnmapping",
            name="org_unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="column_mappings",
                to="organisation.orgunit",
            ),
        ),
        migrations.AlterField(
            model_name="columnmapping",
            name="source",
            field=models.CharField(max_length=100),
        ),
        migrations.AddConstraint(
            model_name="columnmapping",
            constraint=models.UniqueConstraint(
                fields=("org_unit", "source"), name="columnmapping_one_per_unit_and_source"
            ),
        ),
        migrations.AddField(
            model_name="dataimport",
            name="org_unit",
            field=models.ForeignKey(
                blank=True,
                help_text="The unit whose saved column choices the import uses.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisation.orgunit",
            ),
        ),
    ]
