"""The three roles as groups, each with exactly the permissions it needs.

Object-level rules (which application an expert may see…) live in permissions.py.
`create_permissions` runs first: on a fresh database the permissions of our models
do not exist yet when this migration runs.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Programme staff": {
        "wagtailadmin": ["access_admin"],
        "pbcert": [
            "view_application",
            "change_application",
            "confirm_application",
            "view_outboxmessage",
            "change_outboxmessage",
            "add_municipality",
            "change_municipality",
            "view_municipality",
            "add_certificationcall",
            "change_certificationcall",
            "view_certificationcall",
            "add_questionnairedefinition",
            "change_questionnairedefinition",
            "view_questionnairedefinition",
            "add_criterion",
            "change_criterion",
            "view_criterion",
            "add_faqentry",
            "change_faqentry",
            "delete_faqentry",
            "view_faqentry",
            "add_faqtopic",
            "change_faqtopic",
            "view_faqtopic",
            "add_reviewassignment",
            "change_reviewassignment",
            "view_reviewassignment",
            "view_expertreview",
        ],
    },
    "Experts": {
        "wagtailadmin": ["access_admin"],
        "pbcert": ["review_assigned"],
    },
    "Consortium members": {
        "wagtailadmin": ["access_admin"],
        "pbcert": ["view_application", "view_expertreview"],
    },
}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, by_app in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for app_label, codenames in by_app.items():
            found = list(
                Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )
            missing = set(codenames) - {p.codename for p in found}
            if missing:
                raise RuntimeError(f"Permissions missing for {name}: {sorted(missing)}")
            wanted += found
        group.permissions.set(wanted)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pbcert", "0010_reviews"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
