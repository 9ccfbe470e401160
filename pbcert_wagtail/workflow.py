"""The application life cycle: statuses, transitions, who may fire each, what each triggers.

Nothing else changes Application.status. Every transition is written to Wagtail's
log (actor, time, comment), so the admin History view tells the story.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from . import notifications
from .models.applications import Application, ApplicationStatus

S = ApplicationStatus


class TransitionNotAllowed(Exception):
    """The transition does not start from the application's current status."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple
    target: str
    permission: str | None  # None: fired by the system or the applicant, not by staff
    log_action: str
    visible_to_applicant: bool = True
    needs_reason: bool = False


TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            name="confirm",
            label=_("Confirm that the process starts"),
            sources=(S.AWAITING_CONFIRMATION,),
            target=S.QUESTIONNAIRE,
            permission="pbcert.confirm_application",
            log_action="pbcert.application.confirm",
        ),
        Transition(
            name="submit_questionnaire",
            label=_("Submit the questionnaire"),
            sources=(S.QUESTIONNAIRE,),
            target=S.SUBMITTED,
            permission=None,
            log_action="pbcert.application.submit_questionnaire",
        ),
        Transition(
            name="reopen_questionnaire",
            label=_("Reopen the questionnaire for the applicant"),
            sources=(S.SUBMITTED,),
            target=S.QUESTIONNAIRE,
            permission="pbcert.confirm_application",
            log_action="pbcert.application.reopen_questionnaire",
            needs_reason=True,
        ),
        Transition(
            name="start_screening",
            label=_("Start the completeness check"),
            sources=(S.SUBMITTED,),
            target=S.SCREENING,
            permission="pbcert.confirm_application",
            log_action="pbcert.application.start_screening",
            visible_to_applicant=False,
        ),
        Transition(
            name="accept_for_review",
            label=_("Complete and relevant: accept for expert review"),
            sources=(S.SCREENING,),
            target=S.IN_REVIEW,
            permission="pbcert.confirm_application",
            log_action="pbcert.application.accept_for_review",
        ),
        Transition(
            name="screen_ineligible",
            label=_("Ineligible (give the reason)"),
            sources=(S.SCREENING,),
            target=S.INELIGIBLE,
            permission="pbcert.confirm_application",
            log_action="pbcert.application.ineligible",
            needs_reason=True,
        ),
        Transition(
            name="ready_for_consortium",
            label=_("Reviews complete: ready for the consortium"),
            sources=(S.IN_REVIEW,),
            target=S.READY_FOR_DECISION,
            permission="pbcert.confirm_application",
            log_action="pbcert.application.ready_for_consortium",
            visible_to_applicant=False,
        ),
        Transition(
            name="withdraw",
            label=_("Withdraw (at the applicant's request)"),
            sources=(
                S.AWAITING_CONFIRMATION,
                S.QUESTIONNAIRE,
                S.SUBMITTED,
                S.SCREENING,
                S.IN_REVIEW,
                S.INFORMATION_REQUESTED,
                S.READY_FOR_DECISION,
            ),
            target=S.WITHDRAWN,
            permission="pbcert.confirm_application",
            log_action="pbcert.application.withdraw",
            needs_reason=True,
        ),
        Transition(
            name="decline",
            label=_("Decline the application"),
            sources=(S.AWAITING_CONFIRMATION,),
            target=S.DECLINED,
            permission="pbcert.confirm_application",
            log_action="pbcert.application.decline",
            needs_reason=True,
        ),
    ]
}

# Transitions an expert asked to check completeness may fire too.
SCREENING_TRANSITIONS = {"accept_for_review", "screen_ineligible"}

