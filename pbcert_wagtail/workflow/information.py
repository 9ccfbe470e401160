"""The "more information requested" detour: staff ask, the applicant answers by the
private link (changed answers kept as revisions), the application returns to its stage."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import conf, notifications
from ..models import InformationRequest
from ..models.questionnaires import QuestionnaireResponse
from .machine import TRANSITIONS, S, TransitionNotAllowed, fire, locked, log_event, require
from .questionnaire import keep_revisions


@transaction.atomic
def request_information(application, text, due_date, unlocked_keys, user):
    """Staff ask for more: the application waits in "more information requested"."""
    require(user)
    refusal = _(
        "Information can be requested during the completeness check or the review (now: “%(status)s”)."
    )
    current = locked(application, TRANSITIONS["request_information"].sources, refusal)
    text = (text or "").strip()
    if not text:
        raise TransitionNotAllowed(_("Say what information is needed: the applicant will read it."))
    if due_date < timezone.localdate():
        raise TransitionNotAllowed(_("The answer date cannot be in the past."))
    request = InformationRequest.objects.create(
        application=current,
        text=text,
        due_date=due_date,
        unlocked_keys=list(unlocked_keys),
        return_status=current.status,
        requested_by=user,
    )
    fire(application, "request_information", user, text, request=request)
    return request


@transaction.atomic
def answer_information_request(request, answer_text, changes):
    """The applicant answers: changed answers are kept as revisions, the application
    returns to the stage it came from, staff are told. `changes` = {key: new value}.
    Locks the application first, then the request, as staff's actions do."""
    closed = _("This request is no longer open.")
    application = locked(request.application, (S.INFORMATION_REQUESTED,), closed)
    request = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if request.closed_at:
        raise TransitionNotAllowed(closed)
    if not request.is_open:
        raise TransitionNotAllowed(_("This request has already been answered."))
    response, _created = QuestionnaireResponse.objects.get_or_create(application=application)
    response = QuestionnaireResponse.objects.select_for_update().get(pk=response.pk)
    unlocked = {key: value for key, value in changes.items() if key in request.unlocked_keys}
    for key in keep_revisions(application, response.answers, unlocked, request):
        response.answers[key] = unlocked[key]
    response.save(update_fields=["answers"])
    request.answer_text = answer_text
    request.answered_at = timezone.now()
    request.save(update_fields=["answer_text", "answered_at"])
    # The log keeps the start of a long answer; the request keeps all of it.
    fire(application, "answer_information", None, answer_text[:500], request=request)
    return request


@transaction.atomic
def extend_information_request(request, until, user):
    """Staff give the applicant until `until` to answer (the request re-read under lock)."""
    require(user)
    closed = _("This request is no longer open.")
    locked(request.application, (S.INFORMATION_REQUESTED,), closed)
    request = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise TransitionNotAllowed(closed)
    request.due_date = until
    request.save(update_fields=["due_date"])
    log_event(request.application, "information_extended", user, str(until))
    notifications.to_applicant("information_extended", request.application, request=request)


def send_information_reminders(today=None):
    """Remind applicants of an open request for information: before it is due and after."""
    requests = (
        InformationRequest.objects.open()
        .filter(application__status=S.INFORMATION_REQUESTED)
        .select_related("application__municipality", "application__call")
    )
    return notifications.send_reminders(
        "information",
        list(requests),
        lambda info: info.due_date,
        lambda info, key, **when: notifications.to_applicant(
            "information_reminder", info.application, dedupe_key=key, request=info, **when
        ),
        before=conf.days("INFORMATION_REMINDER_DAYS_BEFORE"),
        after=conf.days("INFORMATION_REMINDER_DAYS_AFTER"),
        today=today,
    )
