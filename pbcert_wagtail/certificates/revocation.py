"""Revoking a certificate: a public reason and an internal note, logged on the
certificate, told to the municipality once; the check, the registry and the download say
so from the next request. There is no un-revoking: a certificate issued in error is
replaced by a new one."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from .. import notifications, signals
from ..models import Certificate, RevocationReason

LOG_ACTION = "pbcert.certificate.revoked"


class AlreadyRevoked(Exception):
    """Someone else revoked it first."""


@transaction.atomic
def revoke(certificate, user, reason, note):
    """Revoke `certificate` once: a conditional UPDATE, so two staff at once revoke it once."""
    if reason not in RevocationReason.values:
        raise ValueError(reason)
    now = timezone.now()
    revoked = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
        revoked_at=now, revocation_reason=reason, revocation_note=note.strip(), revoked_by=user
    )
    if not revoked:
        raise AlreadyRevoked(_("This certificate was already revoked."))
    certificate.refresh_from_db()
    label = str(RevocationReason(reason).label)
    log(instance=certificate, action=LOG_ACTION, user=user, data={"comment": f"{label}: {note}"})
    application = certificate.decision.application if certificate.decision_id else None
    if application is not None:
        notifications.to_applicant(
            "certificate_revoked",
            application,
            dedupe_key=f"revoked:{certificate.pk}",
            certificate=certificate,
        )
    signals.certificate_revoked.send(sender=Certificate, certificate=certificate)
    return certificate
