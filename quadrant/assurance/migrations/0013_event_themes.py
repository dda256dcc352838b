"""Themes of safety events: the index that covers their counts, and the nightly refresh of
the event count and rate measures (a django-q2 schedule; its names are those of
quadrant.assurance.incidents.tasks, written out so that this migration never depends on how
that module changes)."""

from django.conf import settings
from django.db import migrations, models

NAME = "Safety event measures"
TASK = "quadrant.assurance.incidents.tasks.refresh_event_measures_nightly"


def add_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.get_or_create(
        name=NAME, defaults={"func": TASK, "schedule_type": "D", "repeats": -1}
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assurance", "0012_safety_event_submission"),
        ("organisation", "0003_organisationsettings_dates_day_first"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="safetyevent",
            index=models.Index(
                fields=[
                    "occurred_on",
                    "category",
                    "org_unit",
                    "physical_harm",
                    "event_type",
                    "archived_at",
                ],
                name="safetyevent_themes_idx",
            ),
        ),
        migrations.RunPython(add_schedule, remove_schedule),
    ]
