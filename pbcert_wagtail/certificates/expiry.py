"""The end of the certificate year: reminders to the municipality's current contact
before its certificate expires, and, when a new call opens, word to those whose
certificate is current or recently expired. Validity itself is computed from the dates
(Certificate.state), so nothing here changes what the registry or the check says."""

import hashlib
from datetime import timedelta

from django.db.models import Exists, OuterRef

from .. import conf, notifications
from ..models import Application, ApplicationStatus, Certificate
from ..models.certificates import tbilisi_today

S = ApplicationStatus


def expiring(today):
    """Valid certificates whose last day is within the earliest reminder's reach, that no
    newer certificate replaces and no submitted renewal will: a renewal only started (its
    questionnaire not in) may be left unfinished, and the reminder is what brings it back."""
    horizon = today + timedelta(days=max(conf.days("EXPIRY_REMINDER_DAYS"), default=0))
    on_its_way = (S.SUBMITTED, S.SCREENING, S.IN_REVIEW, S.INFORMATION_REQUESTED)
    renewing = Application.objects.filter(
        renews=OuterRef("pk"), status__in=(*on_its_way, S.READY_FOR_DECISION)
    )
    return (
        Certificate.objects.in_state("valid", today)
        .filter(valid_until__lte=horizon, superseded_by__isnull=True)
        .exclude(Exists(renewing))
        .select_related("municipality", "decision__application")
    )


def send_expiry_reminders(today=None):
    """The daily job: at each offset of PBCERT["EXPIRY_REMINDER_DAYS"] before the last day,
    once per certificate and offset; after an outage only the latest one due goes out."""
    today = today or tbilisi_today()

    def send(certificate, key, **extra):
        return notifications.to_holder("certificate_expiring", certificate, key, **extra)

    with notifications.batched():
        return notifications.send_reminders(
            "expiry",
            expiring(today),
            lambda certificate: certificate.valid_until,
            send,
            before=conf.days("EXPIRY_REMINDER_DAYS"),
            today=today,
        )


def holders(call, today=None):
    """The latest certificate of each municipality that holds a current one or one expired
    at most RENEWAL_WINDOW_DAYS ago, and has not applied to `call` yet."""
    today = today or tbilisi_today()
    oldest = today - timedelta(days=conf.get("RENEWAL_WINDOW_DAYS"))
    recent = (
        Certificate.objects.filter(revoked_at__isnull=True, valid_until__gte=oldest)
        .exclude(call=call)
        .exclude(municipality__applications__call=call)
        .select_related("municipality", "decision__application")
        .order_by("municipality", "-valid_until", "-pk")
    )
    latest = {}
    for certificate in recent:
        latest.setdefault(certificate.municipality_id, certificate)
    return list(latest.values())


def call_opened_key(call, address):
    """The one call-opening email an address gets per call, whether it subscribed, holds a
    certificate, or both (a hash: addresses are longer than keys may be)."""
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()[:40]
    return f"call_opened:{call.pk}:{digest}"


def tell_holders(call, today=None):
    """Tell each holder's current contact that `call` is open, with its private link to
    renew; returns how many were queued."""
    queued = 0
    for certificate in holders(call, today):
        address = notifications.current_contact(certificate.municipality).strip().lower()
        if address:
            queued += bool(
                notifications.to_holder(
                    "call_opened_holder", certificate, call_opened_key(call, address), call=call
                )
            )
    return queued
