"""The roles, as groups with exactly the model permissions each needs, declared here and
synced after every `migrate`: a new model's permissions need no data migration.

The groups' permissions follow this table: rights added by hand in the Groups screen
are reset on the next migrate (make another group for them). Object-level rules
(which application an expert may see…) live in permissions.py.
"""

import logging

logger = logging.getLogger(__name__)

STAFF = "Programme staff"
EXPERTS = "Experts"
CONSORTIUM = "Consortium members"

ROLES = {
    STAFF: [
        "wagtailadmin.access_admin",
        "pbcert.view_application",
        "pbcert.change_application",
        "pbcert.confirm_application",
        "pbcert.view_outboxmessage",
        "pbcert.change_outboxmessage",
        "pbcert.add_municipality",
        "pbcert.change_municipality",
        "pbcert.view_municipality",
        "pbcert.add_certificationcall",
        "pbcert.change_certificationcall",
        "pbcert.view_certificationcall",
        "pbcert.add_questionnairedefinition",
        "pbcert.change_questionnairedefinition",
        "pbcert.view_questionnairedefinition",
        "pbcert.add_criterion",
        "pbcert.change_criterion",
        "pbcert.view_criterion",
        "pbcert.add_faqentry",
        "pbcert.change_faqentry",
        "pbcert.delete_faqentry",
        "pbcert.view_faqentry",
        "pbcert.add_faqtopic",
        "pbcert.change_faqtopic",
        "pbcert.view_faqtopic",
        "pbcert.add_reviewassignment",
        "pbcert.change_reviewassignment",
        "pbcert.view_reviewassignment",
        "pbcert.view_expertreview",
        "pbcert.record_decision",
        "pbcert.view_consortiumdecision",
    ],
    EXPERTS: ["wagtailadmin.access_admin", "pbcert.review_assigned"],
    CONSORTIUM: [
        "wagtailadmin.access_admin",
        "pbcert.view_application",
        "pbcert.view_expertreview",
        "pbcert.record_decision",
        "pbcert.view_consortiumdecision",
    ],
}


def sync_roles(using="default", **kwargs):
    """Create the groups and set their permissions (a post_migrate receiver)."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from .schedules import tables_exist

    if not tables_exist(using, Group, Permission, ContentType):
        return  # a partial migrate: the next full one syncs
    # Auth's own post_migrate receiver makes each app's permissions, in the order of
    # INSTALLED_APPS: some named here may not exist yet (after a flush, say).
    for label in {perm.split(".", 1)[0] for perms in ROLES.values() for perm in perms}:
        create_permissions(apps.get_app_config(label), verbosity=0, using=using)
    permissions = Permission.objects.using(using).select_related("content_type")
    for name, wanted in ROLES.items():
        found = {
            f"{p.content_type.app_label}.{p.codename}": p
            for p in permissions.filter(codename__in=[perm.split(".", 1)[1] for perm in wanted])
        }
        missing = set(wanted) - set(found)
        if missing:
            logger.warning("Role %s: permissions not there yet: %s", name, sorted(missing))
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set([found[perm] for perm in wanted if perm in found])
