"""Nominating a municipality: the visitor's suggestion, the staff review, the one invitation
per municipality and call to the municipality's official address, the nominator's answer,
and what became of it (did the municipality apply, was it certified?).

Who gets mail here: the municipality only at `Municipality.official_email`, kept by staff
(never an address a visitor typed), and only once staff approve; the nominator only once
they confirmed their own address (community.confirmation), and once."""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from .. import notifications
from ..i18n import in_language
from ..models import (
    Application,
    Certificate,
    CertificationCall,
    MunicipalityInvitation,
    Nomination,
    NominationStatus,
)
from .confirmation import ask

S = NominationStatus

INVITED = "invited"  # approved, and the invitation was queued now
ALREADY_INVITED = "already_invited"  # approved; this call's invitation had gone before
NO_ADDRESS = "no_address"  # not approved: the municipality has no official email on file
NO_CALL = "no_call"  # not approved: no call is open or coming
NOT_PENDING = "not_pending"  # someone reviewed it first


@dataclass
class Review:
    """What a staff review did, for the message staff see."""

    outcome: str
    nomination: Nomination
    invitation: MunicipalityInvitation | None = None


@transaction.atomic
def nominate(municipality, reason, email, language):
    """Record a nomination; with an address, ask its owner to confirm it (the only email it
    can get before that)."""
    nomination = Nomination.objects.create(
        municipality=municipality,
        reason=reason.strip(),
        email=(email or "").strip().lower(),
        language=language,
    )
    if nomination.email:
        ask(nomination)
    return nomination


def invitation_call(today=None):
    """The call an invitation names: the one open now, else the next one, else None."""
    return CertificationCall.objects.current(today) or CertificationCall.objects.next(today)


def locked(nomination):
    """The nomination, locked (only its own row: two nominations of one municipality are
    approved side by side, and the invitation's unique constraint decides between them)."""
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=nomination.pk)
    )


def approve(nomination, user, language=None):
    """Approve a pending nomination and invite its municipality for the current or next
    call, unless this call's invitation went already. Without an official address, or
    without a call, nothing is approved and nothing sent (the Review says why)."""
    language = notifications.language_of(language or settings.LANGUAGE_CODE)
    with transaction.atomic():
        nomination = locked(nomination)
        if nomination.status != S.PENDING:
            return Review(NOT_PENDING, nomination, nomination.invitation)
        municipality = nomination.municipality
        if not municipality.official_email:
            return Review(NO_ADDRESS, nomination)
        call = invitation_call()
        if call is None:
            return Review(NO_CALL, nomination)
        invitation, created = invite(municipality, call, user, language)
        nomination.status = S.APPROVED
        nomination.reviewed_by, nomination.reviewed_at = user, timezone.now()
        nomination.invitation = invitation
        nomination.save(update_fields=["status", "reviewed_by", "reviewed_at", "invitation"])
        tell_nominator(nomination)
    return Review(INVITED if created else ALREADY_INVITED, nomination, invitation)


def reject(nomination, user):
    """Reject a pending nomination: the municipality is told nothing."""
    with transaction.atomic():
        nomination = locked(nomination)
        if nomination.status != S.PENDING:
            return Review(NOT_PENDING, nomination, nomination.invitation)
        nomination.status = S.REJECTED
        nomination.reviewed_by, nomination.reviewed_at = user, timezone.now()
        nomination.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        tell_nominator(nomination)
    return Review(S.REJECTED, nomination)


def invitation_key(municipality, call):
    return f"municipality_invitation:{municipality.pk}:{call.pk}"


def invite(municipality, call, user, language):
    """(this call's invitation of `municipality`, whether it was made now). The unique
    constraint decides between two approvals at once: the one that inserts first sends."""
    existing = MunicipalityInvitation.objects.filter(municipality=municipality, call=call)
    if invitation := existing.first():
        return invitation, False
    try:
        with transaction.atomic():
            invitation = MunicipalityInvitation.objects.create(
                municipality=municipality,
                call=call,
                sent_to=municipality.official_email,
                language=language,
                created_by=user,
            )
    except IntegrityError:  # another approval made it meanwhile
        return existing.get(), False
    context = invitation_context(invitation)
    notifications.queue(
        "municipality_invitation",
        invitation.sent_to,
        language,
        context,
        dedupe_key=invitation_key(municipality, call),
    )
    return invitation, True


def link(name, language):
    with translation.override(language):
        return notifications.site_url() + reverse(name)


def invitation_context(invitation):
    language = invitation.language
    return {
        "municipality": in_language(invitation.municipality, "name", language),
        "call": invitation.call,
        "is_open": invitation.call.is_open(),
        "note": in_language(invitation.call, "note", language),
        "apply_url": link("pbcert:apply_redirect", language),
        "subscribe_url": link("pbcert:subscribe", language),
    }


def tell_nominator(nomination):
    """The nominator's answer, once, when the nomination is reviewed and their address is
    confirmed (whichever comes last); never to an address not confirmed."""
    if not (nomination.email and nomination.confirmed_at) or nomination.status == S.PENDING:
        return None
    language = nomination.language
    context = {
        "municipality": in_language(nomination.municipality, "name", language),
        "approved": nomination.status == S.APPROVED,
        "call": nomination.invitation.call if nomination.invitation_id else None,
        "subscribe_url": link("pbcert:subscribe", language),
    }
    return notifications.queue(
        "nomination_answered",
        nomination.email,
        language,
        context,
        dedupe_key=f"nomination_answered:{nomination.pk}",
    )


@dataclass
class FollowUp:
    """What the municipality did in the call it was nominated for."""

    call: CertificationCall | None
    application: Application | None = None
    certificate: Certificate | None = None


def follow_ups(municipalities):
    """{municipality pk: FollowUp} for the call each was invited to (its latest), else the
    current or next call: whether it applied to it, and whether it was certified."""
    municipalities = list(municipalities)
    invited = {}
    for invitation in MunicipalityInvitation.objects.filter(
        municipality__in=municipalities
    ).select_related("call"):
        current = invited.get(invitation.municipality_id)
        if current is None or invitation.call.year > current.year:
            invited[invitation.municipality_id] = invitation.call
    default = invitation_call()
    calls = {m.pk: invited.get(m.pk, default) for m in municipalities}
    call_ids = {call.pk for call in calls.values() if call}
    applications, certificates = {}, {}
    for application in Application.objects.filter(
        municipality__in=municipalities, call__in=call_ids
    ).order_by("created_at"):
        applications[(application.municipality_id, application.call_id)] = application
    for certificate in Certificate.objects.filter(
        municipality__in=municipalities, call__in=call_ids, revoked_at__isnull=True
    ):
        certificates[(certificate.municipality_id, certificate.call_id)] = certificate
    result = {}
    for pk, call in calls.items():
        key = (pk, call.pk if call else None)
        result[pk] = FollowUp(call, applications.get(key), certificates.get(key))
    return result
