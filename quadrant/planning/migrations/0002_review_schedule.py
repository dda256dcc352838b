"""The daily job that reminds goal owners of due reviews (django-q2 schedule)."""

from django.db import migrations

from quadrant.planning.tasks import REMINDER_SCHEDULE, ensure_review_schedule


def add_schedule(apps, schema_editor):
    ensure_review_schedule(apps.get_model("django_q", "Schedule"))


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=REMINDER_SCHEDULE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