# Log actions and their labels (registered with Wagtail in wagtail_hooks.py).
LOG_ACTIONS = {
    "pbcert.application.submit": _("Application submitted"),
    "pbcert.application.confirm": _("Confirmed: the certification process starts"),
    "pbcert.application.decline": _("Declined"),
    "pbcert.application.contact_changed": _("Contact email changed"),
    "pbcert.application.submit_questionnaire": _("Questionnaire submitted"),
    "pbcert.application.reopen_questionnaire": _("Questionnaire reopened for changes"),
    "pbcert.application.extension": _("Questionnaire deadline extended"),
    "pbcert.application.change_notice": _("The applicant told us about a change"),
    "pbcert.application.start_screening": _("Completeness check started"),
    "pbcert.application.accept_for_review": _("Accepted for expert review"),
    "pbcert.application.ineligible": _("Found ineligible"),
    "pbcert.application.ready_for_consortium": _("Ready for the consortium"),
    "pbcert.application.withdraw": _("Withdrawn"),
    "pbcert.application.expert_assigned": _("Expert assigned"),
    "pbcert.application.expert_withdrawn": _("Expert assignment withdrawn"),
    "pbcert.application.conflict_declared": _("An expert declared a conflict of interest"),
    "pbcert.application.no_conflict": _("An expert declared no conflict of interest"),
    "pbcert.application.review_submitted": _("Expert review submitted"),
    "pbcert.application.information_requested": _("More information requested"),
    "pbcert.application.information_answered": _(
        "The applicant answered the request for information"
    ),
    "pbcert.application.information_extended": _("The deadline for the information was extended"),
    "pbcert.application.decided": _("The consortium decided"),
    "pbcert.application.result_published": _("Result published"),
    "pbcert.application.information_suggested": _(
        "An expert suggested asking for more information"
    ),
    "pbcert.application.decision_amended": _("The decision was corrected before publication"),
    "pbcert.application.answers_changed": _("The applicant changed answers"),
}
APPLICANT_VISIBLE_ACTIONS = {
    "pbcert.application.submit",
    "pbcert.application.confirm",
    "pbcert.application.decline",
    "pbcert.application.submit_questionnaire",
    "pbcert.application.reopen_questionnaire",
    "pbcert.application.extension",
    "pbcert.application.change_notice",
    "pbcert.application.accept_for_review",
    "pbcert.application.ineligible",
    "pbcert.application.withdraw",
    "pbcert.application.information_requested",
    "pbcert.application.information_answered",
    "pbcert.application.information_extended",
    "pbcert.application.result_published",
}


def available_transitions(application, user):
    """The transitions this staff user may fire on this application now."""
    return [
        t
        for t in TRANSITIONS.values()
        if application.status in t.sources and t.permission and user.has_perm(t.permission)
    ]


def record_submission(application):
    log(
        instance=application,
        action="pbcert.application.submit",
        user=None,
        data={"reference": application.reference},
    )


