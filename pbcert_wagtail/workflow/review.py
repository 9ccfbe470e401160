"""Screening and expert review: the completeness checklist, assignments with their
conflict declaration, review submission, reminders to experts."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import conf, notifications, permissions
from ..models import ReviewAssignment
from ..scores import evaluation_criteria
from .machine import ENDS, S, TransitionNotAllowed, locked, log_event, require, screener


def screening_checklist():
    """The completeness checklist staff tick before accepting an application for review."""
    return conf.get("SCREENING_CHECKLIST")


@transaction.atomic
def save_screening(application, ticked, user):
    """Record which checklist items were ticked (keys of PBCERT["SCREENING_CHECKLIST"]),
    by staff or by the expert they asked to check completeness."""
    require(user, screener, application)
    keys = [item[0] for item in screening_checklist()]
    application.screening = {key: key in ticked for key in keys}
    application.save(update_fields=["screening", "updated_at"])
    return application


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


@transaction.atomic
def withdraw_assignment(assignment, user, reason=""):
    require(user)
    assignment.withdrawn_at = timezone.now()
    assignment.save(update_fields=["withdrawn_at"])
    comment = f"{assignment.expert.get_username()}: {reason}"
    log_event(assignment.application, "expert_withdrawn", user, comment)


@transaction.atomic
def declare_conflict(assignment, user, has_conflict, note=""):
    """The expert declares, before seeing any answer, whether they have a conflict."""
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
def submit_review(review, user):
    """Lock the expert's review; every evaluation criterion needs a score."""
    assignment = review.assignment
    require(user, permissions.may_score, assignment)
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
