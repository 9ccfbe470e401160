"""An hourly django-q2 schedule that tells subscribers when a call opens."""

from django.db import migrations

NAME = "pbcert: tell subscribers a call is open"


def create(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name=NAME,
        defaults={
            "func": "pbcert_wagtail.subscriptions.notify_open_call",
            "schedule_type": "H",
            "repeats": -1,
        },
    )


def remove(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("pbcert", "0008_subscriptions"), ("django_q", "0018_task_success_index")]
    operations = [migrations.RunPython(create, remove)]
