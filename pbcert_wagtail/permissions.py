"""Who may do what with which object, one function per question: model permissions (roles.py)
say what a role may do at all; these add the object (*this* application, *this* assignment)."""

from django.db.models import Q

from .models import Application, ApplicationStatus, ExpertQuestion, ReviewAssignment

# The consortium sees an application from "ready for the consortium" onward.
CONSORTIUM_STAGES = (ApplicationStatus.READY_FOR_DECISION, ApplicationStatus.DECIDED)


def is_staff_member(user):
    """Programme staff: may manage applications (confirm, screen, assign, decide)."""
    return user.is_authenticated and user.has_perm("pbcert.confirm_application")


def is_expert(user):
    return user.is_authenticated and user.has_perm("pbcert.review_assigned")


def is_consortium_member(user):
    return user.is_authenticated and user.has_perm("pbcert.record_decision")


def may_manage_people(user):
    """Programme staff (and superusers): the People screen, inviting experts and consortium
    members, deactivating and reactivating them."""
    return user.is_authenticated and user.has_perm("pbcert.manage_people")


def may_invite_staff(user):
    """Inviting (and deactivating) programme staff too: superusers, or whoever the site
    gives "pbcert.invite_staff" in a group of its own (the role groups are reset on migrate)."""
    return may_manage_people(user) and user.has_perm("pbcert.invite_staff")


def sees_every_stage(user):
    """Staff, or someone given the view permission alone; not the consortium (staff
    excepted), who see applications only from "ready for the consortium" onward."""
    return is_staff_member(user) or (
        user.has_perm("pbcert.view_application") and not is_consortium_member(user)
    )


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
    """The one rule, for any mix of roles. A conflict (declared or not yet) hides the
    application whatever else the person is; staff see every other one; the consortium
    from "ready for the consortium" onward; an expert the ones assigned to them, after
    declaring no conflict (a consortium member who is its expert sees it as the expert)."""
    if not user.is_authenticated or _blocked_by_assignment(user, application):
        return False
    return (
        sees_every_stage(user)
        or (is_consortium_member(user) and application.status in CONSORTIUM_STAGES)
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
    """Scores and who recommended what: staff and the consortium (where they see the
    application), an expert only once their own review of it is submitted."""
    if not may_see_application(user, application) or _review_pending(user, application):
        return False
    own = _assignments(user, application, has_conflict=False, review__submitted_at__isnull=False)
    return user.has_perm("pbcert.view_expertreview") or own.exists()


def assignments_of(user):
    """The assignments an expert works on (their own, active)."""
    if not is_expert(user):
        return ReviewAssignment.objects.none()
    return ReviewAssignment.objects.active().filter(expert=user)


def visible_applications(user):
    """The applications `may_see_application` allows, as one query: for listings, counts,
    exports, history and the outbox."""
    if not user.is_authenticated:
        return Application.objects.none()
    own = ReviewAssignment.objects.active().filter(expert=user).values("application_id")
    mine = Q(pk__in=own.filter(has_conflict=False))
    if sees_every_stage(user):
        mine = Q()
    elif is_consortium_member(user):
        mine |= Q(status__in=CONSORTIUM_STAGES)
    return Application.objects.filter(mine).exclude(pk__in=own.exclude(has_conflict=False))


def reviews_hidden_from(user, applications):
    """Ids among `applications` whose scores and reviews this user may not see now."""
    if not user.has_perm("pbcert.view_expertreview"):
        return {a.pk for a in applications}
    pending = assignments_of(user).filter(purpose="review", has_conflict=False)
    pending = pending.exclude(review__submitted_at__isnull=False)
    return set(pending.values_list("application_id", flat=True))


def may_manage_questions(user):
    """Ask an expert: staff (and superusers) see every confirmed question, assign it, and
    turn an answered one into an FAQ draft."""
    return is_staff_member(user)


def questions_for(user):
    """The questions to experts `user` may open: staff every confirmed one; an expert only
    those assigned to them (as with applications); anyone else none. An unconfirmed
    question is nobody's: it has not reached the queue."""
    confirmed = ExpertQuestion.objects.confirmed()
    if may_manage_questions(user):
        return confirmed
    if is_expert(user):
        return confirmed.filter(expert=user)
    return ExpertQuestion.objects.none()
