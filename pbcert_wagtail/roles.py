"""The roles, as groups with exactly the model permissions each needs, synced from this table
after every `migrate` (rights added by hand in the Groups screen are reset: make another group
for them). Object-level rules live in permissions.py."""

import logging

logger = logging.getLogger(__name__)

STAFF = "Programme staff"
EXPERTS = "Experts"
CONSORTIUM = "Consortium members"


def person_label(user):
    """How staff see an expert or consortium member in choosers and lists: "Full name (username)",
    or just the username when no name is set (two people may share a name, never a username)."""
    name = user.get_full_name().strip()
    username = user.get_username()
    return f"{name} ({username})" if name else username


def holds(user, role):
    """Whether `user` is in the role's group (not merely allowed what it allows, as a
    superuser is): for what a person is shown as theirs, like the dashboard's lists."""
    return user.is_authenticated and user.groups.filter(name=role).exists()


def consortium_members():
    """The active members of the consortium, by name."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(groups__name=CONSORTIUM, is_active=True)
        .order_by("last_name", "first_name", "username")
    )


def model_permissions(**actions):
    """pbcert.<action>_<model> for each model's actions, given as model="add change view"."""
    return [f"pbcert.{verb}_{model}" for model, verbs in actions.items() for verb in verbs.split()]


ROLES = {
    STAFF: [
        "wagtailadmin.access_admin",
        "pbcert.confirm_application",
        "pbcert.record_decision",
        "pbcert.issue_certificate",
        # People (admin/people.py): invite experts and consortium members, deactivate them.
        # Inviting staff ("pbcert.invite_staff") is for superusers, or a group of the site's own.
        "pbcert.manage_people",
        "pbcert.see_practitioner_email",
        *model_permissions(
            application="view change",
            certificate="add change view",
            certificatedocument="view",
            certificatesettings="change",
            handoverconference="add change view",
            conferenceanswer="view",
            monitoringcheckin="add change delete view",
            outboxmessage="view change",
            municipality="add change view",
            certificationcall="add change view",
            questionnairedefinition="add change view",
            criterion="add change view",
            faqentry="add change delete view",
            faqtopic="add change view",
            practitioner="add change view",
            practitionertopic="add change view",
            contactrequest="view",
            reviewassignment="add change view",
            expertreview="view",
            consortiumdecision="view",
            # Nominations (admin/nominations.py): review them; invitations are the system's.
            nomination="view change",
            municipalityinvitation="view",
        ),
        # Settings → Locked sign-ins (admin/lockouts.py), where the site installs django-axes.
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
    ],
    EXPERTS: ["wagtailadmin.access_admin", "pbcert.review_assigned"],
    CONSORTIUM: [
        "wagtailadmin.access_admin",
        "pbcert.record_decision",
        *model_permissions(application="view", expertreview="view", consortiumdecision="view"),
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
    installed = {config.label for config in apps.get_app_configs()}
    for label in {perm.split(".", 1)[0] for perms in ROLES.values() for perm in perms} & installed:
        create_permissions(apps.get_app_config(label), verbosity=0, using=using)
    permissions = Permission.objects.using(using).select_related("content_type")
    for name, wanted in ROLES.items():
        wanted = [perm for perm in wanted if perm.split(".", 1)[0] in installed]
        found = {
            f"{p.content_type.app_label}.{p.codename}": p
            for p in permissions.filter(codename__in=[perm.split(".", 1)[1] for perm in wanted])
        }
        if missing := set(wanted) - set(found):
            logger.warning("Role %s: permissions not there yet: %s", name, sorted(missing))
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set([found[perm] for perm in wanted if perm in found])
