"""Sending the instruction series. The emails of the day of confirmation go with it (an
`application_transitioned` receiver, inside the confirming transaction), the later ones
from the daily job. Each goes once per application (dedupe key
instructions:<application>:<email>), in the application's language, and none once the
questionnaire has been submitted or the application has left the questionnaire stage."""

from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from .. import conf, notifications
from ..models import Application, ApplicationStatus, InstructionEmail
from ..models.questionnaires import QuestionnaireResponse

S = ApplicationStatus


def dedupe_key(application, email):
    return f"instructions:{application.pk}:{email.pk}"


def still_instructed(applications):
    """Confirmed applications filling in their questionnaire for the first time (a
    questionnaire reopened after a submission gets no instructions again)."""
    return applications.filter(
        status=S.QUESTIONNAIRE,
        confirmed_at__isnull=False,
        call__questionnaire__isnull=False,
    ).exclude(questionnaire__first_submitted_at__isnull=False)


def deadline(application):
    """The last day to submit the questionnaire: the call's, or the extension granted."""
    response = QuestionnaireResponse.objects.filter(application=application).first()
    return response.due_date() if response else application.call.questionnaire_due


def due_emails(application, today):
    """The series' emails whose day has come for `application`, in order, that are at
    most PBCERT["INSTRUCTION_CATCH_UP_DAYS"] late (an email added to the series later,
    or an outage, does not bring up instructions long past)."""
    confirmed = timezone.localdate(application.confirmed_at)
    oldest = today - timedelta(days=conf.get("INSTRUCTION_CATCH_UP_DAYS"))
    emails = sorted(
        application.call.instruction_emails.all(),
        key=lambda email: (email.days_after_confirmation, email.sort_order or 0, email.pk),
    )
    for email in emails:
        day = confirmed + timedelta(days=email.days_after_confirmation)
        if oldest <= day <= today:
            yield email


def send(application, email, key):
    return notifications.to_applicant(
        "instructions",
        application,
        dedupe_key=key,
        instruction=email,
        deadline=deadline(application),
    )


def send_due(applications, today):
    """Queue, once each, the instruction emails due for `applications`; how many were queued."""
    due = [
        (dedupe_key(application, email), application, email)
        for application in applications
        for email in due_emails(application, today)
    ]
    taken = notifications.already_queued(key for key, *_rest in due)
    return sum(bool(send(app, email, key)) for key, app, email in due if key not in taken)


def after_confirmation(application, transition, user, **kwargs):
    """The `application_transitioned` receiver: the emails of day 0 go with the confirmation."""
    if transition.name != "confirm":
        return
    applications = still_instructed(Application.objects.filter(pk=application.pk))
    send_due(applications.select_related("call", "municipality"), timezone.localdate())


def send_due_instructions(today=None):
    """The daily job: every instruction email whose day has come, once per application; a
    job that ran late sends what came due meanwhile, never one twice."""
    today = today or timezone.localdate()
    longest = InstructionEmail.objects.aggregate(days=Max("days_after_confirmation"))["days"]
    if longest is None:
        return 0
    since = today - timedelta(days=longest + conf.get("INSTRUCTION_CATCH_UP_DAYS"))
    applications = (
        still_instructed(Application.objects.filter(confirmed_at__date__gte=since))
        .select_related("call", "municipality")
        .prefetch_related("call__instruction_emails")
        .order_by("confirmed_at", "pk")
    )
    with notifications.batched():
        return send_due(list(applications), today)
