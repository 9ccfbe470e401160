"""The application life cycle, complete, in one table: every status change, who may make
it, what must hold first, what it does, whom it emails, and what the applicant sees.

`fire()` is the only writer of `Application.status`. It checks the row, changes the
status with a conditional UPDATE, runs the effects, writes Wagtail's log (so History
tells the story) and sends `signals.application_transitioned` — all in one transaction.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from .. import notifications, signals
from ..models.applications import Application, ApplicationStatus

S = ApplicationStatus
BACK = "back"  # target: the stage the answered information request came from


class TransitionNotAllowed(Exception):
    """The change is not possible now; the message says why, for the person who tried."""


@dataclass
class Firing:
    """One transition being fired: what effects and guards are given."""

    application: Application
    transition: "Transition"
    user: Any
    comment: str
    previous: str
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Effect:
    """Something a transition does besides changing the status; `emails` names whom it writes to."""

    run: Any
    emails: str = ""

    def __call__(self, firing):
        return self.run(firing)


# -- who may fire a transition -------------------------------------------------------


def require(user, permission="pbcert.confirm_application"):
    """PermissionDenied unless `user` (staff by default) has `permission`."""
    if not (user and user.has_perm(permission)):
        raise PermissionDenied


def staff(user, application):
    return bool(user) and user.has_perm("pbcert.confirm_application")


def screener(user, application):
    """Staff, or the expert they asked to check this application's completeness."""
    from .. import permissions

    return staff(user, application) or bool(user) and permissions.may_screen(user, application)


def consortium(user, application):
    return bool(user) and user.has_perm("pbcert.record_decision")


def applicant(user, application):
    """Fired through the private link (no admin user)."""
    return user is None


# -- guards: None when the transition may go ahead, else the reason it may not --------


def checklist_ticked(firing):
    from .review import screening_complete

    if not screening_complete(firing.application):
        return _("Tick every item of the completeness checklist first.")


def enough_reviews(firing):
    from .review import submitted_review_count

    needed = firing.application.call.experts_per_application
    count = submitted_review_count(firing.application)
    if count < needed:
        return _("%(needed)s submitted expert reviews are needed; there are %(count)s.") % {
            "needed": needed,
            "count": count,
        }


# -- effects ----------------------------------------------------------------------------


def email_applicant(event, with_link=True):
    return Effect(
        lambda f: notifications.to_applicant(event, f.application, with_link, **f.extra),
        "applicant",
    )


def email_staff(event):
    return Effect(lambda f: notifications.to_staff(event, f.application, **f.extra), "staff")


def stamp_confirmed(firing):
    Application.objects.filter(pk=firing.application.pk).update(confirmed_at=timezone.now())


def freeze_criteria(firing):
    from ..scores import freeze_criteria

    freeze_criteria(firing.application.call)


def reopen_answers(firing):
    from .questionnaire import reopen_answers

    reopen_answers(firing.application)


def close_open_requests(firing):
    """Open requests for information end with the application, with the reason recorded."""
    firing.application.information_requests.open().update(
        closed_at=timezone.now(), closed_reason=firing.comment
    )


@dataclass(frozen=True)
class Transition:
    """One status change. `label` is the action's name for staff; `history` names it in
    History; `applicant_sees` in the applicant's timeline (None: internal, never shown)."""

    name: str
    label: str
    sources: tuple
    target: str
    may: Any
    history: str
    applicant_sees: str | None = None
    guard: Any = None
    effects: tuple = ()
    needs_reason: bool = False
    button: bool = True  # offered as a button with a comment; else through its own form

    @property
    def log_action(self):
        return f"pbcert.application.{self.name}"

    @property
    def emails(self):
        """Whom firing this emails: ("applicant",), ("staff",), both or none."""
        return tuple(sorted({e.emails for e in self.effects if isinstance(e, Effect) and e.emails}))


TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "confirm",
            _("Confirm that the process starts"),
            (S.AWAITING_CONFIRMATION,),
            S.QUESTIONNAIRE,
            may=staff,
            history=_("Confirmed: the certification process starts"),
            applicant_sees=_("Confirmed: the certification process starts"),
            effects=(stamp_confirmed, email_applicant("application_confirmed")),
        ),
        Transition(
            "decline",
            _("Decline the application"),
            (S.AWAITING_CONFIRMATION,),
            S.DECLINED,
            may=staff,
            history=_("Declined"),
            applicant_sees=_("Declined"),
            effects=(email_applicant("application_declined"),),
            needs_reason=True,
        ),
        Transition(
            "submit_questionnaire",
            _("Submit the questionnaire"),
            (S.QUESTIONNAIRE,),
            S.SUBMITTED,
            may=applicant,
            history=_("Questionnaire submitted"),
            applicant_sees=_("Questionnaire submitted"),
            effects=(
                email_applicant("questionnaire_received"),
                email_staff("staff_questionnaire_received"),
            ),
            button=False,
        ),
        Transition(
            "reopen_questionnaire",
            _("Reopen the questionnaire for the applicant"),
            (S.SUBMITTED,),
            S.QUESTIONNAIRE,
            may=staff,
            history=_("Questionnaire reopened for changes"),
            applicant_sees=_("Questionnaire reopened for changes"),
            effects=(reopen_answers, email_applicant("questionnaire_reopened")),
            needs_reason=True,
        ),
        Transition(
            "start_screening",
            _("Start the completeness check"),
            (S.SUBMITTED,),
            S.SCREENING,
            may=staff,
            history=_("Completeness check started"),
        ),
        Transition(
            "accept_for_review",
            _("Complete and relevant: accept for expert review"),
            (S.SCREENING,),
            S.IN_REVIEW,
            may=screener,
            history=_("Accepted for expert review"),
            applicant_sees=_("Accepted for expert review"),
            guard=checklist_ticked,
            effects=(freeze_criteria,),
        ),
        Transition(
            "screen_ineligible",
            _("Ineligible (give the reason)"),
            (S.SCREENING,),
            S.INELIGIBLE,
            may=screener,
            history=_("Found ineligible"),
            applicant_sees=_("Found ineligible"),
            effects=(email_applicant("application_ineligible"),),
            needs_reason=True,
        ),
        Transition(
            "request_information",
            _("Ask the applicant for more information"),
            (S.SCREENING, S.IN_REVIEW),
            S.INFORMATION_REQUESTED,
            may=staff,
            history=_("More information requested"),
            applicant_sees=_("More information requested"),
            effects=(email_applicant("information_requested"),),
            button=False,
        ),
        Transition(
            "answer_information",
            _("Answer the request for information"),
            (S.INFORMATION_REQUESTED,),
            BACK,
            may=applicant,
            history=_("The applicant answered the request for information"),
            applicant_sees=_("The applicant answered the request for information"),
            effects=(email_staff("staff_information_answered"),),
            button=False,
        ),
        Transition(
            "ready_for_consortium",
            _("Reviews complete: ready for the consortium"),
            (S.IN_REVIEW,),
            S.READY_FOR_DECISION,
            may=staff,
            history=_("Ready for the consortium"),
            guard=enough_reviews,
        ),
        Transition(
            "decide",
            _("Record the consortium's decision"),
            (S.READY_FOR_DECISION,),
            S.DECIDED,
            may=consortium,
            history=_("The consortium decided"),  # the applicant learns it at publication
            button=False,
        ),
        Transition(
            "withdraw",
            _("Withdraw (at the applicant's request)"),
            (
                S.AWAITING_CONFIRMATION,
                S.QUESTIONNAIRE,
                S.SUBMITTED,
                S.SCREENING,
                S.IN_REVIEW,
                S.INFORMATION_REQUESTED,
                S.READY_FOR_DECISION,
            ),
            S.WITHDRAWN,
            may=staff,
            history=_("Withdrawn"),
            applicant_sees=_("Withdrawn"),
            effects=(close_open_requests, email_applicant("application_withdrawn", False)),
            needs_reason=True,
        ),
    ]
}


@dataclass(frozen=True)
class Event:
    """Something logged on an application that does not change its status."""

    log_action: str
    history: str
    applicant_sees: str | None = None


