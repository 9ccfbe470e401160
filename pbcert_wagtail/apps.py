import pkgutil
from pathlib import Path

from django.apps import AppConfig
from django.core.management.base import CommandError
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.signals import post_migrate, post_save, pre_migrate
from django.utils.translation import gettext_lazy as _

from .roles import sync_roles
from .schedules import sync_schedules


class PbcertConfig(AppConfig):
    """The plugin's app config; its label `pbcert` names tables and permissions. After
    `migrate`, the roles (roles.py) and the recurring jobs (schedules.py) are synced from code."""

    name = "pbcert_wagtail"
    label = "pbcert"
    verbose_name = _("Municipality certification")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            changed_answers,
            clean_input,  # noqa: F401 (registers its system check)
            signals,
        )
        from .certificates.conference import invite_after_publication
        from .certificates.issuing import issue_for_decision
        from .certificates.rendering import render_again
        from .consortium_notice import tell_consortium
        from .credentials import checks as credential_checks  # noqa: F401 (deploy check)
        from .credentials.status import revoke_credential
        from .georgian import keep_mkhedruli, singular_after_numerals
        from .instructions import defaults as instruction_defaults
        from .instructions import sending as instructions

        keep_mkhedruli()
        singular_after_numerals()

        pre_migrate.connect(refuse_database_before_squash, sender=self)
        post_migrate.connect(sync_roles, sender=self)
        post_migrate.connect(sync_schedules, sender=self)
        signals.decision_published.connect(issue_for_decision, dispatch_uid="pbcert_certificate")
        signals.certificate_revoked.connect(revoke_credential, dispatch_uid="pbcert_status_list")
        signals.certificate_revoked.connect(render_again, dispatch_uid="pbcert_render_revoked")
        signals.application_transitioned.connect(
            tell_consortium, dispatch_uid="pbcert_consortium_ready"
        )
        signals.results_published.connect(
            invite_after_publication, dispatch_uid="pbcert_conference"
        )
        signals.application_transitioned.connect(
            instructions.after_confirmation, dispatch_uid="pbcert_instructions"
        )
        signals.application_transitioned.connect(
            changed_answers.tell_experts, dispatch_uid="pbcert_answers_changed"
        )
        post_save.connect(
            instruction_defaults.give_new_call_the_series,
            sender="pbcert.CertificationCall",
            dispatch_uid="pbcert_default_instructions",
        )


def migrations_on_disk():
    return {m.name for m in pkgutil.iter_modules([str(Path(__file__).parent / "migrations")])}


def refuse_database_before_squash(using="default", **kwargs):
    """A database migrated before the migrations were squashed (December 2026) records
    migrations that no longer exist, and Django would take its old 0001 for the new one:
    stop with what to do."""
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return
    recorded = {name for app, name in recorder.applied_migrations() if app == "pbcert"}
    if recorded - migrations_on_disk():
        raise CommandError(
            "This database was made before pbcert's migrations were squashed and cannot be "
            "migrated. Start afresh: for `make demo` delete the var/ folder; for `make test` "
            "rebuild the test database (make test PYTEST_ARGS=--create-db)."
        )
