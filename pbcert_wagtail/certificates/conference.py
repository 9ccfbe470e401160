"""The handover conference: certified municipalities invited once each (through the
outbox), their answers from the status page, reminders before the date to those coming,
and "received at the conference", which fills the certificate's handover date and place."""

from django.db import transaction
from django.utils import timezone

from .. import conf, notifications
from ..models import Certificate, ConferenceAnswer, HandoverConference


def invited_certificates(conference):
    """The call's certificates whose results are published and that are not revoked."""
    return (
        Certificate.objects.filter(
            call=conference.call_id,
            decision__published_at__isnull=False,
            revoked_at__isnull=True,
        )
        .select_related("decision__application__municipality", "municipality")
        .order_by("municipality__name_ka")
    )


def invite(conference):
    """Invite every certified municipality of the conference's call not yet invited."""
    sent = 0
    for certificate in invited_certificates(conference):
        sent += bool(
            notifications.to_applicant(
                "conference_invitation",
                certificate.decision.application,
                dedupe_key=f"conference:{conference.pk}:{certificate.pk}",
                conference=conference,
                certificate=certificate,
            )
        )
    return sent


def invite_all(today=None):
    """The job: invitations for every conference still to come (safe to run any time)."""
    today = today or timezone.localdate()
    return sum(invite(c) for c in HandoverConference.objects.filter(date__gte=today))


def invite_after_publication(sender, call, decisions, **kwargs):
    """The `results_published` receiver: the call's conference, if set, invites at once."""
    conference = HandoverConference.objects.filter(call=call).first()
    if conference and conference.date >= timezone.localdate():
        invite(conference)


def send_conference_reminders(today=None):
    """The daily job: before the date, to those who said they are coming, once per offset."""
    today = today or timezone.localdate()
    coming = ConferenceAnswer.objects.filter(
        attending=True, conference__date__gte=today
    ).select_related("conference", "certificate__decision__application")

    def send(answer, key, **extra):
        return notifications.to_applicant(
            "conference_reminder",
            answer.certificate.decision.application,
            dedupe_key=key,
            conference=answer.conference,
            certificate=answer.certificate,
            answer=answer,
            **extra,
        )

    return notifications.send_reminders(
        "conference",
        coming,
        lambda answer: answer.conference.date,
        send,
        before=conf.days("CONFERENCE_REMINDER_DAYS"),
        today=today,
    )


def record_answer(conference, certificate, data):
    """Keep the municipality's answer (a new one replaces the last)."""
    if not data["attending"]:
        data = {**data, "people": 0, "needs_travel": False, "needs_hotel": False}
    answer, _created = ConferenceAnswer.objects.update_or_create(
        conference=conference,
        certificate=certificate,
        defaults={**data, "answered_at": timezone.now()},
    )
    return answer


@transaction.atomic
def mark_received(answer):
    """The certificate was handed over at the conference: its handover date and place."""
    conference = answer.conference
    ConferenceAnswer.objects.filter(pk=answer.pk).update(received_at=timezone.now())
    Certificate.objects.filter(pk=answer.certificate_id).update(
        handover_date=conference.date,
        handover_place_ka=conference.place_ka,
        handover_place_en=conference.place_en,
    )