@transaction.atomic
def fire(application, name, user, comment=""):
    """Fire transition `name`: check, change the status, log, notify — all or nothing."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionNotAllowed(_("Unknown action."))
    if transition.permission and not (user and user.has_perm(transition.permission)):
        from . import permissions

        screening_expert = (
            name in SCREENING_TRANSITIONS and user and permissions.may_screen(user, application)
        )
        if not screening_expert:
            raise PermissionDenied
    # Re-read under the transaction so two staff clicking at once cannot both fire it.
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.status not in transition.sources:
        raise TransitionNotAllowed(
            _("This application is now “%(status)s”: “%(action)s” is no longer possible.")
            % {"status": current.get_status_display(), "action": transition.label}
        )
    comment = (comment or "").strip()
    if transition.needs_reason and not comment:
        raise TransitionNotAllowed(_("Give a reason: the applicant will read it."))
    if name == "accept_for_review" and not screening_complete(current):
        raise TransitionNotAllowed(_("Tick every item of the completeness checklist first."))
    if name == "ready_for_consortium":
        needed = current.call.experts_per_application
        if submitted_review_count(current) < needed:
            raise TransitionNotAllowed(
                _("%(needed)s submitted expert reviews are needed; there are %(count)s.")
                % {"needed": needed, "count": submitted_review_count(current)}
            )
    updated = Application.objects.filter(pk=current.pk, status=current.status).update(
        status=transition.target,
        status_reason=comment if transition.needs_reason else current.status_reason,
        confirmed_at=timezone.now() if name == "confirm" else current.confirmed_at,
        updated_at=timezone.now(),
    )
    if not updated:
        raise TransitionNotAllowed(_("Someone else changed this application just now."))
    application.refresh_from_db()
    log(
        instance=application,
        action=transition.log_action,
        user=user,
        data={"comment": comment, "from": current.status, "to": transition.target},
    )
    TRIGGERS.get(name, lambda app, comment: None)(application, comment)
    return application


def _freeze(application):
    from .scores import freeze_criteria

    freeze_criteria(application.call)


def _reopened(application, comment):
    """Open the answers again; after the deadline, give the applicant days to resubmit."""
    from datetime import timedelta

    from . import conf
    from .models.questionnaires import QuestionnaireResponse

    response, _created = QuestionnaireResponse.objects.get_or_create(application=application)
    response.submitted_at = None
    fields = ["submitted_at"]
    if response.is_overdue():
        response.extended_until = timezone.localdate() + timedelta(days=conf.get("REOPEN_DAYS"))
        fields.append("extended_until")
    response.save(update_fields=fields)
    notifications.questionnaire_reopened(application)


def _questionnaire_submitted(application, comment):
    notifications.questionnaire_received(application)
    notifications.questionnaire_received_for_staff(application)


def _withdrawn(application, comment):
    from .models import InformationRequest

    # Open requests for information end with the application.
    InformationRequest.objects.filter(application=application, answered_at__isnull=True).update(
        answered_at=timezone.now(), answer_text="—"
    )
    notifications.application_withdrawn(application)


TRIGGERS = {
    "screen_ineligible": lambda application, comment: notifications.application_ineligible(
        application
    ),
    "accept_for_review": lambda application, comment: _freeze(application),
    "withdraw": _withdrawn,
    "confirm": lambda application, comment: notifications.application_confirmed(application),
    "decline": lambda application, comment: notifications.application_declined(application),
    "submit_questionnaire": _questionnaire_submitted,
    "reopen_questionnaire": _reopened,
}


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
    response.save(update_fields=["submitted_at"])
    return fire(application, "submit_questionnaire", None)


@transaction.atomic
def grant_extension(application, until, user):
    """Staff let one application submit its questionnaire until `until`."""
    from .models.questionnaires import QuestionnaireResponse

    if not user.has_perm("pbcert.confirm_application"):
        raise PermissionDenied
    response, _created = QuestionnaireResponse.objects.get_or_create(application=application)
    response.extended_until = until
    response.save(update_fields=["extended_until"])
    log(
        instance=application,
        action="pbcert.application.extension",
        user=user,
        data={"comment": str(until), "until": until.isoformat()},
    )
    notifications.questionnaire_extended(application, until)
    return response


@transaction.atomic
def change_contact_email(application, new_email, user=None):
    """Move the application to a new contact address: the old one is told, its links stop."""
    from .models.applications import AccessToken

    old_email = application.contact_email
    application.contact_email = new_email
    application.contacts = _replace_email(application.contacts, old_email, new_email)
    for question in application.questions:
        if question.get("type") == "contacts":
            key = question["key"]
            application.answers[key] = _replace_email(
                application.answers.get(key) or [], old_email, new_email
            )
    application.save(update_fields=["contact_email", "contacts", "answers", "updated_at"])
    AccessToken.objects.filter(application=application, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    log(
        instance=application,
        action="pbcert.application.contact_changed",
        user=user,
        data={"old": old_email, "new": new_email},
    )
    notifications.contact_email_changed(application, old_email)
    notifications.new_private_link(application)
    return application


def _replace_email(contacts, old_email, new_email):
    """The contact list with the person who had `old_email` now at `new_email`."""
    contacts = [dict(contact) for contact in contacts]
    for contact in contacts:
        if contact.get("email", "").lower() == old_email.lower():
            contact["email"] = new_email
            break
    else:
        contacts.insert(0, {"name": "", "role": "", "email": new_email, "phone": ""})
    return contacts


def record_change_notice(application, notice):
    """Log the applicant's change notice and tell staff."""
    log(
        instance=application,
        action="pbcert.application.change_notice",
        user=None,
        data={"comment": notice.text[:500], "notice": notice.pk},
    )
    notifications.change_notice_for_staff(application, notice)


