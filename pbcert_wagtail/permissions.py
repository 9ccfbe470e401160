"""Who may do what with which object, one function per question: model permissions (roles.py)
say what a role may do at all; these add the object (*this* application, *this* assignment)."""

from .models import Application, ReviewAssignment


def is_staff_member(user):
    """Programme staff: may manage applications (confirm, screen, assign, decide)."""
    return user.is_authenticated and user.has_perm("pbcert.confirm_application")


def is_expert(user):
    return user.is_authenticated and user.has_perm("pbcert.review_assigned")


def _assignments(user, application, **filters):
    """The person's active assignments to the application, narrowed by `filters`."""
    return ReviewAssignment.objects.active().filter(application=application, expert=user, **filters)


def _blocked_by_assignment(user, application):
    """An assignment whose conflict question is open or answered "yes" hides the
    application from that person, whatever their other roles."""
    return _assignments(user, application).exclude(has_conflict=False).exists()


def _review_pending(user, application):
    """The person has a review of this application still to submit (so must not see others')."""
    pending = _assignments(user, application, purpose="review", has_conflict=False)
    return pending.exclude(review__submitted_at__isnull=False).exists()


def may_see_application(user, application):
    """Staff and consortium members see every application; an expert only one assigned to
    them, after declaring no conflict of interest. A conflict (or an undeclared one)
    hides the application even from someone who also holds another role."""
    if not user.is_authenticated or _blocked_by_assignment(user, application):
        return False
    return (
        user.has_perm("pbcert.view_application")
        or _assignments(user, application, has_conflict=False).exists()
    )


def may_screen(user, application):
    """Staff, or an expert they asked to check this application's completeness
    (without a conflict), while the check is open."""
    return is_staff_member(user) or (
        application.status == "screening"
        and _assignments(user, application, purpose="screening", has_conflict=False).exists()
    )


def _own_active(user, assignment):
    """An expert's own assignment that still stands."""
    return is_expert(user) and assignment.expert_id == user.pk and assignment.is_active


def may_score(user, assignment):
    """Only the assigned expert, without a conflict, before submitting."""
    return (
        _own_active(user, assignment)
        and assignment.has_conflict is False
        and assignment.purpose == "review"
        and Application.objects.filter(pk=assignment.application_id, status="in_review").exists()
        and not (hasattr(assignment, "review") and assignment.review.is_submitted)
    )


def may_declare(user, assignment):
    return _own_active(user, assignment) and assignment.has_conflict is None


def may_see_reviews(user, application):
    """Staff and consortium see all reviews; an expert sees the others' only once their own
    review of this application is submitted."""
    if not user.is_authenticated:
        return False
    if _blocked_by_assignment(user, application) or _review_pending(user, application):
        return False
    own = _assignments(user, application, has_conflict=False, review__submitted_at__isnull=False)
    return user.has_perm("pbcert.view_expertreview") or own.exists()


def assignments_of(user):
    """The assignments an expert works on (their own, active)."""
    if not is_expert(user):
        return ReviewAssignment.objects.none()
    return ReviewAssignment.objects.active().filter(expert=user)


def visible_applications(user):
    """Applications this user may see, for listings, exports and choosers."""
    if not user.is_authenticated:
        return Application.objects.none()
    own = ReviewAssignment.objects.active().filter(expert=user).values("application_id")
    if user.has_perm("pbcert.view_application"):
        return Application.objects.exclude(pk__in=own.exclude(has_conflict=False))
    return Application.objects.filter(pk__in=own.filter(has_conflict=False))
