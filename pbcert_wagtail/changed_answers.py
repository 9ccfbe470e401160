"""Answers an applicant changed after an expert began reviewing: the email to the experts
when a reply to a request for information changed answers, and the "changed since you
reviewed" note on the expert's assignment screen (the word diff of each question)."""

from types import SimpleNamespace

from . import notifications
from .answers import questions_in, revision_rows
from .i18n import current_language
from .models import AssignmentPurpose, ExpertReview, QuestionnaireResponse


def question_labels(application, language=None):
    """{key: label} of the questions as the applicant was asked them, in `language` where
    the forms have a translation: the questionnaire's first (information requests unlock
    its answers), then the C1 form's."""
    response = QuestionnaireResponse.objects.filter(application=application).first()
    labels = {}
    for source in ([response] if response else []) + [None]:
        for question in questions_in(application, source, language):
            if "key" in question:
                labels.setdefault(question["key"], question.get("label") or question["key"])
    return labels


def experts_to_tell(application):
    """Assigned reviewers still on the application, without a conflict, who have a review
    (submitted or a draft): those whose reading the change may have overtaken."""
    return (
        application.assignments.active()
        .filter(purpose=AssignmentPurpose.REVIEW, has_conflict=False, review__isnull=False)
        .select_related("expert", "review")
    )


def tell_experts(application, transition, user, **kwargs):
    """The `application_transitioned` receiver: when the applicant's answer to a request
    changed answers, each expert to tell gets one email per answer, naming the questions."""
    if transition.name != "answer_information":
        return
    answered = application.information_requests.filter(answered_at__isnull=False)
    request = answered.order_by("-answered_at", "-pk").first()
    keys = list(dict.fromkeys(request.revisions.values_list("key", flat=True))) if request else []
    if not keys:
        return
    for assignment in experts_to_tell(application):
        labels = question_labels(application, notifications.admin_language(assignment.expert))
        notifications.to_expert(
            "expert_answers_changed",
            assignment,
            dedupe_key=f"answers_changed:{request.pk}:{assignment.pk}",
            changed=[labels.get(key, key) for key in keys],
            review_submitted=assignment.review.is_submitted,
        )


def changed_since_reviewed(assignment):
    """[{label, key, when, diff}], one per question whose answer changed after the expert
    submitted their review (or, for a draft, after they declared no conflict and first saw
    the answers): from the answer then to the answer now. Nothing before a review is begun:
    the expert then reads the answers as they are."""
    review = ExpertReview.objects.filter(assignment=assignment).first()
    since = review and (review.submitted_at or assignment.declared_at)
    if not since or not assignment.may_see_answers:
        return []
    application = assignment.application
    first, last = {}, {}
    for revision in application.revisions.filter(created_at__gt=since).order_by("created_at", "pk"):
        first.setdefault(revision.key, revision)
        last[revision.key] = revision
    if not first:
        return []
    response = QuestionnaireResponse.objects.filter(application=application).first()
    spans = [  # from the answer then to the answer now, named as the reader reads it
        SimpleNamespace(
            key=key,
            old_value=first[key].old_value,
            new_value=last[key].new_value,
            created_at=last[key].created_at,
        )
        for key in first
    ]
    return revision_rows(application, spans, response, current_language())