# -- Screening, review, exits (issue "Review") --------------------------------------


def screening_checklist():
    """The completeness checklist staff tick before accepting an application for review."""
    from . import conf

    return conf.get("SCREENING_CHECKLIST")


@transaction.atomic
def save_screening(application, ticked, user):
    """Record which checklist items were ticked (keys of PBCERT["SCREENING_CHECKLIST"]),
    by staff or by the expert they asked to check completeness."""
    from . import permissions

    if not (user and permissions.may_screen(user, application)):
        raise PermissionDenied
    keys = [item[0] for item in screening_checklist()]
    application.screening = {key: key in ticked for key in keys}
    application.save(update_fields=["screening", "updated_at"])
    return application


def screening_complete(application):
    return all(application.screening.get(item[0]) for item in screening_checklist())


@transaction.atomic
def assign_expert(application, expert, due_date, user, purpose="review"):
    """Ask `expert` to review `application` (or check its completeness) by `due_date`;
    they are emailed."""
    from .models import ReviewAssignment

    if not (user and user.has_perm("pbcert.confirm_application")):
        raise PermissionDenied
    if not expert.has_perm("pbcert.review_assigned"):
        raise TransitionNotAllowed(_("%(user)s is not in the Experts group.") % {"user": expert})
    if application.status not in (S.SCREENING, S.IN_REVIEW, S.SUBMITTED):
        raise TransitionNotAllowed(
            _("Experts are assigned once the questionnaire is submitted (now: “%(status)s”).")
            % {"status": application.get_status_display()}
        )
    assignment, created = ReviewAssignment.objects.get_or_create(
        application=application,
        expert=expert,
        purpose=purpose,
        defaults={"due_date": due_date, "assigned_by": user},
    )
    if not created:
        if assignment.withdrawn_at is None:
            raise TransitionNotAllowed(_("This expert is already assigned."))
        if assignment.has_conflict:
            raise TransitionNotAllowed(
                _("This expert declared a conflict of interest with this application.")
            )
        assignment.withdrawn_at = None
        assignment.due_date = due_date
        assignment.save()
    log(
        instance=application,
        action="pbcert.application.expert_assigned",
        user=user,
        data={"comment": f"{expert.get_full_name() or expert.get_username()} · {due_date}"},
    )
    notifications.expert_assigned(assignment)
    return assignment


@transaction.atomic
def withdraw_assignment(assignment, user, reason=""):
    if not (user and user.has_perm("pbcert.confirm_application")):
        raise PermissionDenied
    assignment.withdrawn_at = timezone.now()
    assignment.save(update_fields=["withdrawn_at"])
    log(
        instance=assignment.application,
        action="pbcert.application.expert_withdrawn",
        user=user,
        data={"comment": f"{assignment.expert.get_username()}: {reason}"},
    )


@transaction.atomic
def declare_conflict(assignment, user, has_conflict, note=""):
    """The expert declares, before seeing any answer, whether they have a conflict."""
    from . import permissions

    if not permissions.may_declare(user, assignment):
        raise PermissionDenied
    assignment.has_conflict = bool(has_conflict)
    assignment.conflict_note = (note or "").strip()
    assignment.declared_at = timezone.now()
    assignment.save(update_fields=["has_conflict", "conflict_note", "declared_at"])
    log(
        instance=assignment.application,
        action="pbcert.application.conflict_declared"
        if has_conflict
        else "pbcert.application.no_conflict",
        user=user,
        data={"comment": assignment.conflict_note},
    )
    if has_conflict:
        notifications.conflict_for_staff(assignment)
    return assignment


