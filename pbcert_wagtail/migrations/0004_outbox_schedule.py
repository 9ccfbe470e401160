"""The django-q2 schedule that sweeps the outbox every minute (retries, stuck rows)."""

from django.db import migrations

NAME = "pbcert: send due emails"


def create(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=NAME,
        defaults={
            "func": "pbcert_wagtail.tasks.send_due_messages",
            "schedule_type": "I",
            "minutes": 1,
            "repeats": -1,
        },
    )


def remove(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("pbcert", "0003_municipalities"), ("django_q", "0018_task_success_index")]
    operations = [migrations.RunPython(create, remove)]
