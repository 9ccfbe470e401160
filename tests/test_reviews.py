"""Review: roles, the life cycle after submission, screening, experts, scores."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pbcert_wagtail import permissions, workflow
from pbcert_wagtail.models import (
    ApplicationStatus,
    CallCriterion,
    Criterion,
    ExpertReview,
    OutboxMessage,
)
from pbcert_wagtail.scores import application_scores, freeze_criteria

from .actions import act, field_error, screen_url
from .conftest import body, soup
from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.fixture
def people(django_user_model, demo):
    return {
        name: django_user_model.objects.get(username=name)
        for name in ("admin", "staff", "expert1", "expert2", "consortium")
    }


@pytest.fixture
def submitted(demo):
    return ApplicationFactory(status=S.SUBMITTED, language="en")


def in_review(application, staff):
    workflow.fire(application, "start_screening", staff)
    workflow.save_screening(application, [k for k, *_ in workflow.screening_checklist()], staff)
    workflow.fire(application, "accept_for_review", staff)
    application.refresh_from_db()
    return application


def review(assignment, expert, scores, recommendation="certify", submit=True):
    workflow.declare_conflict(assignment, expert, False)
    item = ExpertReview.objects.create(
        assignment=assignment,
        scores={code: {"score": str(value), "comment": ""} for code, value in scores.items()},
        recommendation=recommendation,
    )
    if submit:
        workflow.submit_review(item, expert)
    return item


def test_roles_have_exactly_their_permissions(people):
    staff, expert, consortium = people["staff"], people["expert1"], people["consortium"]
    assert staff.has_perm("pbcert.confirm_application") and staff.has_perm(
        "pbcert.view_application"
    )
    assert expert.has_perm("pbcert.review_assigned")
    assert not expert.has_perm("pbcert.view_application")
    assert not expert.has_perm("pbcert.view_outboxmessage")
    assert consortium.has_perm("pbcert.view_application") and not consortium.has_perm(
        "pbcert.confirm_application"
    )
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Programme staff",
        "Experts",
        "Consortium members",
    }


def test_screening_then_review_then_consortium(submitted, people):
    staff = people["staff"]
    workflow.fire(submitted, "start_screening", staff)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.fire(submitted, "accept_for_review", staff)  # checklist not ticked
    workflow.save_screening(submitted, [k for k, *_ in workflow.screening_checklist()], staff)
    workflow.fire(submitted, "accept_for_review", staff)
    application = submitted
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    assert CallCriterion.objects.filter(call=application.call).count() == 8  # frozen
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.fire(application, "ready_for_consortium", staff)  # no reviews yet
    codes = [c.code for c in freeze_criteria(application.call) if c.stage == "evaluation"]
    for name in ("expert1", "expert2"):
        assignment = workflow.assign_expert(application, people[name], timezone.localdate(), staff)
        review(assignment, people[name], {code: 4 for code in codes})
    workflow.fire(application, "ready_for_consortium", staff)
    application.refresh_from_db()
    assert application.status == S.READY_FOR_DECISION


def test_ineligible_tells_the_applicant_in_their_language(submitted, people):
    staff = people["staff"]
    workflow.fire(submitted, "start_screening", staff)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.fire(submitted, "screen_ineligible", staff, comment="")
    workflow.fire(submitted, "screen_ineligible", staff, comment="PB is not run yet.")
    message = OutboxMessage.objects.get(event="application_ineligible")
    assert message.language == "en"
    assert "PB is not run yet." in message.body_text


def test_only_staff_fire_staff_transitions(submitted, people):
    for name in ("expert1", "consortium"):
        with pytest.raises(PermissionDenied):
            workflow.fire(submitted, "start_screening", people[name])
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_criteria_snapshot_survives_later_edits(submitted, people):
    application = in_review(submitted, people["staff"])
    criterion = Criterion.objects.get(code="community_impact", locale__language_code="ka")
    criterion.weight = Decimal("9")
    criterion.name = "სხვა სახელი"
    criterion.save()
    frozen = CallCriterion.objects.get(call=application.call, code="community_impact")
    assert frozen.weight == Decimal("1")
    assert frozen.name_ka != "სხვა სახელი"
    assert frozen.name_en == "Expected impact on the local community"


def test_score_arithmetic_on_a_worked_example(submitted, people):
    application = in_review(submitted, people["staff"])
    CallCriterion.objects.filter(call=application.call, code="motivation_resources").update(
        weight=2
    )
    a1 = workflow.assign_expert(
        application, people["expert1"], timezone.localdate(), people["staff"]
    )
    a2 = workflow.assign_expert(
        application, people["expert2"], timezone.localdate(), people["staff"]
    )
    review(
        a1,
        people["expert1"],
        {
            "motivation_resources": 5,
            "community_impact": 3,
            "local_decision_making": 4,
            "pb_development": 2,
        },
    )
    review(
        a2,
        people["expert2"],
        {
            "motivation_resources": 3,
            "community_impact": 3,
            "local_decision_making": 5,
            "pb_development": 4,
        },
    )
    rows, total = application_scores(application)
    by_code = {row.criterion.code: row for row in rows}
    assert by_code["motivation_resources"].mean == Decimal("4.00")
    assert by_code["motivation_resources"].spread == Decimal("2")
    assert by_code["local_decision_making"].mean == Decimal("4.50")
    assert by_code["community_impact"].spread == Decimal("0")
    # (2×4 + 1×3 + 1×4.5 + 1×3) / (2+1+1+1) = 18.5 / 5 = 3.70
    assert total == Decimal("3.70")


def test_conflict_of_interest_hides_the_application_and_tells_staff(client, submitted, people):
    application = in_review(submitted, people["staff"])
    assignment = workflow.assign_expert(
        application, people["expert1"], timezone.localdate(), people["staff"]
    )
    assert OutboxMessage.objects.filter(
        event="expert_assigned", recipient="expert1@example.org"
    ).exists()
    client.force_login(people["expert1"])
    page = client.get(f"/admin/pbcert/reviews/{assignment.pk}/").content.decode()
    assert 'name="has_conflict"' in page  # the declaration comes first…
    assert "pbcert-review__answers" not in page  # …before any answer
    response = client.post(
        f"/admin/pbcert/reviews/{assignment.pk}/",
        {"declare": "1", "has_conflict": "yes", "conflict_note": "I advise them."},
    )
    assert response.status_code == 302
    assert OutboxMessage.objects.filter(event="staff_conflict").exists()
    assert not permissions.may_see_application(people["expert1"], application)
    page = client.get(f"/admin/pbcert/reviews/{assignment.pk}/")
    assert "pbcert-review__answers" not in page.content.decode()


def test_review_drafts_locking_and_out_of_range_scores(client, submitted, people):
    application = in_review(submitted, people["staff"])
    assignment = workflow.assign_expert(
        application, people["expert1"], timezone.localdate(), people["staff"]
    )
    client.force_login(people["expert1"])
    url = f"/admin/pbcert/reviews/{assignment.pk}/"
    client.post(url, {"declare": "1", "has_conflict": "no"})
    bad = client.post(url, {"score-motivation_resources": "7", "save": "1"})
    assert bad.status_code == 400
    assert not ExpertReview.objects.filter(assignment=assignment).exists()
    draft = {
        "score-motivation_resources": "4",
        "comment-motivation_resources": "კარგი",
        "save": "1",
        "rec_criterion": "pb_development",
        "rec_text": "გამოიყენეთ ონლაინ გამოკითხვები.",
    }
    assert client.post(url, draft).status_code == 302
    item = ExpertReview.objects.get(assignment=assignment)
    assert item.scores["motivation_resources"] == {"score": "4", "comment": "კარგი"}
    assert item.recommendations == [
        {"criterion": "pb_development", "text": "გამოიყენეთ ონლაინ გამოკითხვები."}
    ]
    incomplete = client.post(url, {**draft, "submit": "1"})
    assert incomplete.status_code == 400
    full = {**draft, "recommendation": "conditions", "submit": "1"}
    for code in ("community_impact", "local_decision_making", "pb_development"):
        full[f"score-{code}"] = "3"
    assert client.post(url, full).status_code == 302
    item.refresh_from_db()
    assert item.is_submitted
    locked = client.post(url, {**full, "score-motivation_resources": "0"})
    assert locked.status_code in (302, 403)  # refused: Wagtail sends the user back home
    item.refresh_from_db()
    assert item.scores["motivation_resources"]["score"] == "4"


def test_experts_see_other_reviews_only_after_submitting_their_own(submitted, people):
    application = in_review(submitted, people["staff"])
    a1 = workflow.assign_expert(
        application, people["expert1"], timezone.localdate(), people["staff"]
    )
    a2 = workflow.assign_expert(
        application, people["expert2"], timezone.localdate(), people["staff"]
    )
    codes = [c.code for c in freeze_criteria(application.call) if c.stage == "evaluation"]
    review(a1, people["expert1"], {c: 4 for c in codes})
    workflow.declare_conflict(a2, people["expert2"], False)
    assert permissions.may_see_reviews(people["expert1"], application)
    assert not permissions.may_see_reviews(people["expert2"], application)
    assert permissions.may_see_reviews(people["consortium"], application)


def test_experts_listing_shows_only_their_assignments(client, demo, people):
    staff = people["staff"]
    mine = in_review(ApplicationFactory(status=S.SUBMITTED), staff)
    other = in_review(ApplicationFactory(status=S.SUBMITTED), staff)
    workflow.assign_expert(mine, people["expert1"], timezone.localdate(), staff)
    workflow.assign_expert(other, people["expert2"], timezone.localdate(), staff)
    client.force_login(people["expert1"])
    html = client.get("/admin/pbcert/reviews/").content.decode()
    assert mine.reference in html and other.reference not in html


def test_staff_assign_from_the_review_screen_and_see_scores(client, submitted, people):
    application = in_review(submitted, people["staff"])
    client.force_login(people["staff"])
    due = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    data = {"expert": people["expert1"].pk, "due_date": due, "purpose": "review"}
    response = act(client, application, "assign_expert", data)
    assert response.status_code == 302
    assert application.assignments.get().expert == people["expert1"]
    refused = act(client, application, "assign_expert", {**data, "expert": people["consortium"].pk})
    assert refused.status_code == 400
    assert field_error(refused, "expert")  # not offered: only experts can be chosen
    html = soup(client.get(screen_url(application)))
    assert html.select_one("#scores") is None  # no empty scores before a review is in


def test_review_reminders_before_and_after_the_due_date_once_each(submitted, people):
    application = in_review(submitted, people["staff"])
    due = timezone.localdate() + datetime.timedelta(days=10)
    assignment = workflow.assign_expert(application, people["expert1"], due, people["staff"])
    workflow.declare_conflict(assignment, people["expert1"], False)
    before = due - datetime.timedelta(days=3)
    after = due + datetime.timedelta(days=1)
    assert workflow.review.send_review_reminders(before) == 1
    assert workflow.review.send_review_reminders(before) == 0
    assert workflow.review.send_review_reminders(after) == 1
    assert workflow.review.send_review_reminders(after) == 0
    assert workflow.review.send_review_reminders(due) == 0
    reminders = OutboxMessage.objects.filter(
        event="review_reminder", recipient="expert1@example.org"
    )
    assert reminders.count() == 2


def test_listings_and_scores_are_bounded_with_200_applications_and_3_reviews(
    client, demo, people, django_user_model
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import MunicipalityFactory

    staff = people["staff"]
    experts = [people["expert1"], people["expert2"]]
    third = django_user_model.objects.create_user("expert3", "expert3@example.org", "pw")
    third.groups.add(Group.objects.get(name="Experts"))
    experts.append(third)

    def make(n):
        for _ in range(n):
            application = in_review(
                ApplicationFactory(status=S.SUBMITTED, municipality=MunicipalityFactory()), staff
            )
            codes = [c.code for c in freeze_criteria(application.call) if c.stage == "evaluation"]
            for expert in experts:
                review(
                    workflow.assign_expert(application, expert, timezone.localdate(), staff),
                    expert,
                    {c: 3 for c in codes},
                )
        return application

    def count(user, url):
        client.force_login(user)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    last = make(3)
    small = {
        "staff listing": count(staff, "/admin/pbcert_applications/"),
        "expert listing": count(people["expert1"], "/admin/pbcert/reviews/"),
        "scores": count(staff, screen_url(last)),
    }
    last = make(197)
    large = {
        "staff listing": count(staff, "/admin/pbcert_applications/"),
        "expert listing": count(people["expert1"], "/admin/pbcert/reviews/"),
        "scores": count(staff, screen_url(last)),
    }
    assert large == small


def test_an_expert_asked_to_check_completeness_may_accept(client, submitted, people):
    staff = people["staff"]
    workflow.fire(submitted, "start_screening", staff)
    assignment = workflow.assign_expert(
        submitted, people["expert1"], timezone.localdate(), staff, purpose="screening"
    )
    client.force_login(people["expert1"])
    url = f"/admin/pbcert/reviews/{assignment.pk}/"
    client.post(url, {"declare": "1", "has_conflict": "no"})
    keys = [k for k, *_ in workflow.screening_checklist()]
    assert (
        client.post(url, {"transition": "accept_for_review"}).status_code == 409
    )  # checklist first
    client.post(url, {"screening": "1", "checked": keys})
    assert client.post(url, {"transition": "accept_for_review"}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == S.IN_REVIEW
    # A reviewer (not asked to screen) may not fire screening transitions.
    other = ApplicationFactory(status=S.SUBMITTED)
    workflow.fire(other, "start_screening", staff)
    review_only = workflow.assign_expert(other, people["expert2"], timezone.localdate(), staff)
    workflow.declare_conflict(review_only, people["expert2"], False)
    with pytest.raises(PermissionDenied):
        workflow.fire(other, "accept_for_review", people["expert2"])
    client.force_login(people["expert2"])
    response = client.post(
        f"/admin/pbcert/reviews/{review_only.pk}/", {"transition": "accept_for_review"}
    )
    assert response.status_code in (302, 403)
    other.refresh_from_db()
    assert other.status == S.SCREENING


def test_a_conflict_outweighs_other_roles(client, submitted, people):
    """An expert who is also a consortium member sees nothing of an application they are
    conflicted on (or have not declared on), and no scores before their own review."""
    application = in_review(submitted, people["staff"])
    dual = people["expert2"]
    dual.groups.add(Group.objects.get(name="Consortium members"))
    assignment = workflow.assign_expert(application, dual, timezone.localdate(), people["staff"])
    assert not permissions.may_see_application(dual, application)  # not declared yet
    client.force_login(dual)
    url = f"/admin/pbcert_applications/review/{application.pk}/"
    assert client.get(url, follow=True).redirect_chain  # refused
    workflow.declare_conflict(assignment, dual, True, "related")
    assert not permissions.may_see_application(dual, application)
    export = body(client.get("/admin/pbcert_applications/export/?format=csv")).decode("utf-8-sig")
    assert application.reference not in export
    listing = client.get("/admin/pbcert_applications/").content.decode()
    assert application.reference not in listing
    # Re-assigning someone who declared a conflict is refused.
    workflow.withdraw_assignment(assignment, people["staff"])
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.assign_expert(application, dual, timezone.localdate(), people["staff"])


def test_no_peeking_at_scores_before_submitting_even_as_consortium(submitted, people):
    application = in_review(submitted, people["staff"])
    dual = people["expert2"]
    dual.groups.add(Group.objects.get(name="Consortium members"))
    a1 = workflow.assign_expert(
        application, people["expert1"], timezone.localdate(), people["staff"]
    )
    a2 = workflow.assign_expert(application, dual, timezone.localdate(), people["staff"])
    codes = [c.code for c in freeze_criteria(application.call) if c.stage == "evaluation"]
    review(a1, people["expert1"], {c: 4 for c in codes})
    workflow.declare_conflict(a2, dual, False)
    assert permissions.may_see_application(dual, application)
    assert not permissions.may_see_reviews(dual, application)


def test_no_review_once_the_application_has_left_review(submitted, people):
    application = in_review(submitted, people["staff"])
    assignment = workflow.assign_expert(
        application, people["expert1"], timezone.localdate(), people["staff"]
    )
    workflow.declare_conflict(assignment, people["expert1"], False)
    workflow.fire(application, "withdraw", people["staff"], comment="The municipality asked.")
    assignment.refresh_from_db()
    assert not permissions.may_score(people["expert1"], assignment)


def test_an_expert_may_suggest_an_information_request(client, submitted, people):
    application = in_review(submitted, people["staff"])
    assignment = workflow.assign_expert(
        application, people["expert1"], timezone.localdate(), people["staff"]
    )
    client.force_login(people["expert1"])
    url = f"/admin/pbcert/reviews/{assignment.pk}/"
    client.post(url, {"declare": "1", "has_conflict": "no"})
    client.post(url, {"save": "1", "suggested_request": "Ask for the council's decision of 2023."})
    notice = OutboxMessage.objects.get(event="staff_information_suggested")
    assert "council's decision of 2023" in notice.body_text


def test_assigning_an_expert_without_an_email_does_not_claim_an_email(client, submitted, people):
    application = in_review(submitted, people["staff"])
    silent = people["expert2"]
    type(silent).objects.filter(pk=silent.pk).update(email="")
    client.force_login(people["staff"])
    due = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    response = act(
        client,
        application,
        "assign_expert",
        {"expert": silent.pk, "due_date": due, "purpose": "review"},
        follow=True,
    )
    text = response.content.decode()
    assert "მას ელფოსტის მისამართი არ აქვს" in text
    assert not OutboxMessage.objects.filter(event="expert_assigned").exists()