@transaction.atomic
def submit_review(review, user):
    """Lock the expert's review; every evaluation criterion needs a score."""
    from . import permissions
    from .scores import freeze_criteria

    assignment = review.assignment
    if not permissions.may_score(user, assignment):
        raise PermissionDenied
    criteria = [c for c in freeze_criteria(assignment.application.call) if c.stage == "evaluation"]
    missing = [c for c in criteria if (review.scores.get(c.code) or {}).get("score") in (None, "")]
    if missing or not review.recommendation:
        raise TransitionNotAllowed(
            _("Score every criterion and choose a recommendation before submitting.")
        )
    review.submitted_at = timezone.now()
    review.save(update_fields=["submitted_at"])
    log(
        instance=assignment.application,
        action="pbcert.application.review_submitted",
        user=user,
        data={"comment": review.get_recommendation_display()},
    )
    return review


def submitted_review_count(application):
    from .models import ExpertReview

    return ExpertReview.objects.filter(
        assignment__application=application,
        assignment__withdrawn_at__isnull=True,
        submitted_at__isnull=False,
    ).count()


# -- The information-request detour ---------------------------------------------------

INFORMATION_FROM = (S.SCREENING, S.IN_REVIEW)


@transaction.atomic
def request_information(application, text, due_date, unlocked_keys, user):
    """Staff ask for more: the application waits in "more information requested"."""
    from .models import InformationRequest

    if not (user and user.has_perm("pbcert.confirm_application")):
        raise PermissionDenied
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.status not in INFORMATION_FROM:
        raise TransitionNotAllowed(
            _(
                "Information can be requested during the completeness check or the review (now: “%(status)s”)."
            )
            % {"status": current.get_status_display()}
        )
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
    Application.objects.filter(pk=current.pk).update(
        status=S.INFORMATION_REQUESTED, updated_at=timezone.now()
    )
    application.refresh_from_db()
    log(
        instance=application,
        action="pbcert.application.information_requested",
        user=user,
        data={"comment": text, "from": current.status, "to": S.INFORMATION_REQUESTED},
    )
    notifications.information_requested(application, request)
    return request


@transaction.atomic
def answer_information_request(request, answer_text, changes):
    """The applicant answers: changed answers are kept as revisions, the application
    returns to the stage it came from, staff are told. `changes` = {key: new value}."""
    from .models import AnswerRevision, InformationRequest
    from .models.questionnaires import QuestionnaireResponse

    request = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise TransitionNotAllowed(_("This request has already been answered."))
    application = Application.objects.select_for_update().get(pk=request.application_id)
    if application.status != S.INFORMATION_REQUESTED:
        raise TransitionNotAllowed(_("This request is no longer open."))
    response, _created = QuestionnaireResponse.objects.get_or_create(application=application)
    for key, value in changes.items():
        if key not in request.unlocked_keys:
            continue
        old = response.answers.get(key)
        if (old or None) != (value or None):
            AnswerRevision.objects.create(
                application=application,
                information_request=request,
                key=key,
                old_value=old,
                new_value=value,
            )
            response.answers[key] = value
    response.save(update_fields=["answers"])
    request.answer_text = answer_text
    request.answered_at = timezone.now()
    request.save(update_fields=["answer_text", "answered_at"])
    Application.objects.filter(pk=application.pk).update(
        status=request.return_status, updated_at=timezone.now()
    )
    application.refresh_from_db()
    log(
        instance=application,
        action="pbcert.application.information_answered",
        user=None,
        data={
            "comment": answer_text[:500],
            "from": S.INFORMATION_REQUESTED,
            "to": request.return_status,
        },
    )
    notifications.information_answered_for_staff(application, request)
    return request


@transaction.atomic
def extend_information_request(request, until, user):
    if not (user and user.has_perm("pbcert.confirm_application")):
        raise PermissionDenied
    if not request.is_open or request.application.status != S.INFORMATION_REQUESTED:
        raise TransitionNotAllowed(_("This request is no longer open."))
    request.due_date = until
    request.save(update_fields=["due_date"])
    log(
        instance=request.application,
        action="pbcert.application.information_extended",
        user=user,
        data={"comment": str(until)},
    )
    notifications.information_extended(request.application, request)


# -- The consortium's decision --------------------------------------------------------


