"""The application life cycle, complete, in one table: every status change, who may make
it, what must hold first, what it does, whom it emails, and what the applicant sees.

`fire()` is the only writer of `Application.status`. It checks the row, changes the
status with a conditional UPDATE, runs the effects, writes Wagtail's log (so History
tells the story) and sends `signals.application_transitioned` — all in one transaction.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from .. import conf, notifications, permissions, signals
from ..models.applications import Application, ApplicationStatus
from ..models.questionnaires import QuestionnaireResponse
from ..models.reviews import ExpertReview
from ..scores import freeze_criteria

S = ApplicationStatus
BACK = "back"  # target: the stage the answered information request came from
ENDS = (S.DECIDED, S.DECLINED, S.INELIGIBLE, S.WITHDRAWN)  # no transition leaves these


class TransitionNotAllowed(Exception):
    """The change is not possible now; the message says why, for the person who tried."""


# -- who may act: each is asked (user, application or assignment) ---------------------


def staff(user, application=None):
    return bool(user) and user.has_perm("pbcert.confirm_application")


def screener(user, application):
    """Staff, or the expert they asked to check this application's completeness."""
    return bool(user) and permissions.may_screen(user, application)


def consortium(user, application=None):
    return bool(user) and user.has_perm("pbcert.record_decision")


def applicant(user, application):
    """Fired through the private link (no admin user)."""
    return user is None


def require(user, may=staff, subject=None):
    """PermissionDenied unless `may(user, subject)`: staff by default."""
    if not may(user, subject):
        raise PermissionDenied


# -- guards: None when the transition may go ahead, else the reason it may not --------


def checklist_ticked(application):
    if not all(application.screening.get(key) for key, *_labels in conf.get("SCREENING_CHECKLIST")):
        return _("Tick every item of the completeness checklist and save it first.")


def submitted_review_count(application):
    return ExpertReview.objects.submitted().filter(assignment__application=application).count()


def enough_reviews(application):
    numbers = {
        "needed": application.call.experts_per_application,
        "count": submitted_review_count(application),
    }
    if numbers["count"] < numbers["needed"]:
        return _("%(needed)s submitted expert reviews are needed; there are %(count)s.") % numbers


# -- effects besides the status and the emails, each given the changed application -----


def stamp_confirmed(application):
    Application.objects.filter(pk=application.pk).update(confirmed_at=timezone.now())


def reopen_answers(application):
    """Open the answers again; after the deadline, give the applicant days to resubmit."""
    response, _created = QuestionnaireResponse.objects.get_or_create(application=application)
    response.submitted_at = None
    fields = ["submitted_at"]
    if response.is_overdue():
        response.extended_until = timezone.localdate() + timedelta(days=conf.get("REOPEN_DAYS"))
        fields.append("extended_until")
    response.save(update_fields=fields)


def close_open_requests(application):
    """Open requests for information end with the application, with the reason recorded."""
    application.information_requests.open().update(
        closed_at=timezone.now(), closed_reason=application.status_reason
    )


@dataclass(frozen=True)
class Event:
    """Something logged on an application, named `history` in History and in the
    applicant's timeline too when `applicant_sees`."""

    name: str
    history: str
    applicant_sees: bool = False

    @property
    def log_action(self):
        return f"pbcert.application.{self.name}"


@dataclass(frozen=True, kw_only=True)
class Transition(Event):
    """A status change. `label` is the action's name for staff; `may`: who may fire it
    (staff unless said). After the `effects`, the `applicant_email` and `staff_email`
    events are emailed."""

    label: str
    sources: tuple
    target: str
    applicant_sees: bool = True
    may: Any = staff
    guard: Any = None
    effects: tuple = ()
    applicant_email: str = ""
    with_link: bool = True  # the applicant's email carries a fresh private link
    staff_email: str = ""
    needs_reason: bool = False
    button: bool = True  # offered as a button with a comment; else through its own form

    @property
    def emails(self):
        """Whom firing this emails: ("applicant",), ("staff",), both or none."""
        events = {"applicant": self.applicant_email, "staff": self.staff_email}
        return tuple(who for who, event in events.items() if event)


TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "confirm",
            _("Confirmed: the certification process starts"),
            label=_("Confirm that the process starts"),
            sources=(S.AWAITING_CONFIRMATION,),
            target=S.QUESTIONNAIRE,
            effects=(stamp_confirmed,),
            applicant_email="application_confirmed",
        ),
        Transition(
            "decline",
            _("Declined"),
            label=_("Decline the application"),
            sources=(S.AWAITING_CONFIRMATION,),
            target=S.DECLINED,
            applicant_email="application_declined",
            needs_reason=True,
        ),
        Transition(
            "submit_questionnaire",
            _("Questionnaire submitted"),
            label=_("Submit the questionnaire"),
            sources=(S.QUESTIONNAIRE,),
            target=S.SUBMITTED,
            may=applicant,
            applicant_email="questionnaire_received",
            staff_email="staff_questionnaire_received",
            button=False,
        ),
        Transition(
            "reopen_questionnaire",
            _("Questionnaire reopened for changes"),
            label=_("Reopen the questionnaire for the applicant"),
            sources=(S.SUBMITTED,),
            target=S.QUESTIONNAIRE,
            effects=(reopen_answers,),
            applicant_email="questionnaire_reopened",
            needs_reason=True,
        ),
        Transition(
            "start_screening",
            _("Completeness check started"),
            label=_("Start the completeness check"),
            sources=(S.SUBMITTED,),
            target=S.SCREENING,
            applicant_sees=False,
        ),
        Transition(
            "accept_for_review",
            _("Accepted for expert review"),
            label=_("Complete and relevant: accept for expert review"),
            sources=(S.SCREENING,),
            target=S.IN_REVIEW,
            may=screener,
            guard=checklist_ticked,
            effects=(lambda application: freeze_criteria(application.call),),
        ),
        Transition(
            "screen_ineligible",
            _("Found ineligible"),
            label=_("Ineligible (give the reason)"),
            sources=(S.SCREENING,),
            target=S.INELIGIBLE,
            may=screener,
            applicant_email="application_ineligible",
            needs_reason=True,
        ),
        Transition(
            "request_information",
            _("More information requested"),
            label=_("Ask the applicant for more information"),
            sources=(S.SCREENING, S.IN_REVIEW),
            target=S.INFORMATION_REQUESTED,
            applicant_email="information_requested",
            button=False,
        ),
        Transition(
            "answer_information",
            _("The applicant answered the request for information"),
            label=_("Answer the request for information"),
            sources=(S.INFORMATION_REQUESTED,),
            target=BACK,
            may=applicant,
            staff_email="staff_information_answered",
            button=False,
        ),
        Transition(
            "ready_for_consortium",
            _("Ready for the consortium"),
            label=_("Reviews complete: ready for the consortium"),
            sources=(S.IN_REVIEW,),
            target=S.READY_FOR_DECISION,
            applicant_sees=False,
            guard=enough_reviews,
        ),
        Transition(
            "decide",
            _("The consortium decided"),
            label=_("Record the consortium's decision"),
            sources=(S.READY_FOR_DECISION,),
            target=S.DECIDED,
            applicant_sees=False,  # the applicant learns it at publication
            may=consortium,
            button=False,
        ),
        Transition(
            "withdraw",
            _("Withdrawn"),
            label=_("Withdraw (at the applicant's request)"),
            sources=tuple(status for status in S if status not in ENDS),
            target=S.WITHDRAWN,
            effects=(close_open_requests,),
            applicant_email="application_withdrawn",
            with_link=False,
            needs_reason=True,
        ),
    ]
}

