"""Ship the IOM six aims (in use) and the CQC key questions, guiding questions and a glossary."""

from django.db import migrations

from quadrant.language.defaults import install_defaults


def add_defaults(apps, schema_editor):
    install_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [("language", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