EVENTS = [
    Event("pbcert.application.submit", _("Application submitted"), _("Application submitted")),
    Event("pbcert.application.contact_changed", _("Contact email changed")),
    Event(
        "pbcert.application.extension",
        _("Questionnaire deadline extended"),
        _("Questionnaire deadline extended"),
    ),
    Event(
        "pbcert.application.change_notice",
        _("The applicant told us about a change"),
        _("The applicant told us about a change"),
    ),
    Event("pbcert.application.answers_changed", _("The applicant changed answers")),
    Event("pbcert.application.expert_assigned", _("Expert assigned")),
    Event("pbcert.application.expert_withdrawn", _("Expert assignment withdrawn")),
    Event("pbcert.application.conflict_declared", _("An expert declared a conflict of interest")),
    Event("pbcert.application.no_conflict", _("An expert declared no conflict of interest")),
    Event("pbcert.application.review_submitted", _("Expert review submitted")),
    Event(
        "pbcert.application.information_suggested",
        _("An expert suggested asking for more information"),
    ),
    Event(
        "pbcert.application.information_extended",
        _("The deadline for the information was extended"),
        _("The deadline for the information was extended"),
    ),
    Event(
        "pbcert.application.decision_amended",
        _("The decision was corrected before publication"),
    ),
    Event("pbcert.application.result_published", _("Result published"), _("Result published")),
]

# What an expert asked to check completeness may fire (from their assignment screen).
SCREENING_TRANSITIONS = {t.name for t in TRANSITIONS.values() if t.may is screener}
# Every log action with its label in History (registered with Wagtail in wagtail_hooks.py).
LOG_ACTIONS = {t.log_action: t.history for t in TRANSITIONS.values()} | {
    e.log_action: e.history for e in EVENTS
}
# What the applicant's timeline shows, by log action: nothing else is shown to them.
APPLICANT_SEES = {
    t.log_action: t.applicant_sees for t in TRANSITIONS.values() if t.applicant_sees
} | {e.log_action: e.applicant_sees for e in EVENTS if e.applicant_sees}
# Until results are published, these statuses read "being assessed" to the applicant.
HIDDEN_UNTIL_PUBLISHED = (S.READY_FOR_DECISION, S.DECIDED)


def status_for_applicant(application, published):
    """(label, css class) of the status on the applicant's page: no hint of a decision
    before publication."""
    if application.status in HIDDEN_UNTIL_PUBLISHED and not published:
        return _("being assessed"), S.IN_REVIEW.value
    return application.get_status_display(), application.status


def available_transitions(application, user):
    """The transitions this admin user may fire on this application now, as buttons."""
    return [
        t
        for t in TRANSITIONS.values()
        if t.button and application.status in t.sources and t.may(user, application)
    ]


def blocked_reason(application, transition):
    """What must happen before `transition` can be fired (its guard's answer), or None."""
    if not transition.guard:
        return None
    return transition.guard(Firing(application, transition, None, "", application.status))


def log_event(application, action, user=None, comment="", **data):
    """Write one of EVENTS to the application's History."""
    assert action in LOG_ACTIONS, action
    log(instance=application, action=action, user=user, data={"comment": comment, **data})


@transaction.atomic
def fire(application, name, user, comment="", **extra):
    """Fire transition `name` on `application`: all or nothing. `extra` reaches the
    effects and the emails (an information request, a decision…)."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionNotAllowed(_("Unknown action."))
    # Re-read under the transaction so two people clicking at once cannot both fire it.
    current = Application.objects.select_for_update().get(pk=application.pk)
    # The status first: someone who lost a race is told what happened, not refused.
    if current.status not in transition.sources:
        raise TransitionNotAllowed(
            _("This application is now “%(status)s”: “%(action)s” is no longer possible.")
            % {"status": current.get_status_display(), "action": transition.label}
        )
    if not transition.may(user, current):
        raise PermissionDenied
    comment = (comment or "").strip()
    if transition.needs_reason and not comment:
        raise TransitionNotAllowed(_("Give a reason: the applicant will read it."))
    firing = Firing(current, transition, user, comment, current.status, extra)
    problem = transition.guard(firing) if transition.guard else None
    if problem:
        raise TransitionNotAllowed(problem)
    target = extra["request"].return_status if transition.target == BACK else transition.target
    changes = {"status": target, "updated_at": timezone.now()}
    if transition.needs_reason:
        changes["status_reason"] = comment
    if not Application.objects.filter(pk=current.pk, status=current.status).update(**changes):
        raise TransitionNotAllowed(_("Someone else changed this application just now."))
    current.refresh_from_db()
    for effect in transition.effects:
        effect(firing)
    application.refresh_from_db()
    log(
        instance=application,
        action=transition.log_action,
        user=user,
        data={"comment": comment, "from": firing.previous, "to": target},
    )
    signals.application_transitioned.send(
        sender=Application, application=application, transition=transition, user=user
    )
    return application