EVENTS = [
    Event("submit", _("Application submitted"), applicant_sees=True),
    Event("contact_changed", _("Contact email changed")),
    Event("extension", _("Questionnaire deadline extended"), applicant_sees=True),
    Event("change_notice", _("The applicant told us about a change"), applicant_sees=True),
    Event("answers_changed", _("The applicant changed answers")),
    Event("expert_assigned", _("Expert assigned")),
    Event("expert_withdrawn", _("Expert assignment withdrawn")),
    Event("conflict_declared", _("An expert declared a conflict of interest")),
    Event("no_conflict", _("An expert declared no conflict of interest")),
    Event("review_submitted", _("Expert review submitted")),
    Event("information_suggested", _("An expert suggested asking for more information")),
    Event(
        "information_extended",
        _("The deadline for the information was extended"),
        applicant_sees=True,
    ),
    Event("decision_amended", _("The decision was corrected before publication")),
    Event("result_published", _("Result published"), applicant_sees=True),
    Event("personal_data_removed", _("Personal data removed")),  # retention.py
]
STEPS = [*TRANSITIONS.values(), *EVENTS]

# What an expert asked to check completeness may fire (from their assignment screen).
SCREENING_TRANSITIONS = {t.name for t in TRANSITIONS.values() if t.may is screener}
# Every log action with its label in History (registered with Wagtail in wagtail_hooks.py).
LOG_ACTIONS = {x.log_action: x.history for x in STEPS}
# What the applicant's timeline shows, by log action: nothing else is shown to them.
APPLICANT_SEES = {x.log_action: x.history for x in STEPS if x.applicant_sees}


def status_for_applicant(application, published):
    """(label, css class) of the status on the applicant's page: until the results are
    published, "being assessed", with no hint of a decision."""
    if application.status in (S.READY_FOR_DECISION, S.DECIDED) and not published:
        return _("being assessed"), S.IN_REVIEW.value
    return application.get_status_display(), application.status


def blocked_reason(application, transition):
    """What must happen before `transition` can be fired (its guard's answer), or None."""
    return transition.guard(application) if transition.guard else None


def locked(application, statuses, refusal, **more):
    """`application` re-read under lock so two people acting at once cannot both go ahead;
    TransitionNotAllowed(`refusal`, given the status now) unless its status is in `statuses`."""
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.status not in statuses:
        raise TransitionNotAllowed(refusal % {"status": current.get_status_display(), **more})
    return current


def log_event(application, name, user=None, comment="", **data):
    """Write `name`, an event or a transition, to the application's History."""
    action = f"pbcert.application.{name}"
    assert action in LOG_ACTIONS, action
    log(instance=application, action=action, user=user, data={"comment": comment, **data})


@transaction.atomic
def fire(application, name, user, comment="", **extra):
    """Fire transition `name` on `application`: all or nothing. `extra` reaches the
    effects and the emails (an information request, a decision…)."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionNotAllowed(_("Unknown action."))
    # The status first: someone who lost a race is told what happened, not refused.
    refusal = _("This application is now “%(status)s”: “%(action)s” is no longer possible.")
    current = locked(application, transition.sources, refusal, action=transition.label)
    require(user, transition.may, current)
    comment = (comment or "").strip()
    if transition.needs_reason and not comment:
        raise TransitionNotAllowed(_("Give a reason: the applicant will read it."))
    if problem := blocked_reason(current, transition):
        raise TransitionNotAllowed(problem)
    target = extra["request"].return_status if transition.target == BACK else transition.target
    changes = {"status": target, "updated_at": timezone.now()}
    if transition.needs_reason:
        changes["status_reason"] = comment
    if not Application.objects.filter(pk=current.pk, status=current.status).update(**changes):
        raise TransitionNotAllowed(_("Someone else changed this application just now."))
    previous = current.status
    current.refresh_from_db()
    for effect in transition.effects:
        effect(current)
    if event := transition.applicant_email:
        notifications.to_applicant(event, current, transition.with_link, **extra)
    if transition.staff_email:
        notifications.to_staff(transition.staff_email, current, **extra)
    application.refresh_from_db()
    log_event(application, name, user, comment, **{"from": previous, "to": target})
    signals.application_transitioned.send(
        sender=Application, application=application, transition=transition, user=user
    )
    return application