@transaction.atomic
def record_decision(
    application,
    user,
    *,
    meeting_date,
    members_present,
    outcome,
    rationale,
    rationale_other="",
    recommendations=(),
    progress_assessment="",
    votes=None,
):
    """Record the consortium's decision: quorum present, votes only by members present.

    The application becomes "decided"; nothing reaches the applicant until publication.
    """
    from . import conf
    from .models import ConsortiumDecision, ConsortiumVote, Outcome

    if not (user and user.has_perm("pbcert.record_decision")):
        raise PermissionDenied
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.status != S.READY_FOR_DECISION:
        raise TransitionNotAllowed(
            _(
                "A decision is recorded when the application is ready for the consortium (now: “%(status)s”)."
            )
            % {"status": current.get_status_display()}
        )
    if ConsortiumDecision.objects.filter(application=current).exists():
        raise TransitionNotAllowed(_("This application already has a decision."))
    members = list(members_present)
    not_members = [
        m
        for m in members
        if not m.is_active or not m.groups.filter(name="Consortium members").exists()
    ]
    if not_members:
        raise TransitionNotAllowed(
            _("Only consortium members can be recorded as present: %(names)s.")
            % {"names": ", ".join(m.get_username() for m in not_members)}
        )
    quorum = conf.get("CONSORTIUM_QUORUM")
    if len(set(members)) < quorum:
        raise TransitionNotAllowed(
            _("The quorum is %(quorum)s members present; %(count)s were recorded.")
            % {"quorum": quorum, "count": len(set(members))}
        )
    if outcome not in Outcome.values:
        raise TransitionNotAllowed(_("Choose the outcome."))
    if not (rationale or "").strip():
        raise TransitionNotAllowed(_("Give the rationale: the applicant will read it."))
    votes = votes or {}
    strangers = [voter for voter in votes if voter not in members]
    if strangers:
        raise TransitionNotAllowed(_("Only members present at the meeting may vote."))
    decision = ConsortiumDecision.objects.create(
        application=current,
        meeting_date=meeting_date,
        outcome=outcome,
        rationale=rationale.strip(),
        rationale_other=(rationale_other or "").strip(),
        recommendations=list(recommendations),
        progress_assessment=(progress_assessment or "").strip(),
        author=user,
    )
    decision.members_present.set(members)
    for voter, vote in votes.items():
        if vote not in Outcome.values:
            raise TransitionNotAllowed(_("A vote must be one of the outcomes."))
        ConsortiumVote.objects.create(decision=decision, member=voter, vote=vote)
    Application.objects.filter(pk=current.pk).update(status=S.DECIDED, updated_at=timezone.now())
    application.refresh_from_db()
    log(
        instance=application,
        action="pbcert.application.decided",
        user=user,
        data={
            "comment": decision.get_outcome_display(),
            "from": S.READY_FOR_DECISION,
            "to": S.DECIDED,
        },
    )
    return decision


def suggest_information_request(review, user):
    """An expert suggests asking the applicant for something; staff are told."""
    log(
        instance=review.assignment.application,
        action="pbcert.application.information_suggested",
        user=user,
        data={"comment": review.suggested_request[:500]},
    )
    notifications.information_suggested_for_staff(review)


@transaction.atomic
def amend_decision(decision, user, **fields):
    """Correct a decision before publication; a published decision is locked."""
    from .models import ConsortiumDecision

    if not (user and user.has_perm("pbcert.record_decision")):
        raise PermissionDenied
    current = ConsortiumDecision.objects.select_for_update().get(pk=decision.pk)
    if current.is_published:
        raise TransitionNotAllowed(_("A published decision cannot be changed."))
    from .models import Outcome

    allowed = {"rationale", "rationale_other", "recommendations", "progress_assessment", "outcome"}
    for name, value in fields.items():
        if name not in allowed:
            raise TransitionNotAllowed(_("This part of a decision cannot be changed."))
        setattr(current, name, value)
    if current.outcome not in Outcome.values:
        raise TransitionNotAllowed(_("Choose the outcome."))
    if not (current.rationale or "").strip():
        raise TransitionNotAllowed(_("Give the rationale: the applicant will read it."))
    current.save()
    log(
        instance=current.application,
        action="pbcert.application.decision_amended",
        user=user,
        data={"comment": ", ".join(sorted(fields))},
    )
    return current
