"""Screening and expert review: the completeness checklist, assignments with their
conflict declaration, review submission, reminders to experts."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import conf, notifications, permissions
from ..models import Application, ExpertReview, ReviewAssignment
from ..scores import evaluation_criteria
from .machine import ENDS, S, TransitionNotAllowed, locked, log_event, require, screener

# Where staff may withdraw an assignment (the assignment action's statuses).
WITHDRAWABLE = (S.SUBMITTED, S.SCREENING, S.IN_REVIEW, S.INFORMATION_REQUESTED)


def screening_checklist():
    """The completeness checklist staff tick before accepting an application for review."""
    return conf.get("SCREENING_CHECKLIST")


@transaction.atomic
def save_screening(application, ticked, user):
    """Record which checklist items were ticked (keys of PBCERT["SCREENING_CHECKLIST"]),
    by staff or by the expert they asked to check completeness."""
    refusal = _("The checklist is ticked during the completeness check (now: “%(status)s”).")
    current = locked(application, (S.SCREENING,), refusal)
    require(user, screener, current)
    keys = [item[0] for item in screening_checklist()]
    current.screening = {key: key in ticked for key in keys}
    current.save(update_fields=["screening", "updated_at"])
    application.screening = current.screening
    return current


@transaction.atomic
def assign_expert(application, expert, due_date, user, purpose="review"):
    """Ask `expert` to review `application` (or check its completeness) by `due_date`;
    they are emailed."""
    require(user)
    if not expert.has_perm("pbcert.review_assigned"):
        raise TransitionNotAllowed(_("%(user)s is not in the Experts group.") % {"user": expert})
    refusal = _("Experts are assigned once the questionnaire is submitted (now: “%(status)s”).")
    locked(application, (S.SCREENING, S.IN_REVIEW, S.SUBMITTED), refusal)
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
    name = expert.get_full_name() or expert.get_username()
    log_event(application, "expert_assigned", user, f"{name} · {due_date}")
    notifications.to_expert("expert_assigned", assignment)
    return assignment


def locked_assignment(assignment):
    """`assignment` re-read under lock (its application locked first, as every action
    locks it), so two people acting on it at once act one after the other."""
    Application.objects.select_for_update().filter(pk=assignment.application_id).first()
    return ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)


@transaction.atomic
def withdraw_assignment(assignment, user, reason=""):
    """Staff end an expert's assignment while the application is screened or reviewed."""
    require(user)
    refusal = _("An assignment is withdrawn during screening or review (now: “%(status)s”).")
    locked(assignment.application, (*WITHDRAWABLE,), refusal)
    assignment = locked_assignment(assignment)
    if not assignment.is_active:
        raise TransitionNotAllowed(_("This assignment has already been withdrawn."))
    assignment.withdrawn_at = timezone.now()
    assignment.save(update_fields=["withdrawn_at"])
    comment = f"{assignment.expert.get_username()}: {reason}"
    log_event(assignment.application, "expert_withdrawn", user, comment)


@transaction.atomic
def declare_conflict(assignment, user, has_conflict, note=""):
    """The expert declares, before seeing any answer, whether they have a conflict: once
    (a second declaration, from another tab, is refused)."""
    assignment = locked_assignment(assignment)
    if assignment.declared_at and assignment.expert_id == getattr(user, "pk", None):
        raise TransitionNotAllowed(
            _("You have already answered the conflict-of-interest question.")
        )
    require(user, permissions.may_declare, assignment)
    assignment.has_conflict = bool(has_conflict)
    assignment.conflict_note = (note or "").strip()
    assignment.declared_at = timezone.now()
    assignment.save(update_fields=["has_conflict", "conflict_note", "declared_at"])
    action = "conflict_declared" if has_conflict else "no_conflict"
    log_event(assignment.application, action, user, assignment.conflict_note)
    if has_conflict:
        notifications.to_staff("staff_conflict", assignment.application, assignment=assignment)
    return assignment


@transaction.atomic
def save_review(assignment, user, **texts):
    """The expert saves their review (`texts`: scores, recommendation, recommendations,
    suggested_request) under the assignment's lock: refused once it is submitted. To
    submit, call `submit_review` in the same transaction, so that what it checks is
    what was saved (a draft from another tab waits for the lock)."""
    assignment = locked_assignment(assignment)
    if hasattr(assignment, "review") and assignment.review.is_submitted:
        raise TransitionNotAllowed(_("This review has already been submitted."))
    require(user, permissions.may_score, assignment)
    review = getattr(assignment, "review", None) or ExpertReview(assignment=assignment)
    suggested = texts.get("suggested_request")
    suggested_now = suggested and suggested != review.suggested_request
    for name, value in texts.items():
        setattr(review, name, value)
    review.saved_at = timezone.now()
    review.save()
    if suggested_now:
        suggest_information_request(review, user)
    return review


@transaction.atomic
def submit_review(review, user):
    """Lock the expert's review; every evaluation criterion needs a score."""
    assignment = locked_assignment(review.assignment)
    require(user, permissions.may_score, assignment)
    review = ExpertReview.objects.get(pk=review.pk)
    criteria = evaluation_criteria(assignment.application.call)
    missing = [c for c in criteria if (review.scores.get(c.code) or {}).get("score") in (None, "")]
    if missing or not review.recommendation:
        raise TransitionNotAllowed(
            _("Score every criterion and choose a recommendation before submitting.")
        )
    review.submitted_at = timezone.now()
    review.save(update_fields=["submitted_at"])
    recommendation = str(review.get_recommendation_display())
    log_event(assignment.application, "review_submitted", user, recommendation)
    return review


def suggest_information_request(review, user):
    """An expert suggests asking the applicant for something; staff are told."""
    application = review.assignment.application
    log_event(application, "information_suggested", user, review.suggested_request[:500])
    notifications.to_staff("staff_information_suggested", application, review=review)


def send_review_reminders(today=None):
    """Remind experts of reviews not submitted: before the due date and once overdue."""
    assignments = (
        ReviewAssignment.objects.active()
        .filter(review__submitted_at__isnull=True)
        # Nothing is asked of an expert once the application has left the stage.
        .filter(
            Q(purpose="review") & ~Q(application__status__in=(S.READY_FOR_DECISION, *ENDS))
            | Q(purpose="screening", application__status__in=(S.SUBMITTED, S.SCREENING))
        )
        .exclude(has_conflict=True)
        .select_related("application__municipality", "expert")
    )
    return notifications.send_reminders(
        "review",
        list(assignments),
        lambda assignment: assignment.due_date,
        lambda assignment, key, **when: notifications.to_expert(
            "review_reminder", assignment, key, **when
        ),
        before=conf.days("REVIEW_REMINDER_DAYS_BEFORE"),
        after=conf.days("REVIEW_REMINDER_DAYS_AFTER"),
        today=today,
    )
