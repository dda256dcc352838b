"""The free-text domain, now linked to a QualityDomain by 0005."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("control", "0005_measure_domain_link")]

    operations = [migrations.RemoveField(model_name="measure", name="domain_text")]
