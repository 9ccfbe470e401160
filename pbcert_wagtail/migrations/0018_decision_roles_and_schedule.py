"""Who records decisions (staff and consortium members), and the daily publication schedule."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

NAME = "pbcert: publish results on the results date"


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(
        content_type__app_label="pbcert", codename="record_decision"
    )
    view = Permission.objects.get(
        content_type__app_label="pbcert", codename="view_consortiumdecision"
    )
    for name in ("Programme staff", "Consortium members"):
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.add(permission, view)
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name=NAME,
        defaults={
            "func": "pbcert_wagtail.publication.publish_due_results",
            "schedule_type": "H",
            "repeats": -1,
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pbcert", "0017_decisions"),
        ("pbcert", "0011_roles"),
        ("django_q", "0018_task_success_index"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
