"""The questionnaire stage: submitting, reopening, deadline extensions, revisions of
answers changed after a submission, reminders before the deadline."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .. import conf, notifications
from ..models import AnswerRevision, Application, ApplicationStatus
from ..models.questionnaires import QuestionnaireResponse
from .machine import TransitionNotAllowed, fire, locked, log_event, require


@transaction.atomic
def submit_questionnaire(application, response):
    """The applicant submits: refused after the deadline unless staff extended it."""
    if response.is_overdue():
        raise TransitionNotAllowed(
            _(
                "The questionnaire was due on %(date)s, so it cannot be submitted now. Your answers are kept; write to us if you need more time."
            )
            % {"date": date_format(response.due_date(), "j E Y")}
        )
    response.submitted_at = timezone.now()
    response.first_submitted_at = response.first_submitted_at or response.submitted_at
    response.save(update_fields=["submitted_at", "first_submitted_at"])
    return fire(application, "submit_questionnaire", None)


@transaction.atomic
def grant_extension(application, until, user):
    """Staff let one application submit its questionnaire until `until`."""
    require(user)
    refusal = _("A deadline is extended while the questionnaire is open (now: “%(status)s”).")
    locked(application, (ApplicationStatus.QUESTIONNAIRE,), refusal)
    response, _created = QuestionnaireResponse.objects.get_or_create(application=application)
    response = QuestionnaireResponse.objects.select_for_update().get(pk=response.pk)
    response.extended_until = until
    response.save(update_fields=["extended_until"])
    log_event(application, "extension", user, str(until), until=until.isoformat())
    notifications.to_applicant("questionnaire_extended", application, until=until)
    return response


def keep_revisions(application, before, after, information_request=None):
    """Keep each answer of `after` that differs from `before` as a revision, so reviewers see
    what changed. Returns the keys of the changed answers."""
    changed = [key for key in after if (before.get(key) or None) != (after.get(key) or None)]
    for key in changed:
        AnswerRevision.objects.create(
            application=application,
            information_request=information_request,
            key=key,
            old_value=before.get(key),
            new_value=after.get(key),
        )
    return changed


def record_revisions(application, response, before, after):
    """After a questionnaire was once submitted (and reopened), every change is kept."""
    if response.first_submitted_at is None:
        return
    if changed := keep_revisions(application, before, after):
        # History names the questions as the applicant was asked them, not by their keys.
        labels = {q["key"]: q["label"] for q in response.questions if "key" in q}
        comment = "; ".join(labels.get(key, key) for key in changed)
        log_event(application, "answers_changed", None, comment, keys=changed)


def send_questionnaire_reminders(today=None):
    """Remind applications still filling in the questionnaire, before it is due."""
    responses = QuestionnaireResponse.objects.filter(
        application__status=ApplicationStatus.QUESTIONNAIRE,
        application__call__questionnaire__isnull=False,
        submitted_at__isnull=True,
    ).select_related("application__call", "application__municipality")
    # An application that never opened its questionnaire is reminded too.
    for application in Application.objects.filter(
        status=ApplicationStatus.QUESTIONNAIRE,
        call__questionnaire__isnull=False,
        questionnaire__isnull=True,
    ):
        QuestionnaireResponse.objects.get_or_create(application=application)
    return notifications.send_reminders(
        "questionnaire",
        list(responses),
        lambda response: response.due_date(),
        lambda response, key, **when: notifications.to_applicant(
            "questionnaire_reminder", response.application, dedupe_key=key, **when
        ),
        before=conf.days("QUESTIONNAIRE_REMINDER_DAYS"),
        today=today,
    )
