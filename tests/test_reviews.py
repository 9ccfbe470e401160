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
from pbcert_wagtail.scores import application_scores

from . import scenarios
from .actions import act, field_error, page_errors, screen_url
from .conftest import body, soup

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.fixture
def case(people):
    """An English application whose questionnaire was just submitted."""
    return scenarios.submitted(language="en", people=people)


def test_roles_have_exactly_their_permissions(people):
    staff, expert, consortium = people.staff, people.expert, people.chair
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


def test_screening_then_review_then_consortium(case, people):
    staff, application = people.staff, case.application
    workflow.fire(application, "start_screening", staff)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.fire(application, "accept_for_review", staff)  # checklist not ticked
    scenarios.tick_checklist(case)
    workflow.fire(application, "accept_for_review", staff)
    assert case.status == S.IN_REVIEW
    assert CallCriterion.objects.filter(call=application.call).count() == 8  # frozen
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.fire(application, "ready_for_consortium", staff)  # no reviews yet
    for expert in people.experts[:2]:
        scenarios.review(case, scenarios.assign(case, expert), 4)
    workflow.fire(application, "ready_for_consortium", staff)
    assert case.status == S.READY_FOR_DECISION


def test_ineligible_tells_the_applicant_in_their_language(case, people):
    staff = people.staff
    workflow.fire(case.application, "start_screening", staff)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.fire(case.application, "screen_ineligible", staff, comment="")
    workflow.fire(case.application, "screen_ineligible", staff, comment="PB is not run yet.")
    message = OutboxMessage.objects.get(event="application_ineligible")
    assert message.language == "en"
    assert "PB is not run yet." in message.body_text


def test_only_staff_fire_staff_transitions(case, people):
    for user in (people.expert, people.chair):
        with pytest.raises(PermissionDenied):
            workflow.fire(case.application, "start_screening", user)
    assert case.status == S.SUBMITTED


def test_criteria_snapshot_survives_later_edits(case):
    application = scenarios.in_review(case).application
    criterion = Criterion.objects.get(code="community_impact", locale__language_code="ka")
    criterion.weight = Decimal("9")
    criterion.name = "სხვა სახელი"
    criterion.save()
    frozen = CallCriterion.objects.get(call=application.call, code="community_impact")
    assert frozen.weight == Decimal("1")
    assert frozen.name_ka != "სხვა სახელი"
    assert frozen.name_en == "Expected impact on the local community"


def test_score_arithmetic_on_a_worked_example(case, people):
    application = scenarios.in_review(case).application
    CallCriterion.objects.filter(call=application.call, code="motivation_resources").update(
        weight=2
    )
    a1 = scenarios.assign(case, people.experts[0])
    a2 = scenarios.assign(case, people.experts[1])
    scenarios.review(
        case,
        a1,
        {
            "motivation_resources": 5,
            "community_impact": 3,
            "local_decision_making": 4,
            "pb_development": 2,
        },
    )
    scenarios.review(
        case,
        a2,
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


def test_conflict_of_interest_hides_the_application_and_tells_staff(client, case, people):
    application = scenarios.in_review(case).application
    expert = people.expert
    assignment = scenarios.assign(case, expert, conflict=None)
    assert OutboxMessage.objects.filter(
        event="expert_assigned", recipient="expert1@example.org"
    ).exists()
    client.force_login(expert)
    page = client.get(f"/admin/pbcert/reviews/{assignment.pk}/").content.decode()
    assert 'name="has_conflict"' in page  # the declaration comes first…
    assert "pbcert-review__answers" not in page  # …before any answer
    response = client.post(
        f"/admin/pbcert/reviews/{assignment.pk}/declare/",
        {"has_conflict": "yes", "conflict_note": "I advise them."},
    )
    assert response.status_code == 302
    assert OutboxMessage.objects.filter(event="staff_conflict").exists()
    assert not permissions.may_see_application(expert, application)
    page = client.get(f"/admin/pbcert/reviews/{assignment.pk}/")
    assert "pbcert-review__answers" not in page.content.decode()


def test_review_drafts_locking_and_out_of_range_scores(client, case, people):
    scenarios.in_review(case)
    assignment = scenarios.assign(case, people.expert, conflict=None)
    client.force_login(people.expert)
    url = f"/admin/pbcert/reviews/{assignment.pk}/"
    client.post(url + "declare/", {"has_conflict": "no"})
    bad = client.post(url + "review/", {"score-motivation_resources": "7", "save": "1"})
    assert bad.status_code == 400
    assert "ქულა უნდა იყოს 0-დან 5-მდე" in field_error(bad, "score-motivation_resources")
    assert not ExpertReview.objects.filter(assignment=assignment).exists()
    draft = {
        "score-motivation_resources": "4",
        "comment-motivation_resources": "კარგი",
        "save": "1",
        "rec_0_criterion": "pb_development",
        "rec_0_text": "გამოიყენეთ ონლაინ გამოკითხვები.",
    }
    assert client.post(url + "review/", draft).status_code == 302
    item = ExpertReview.objects.get(assignment=assignment)
    assert item.scores["motivation_resources"] == {"score": "4", "comment": "კარგი"}
    assert item.recommendations == [
        {"criterion": "pb_development", "text": "გამოიყენეთ ონლაინ გამოკითხვები."}
    ]
    incomplete = client.post(url + "review/", {**draft, "submit": "1"})
    assert incomplete.status_code == 400
    assert "ყველა კრიტერიუმი" in page_errors(incomplete)
    item.refresh_from_db()
    assert not item.is_submitted  # the draft is kept, not submitted
    full = {**draft, "recommendation": "conditions", "submit": "1"}
    for code in ("community_impact", "local_decision_making", "pb_development"):
        full[f"score-{code}"] = "3"
    assert client.post(url + "review/", full).status_code == 302
    item.refresh_from_db()
    assert item.is_submitted
    locked = client.post(url + "review/", {**full, "score-motivation_resources": "0"})
    assert locked.status_code in (302, 403)  # refused: Wagtail sends the user back home
    item.refresh_from_db()
    assert item.scores["motivation_resources"]["score"] == "4"


def test_experts_see_other_reviews_only_after_submitting_their_own(case, people):
    application = scenarios.in_review(case).application
    first, second = people.experts[:2]
    scenarios.review(case, scenarios.assign(case, first), 4)
    scenarios.assign(case, second)  # declared, not reviewed yet
    assert permissions.may_see_reviews(first, application)
    assert not permissions.may_see_reviews(second, application)
    assert not permissions.may_see_reviews(people.chair, application)  # not theirs yet
    assert permissions.may_see_reviews(people.staff, application)


def test_experts_listing_shows_only_their_assignments(client, people):
    mine = scenarios.in_review(people=people)
    other = scenarios.in_review(people=people)
    scenarios.assign(mine, people.experts[0], conflict=None)
    scenarios.assign(other, people.experts[1], conflict=None)
    client.force_login(people.experts[0])
    html = client.get("/admin/pbcert/reviews/").content.decode()
    assert mine.application.reference in html and other.application.reference not in html


def test_staff_assign_from_the_review_screen_and_see_scores(client, case, people):
    application = scenarios.in_review(case).application
    client.force_login(people.staff)
    due = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    data = {"expert": people.expert.pk, "due_date": due, "purpose": "review"}
    response = act(client, application, "assign_expert", data)
    assert response.status_code == 302
    assert application.assignments.get().expert == people.expert
    refused = act(client, application, "assign_expert", {**data, "expert": people.chair.pk})
    assert refused.status_code == 400
    assert field_error(refused, "expert")  # not offered: only experts can be chosen
    html = soup(client.get(screen_url(application)))
    assert html.select_one("#scores") is None  # no empty scores before a review is in


def test_review_reminders_before_and_after_the_due_date_once_each(case, people):
    scenarios.in_review(case)
    due = timezone.localdate() + datetime.timedelta(days=10)
    scenarios.assign(case, people.expert, due_date=due)
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


def test_listings_and_scores_are_bounded_with_200_applications_and_3_reviews(client, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import MunicipalityFactory

    three = scenarios.people_per_role(experts=3)
    staff, expert = three.staff, three.expert

    def make(n):
        for _ in range(n):
            case = scenarios.reviewed(
                scores=[3, 3, 3], municipality=MunicipalityFactory(), people=three
            )
        return case.application

    def count(user, url):
        client.force_login(user)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    last = make(3)
    small = {
        "staff listing": count(staff, "/admin/pbcert_applications/"),
        "expert listing": count(expert, "/admin/pbcert/reviews/"),
        "scores": count(staff, screen_url(last)),
    }
    last = make(197)
    large = {
        "staff listing": count(staff, "/admin/pbcert_applications/"),
        "expert listing": count(expert, "/admin/pbcert/reviews/"),
        "scores": count(staff, screen_url(last)),
    }
    assert large == small


def test_an_expert_asked_to_check_completeness_may_accept(client, case, people):
    scenarios.screening(case)
    first, second = people.experts[:2]
    assignment = scenarios.assign(case, first, conflict=None, purpose="screening")
    client.force_login(first)
    url = f"/admin/pbcert/reviews/{assignment.pk}/"
    client.post(url + "declare/", {"has_conflict": "no"})
    keys = [k for k, *_ in workflow.screening_checklist()]
    assert client.post(url + "accept-for-review/").status_code == 409  # checklist first
    client.post(url + "screening/", {"checked": keys})
    assert client.post(url + "accept-for-review/").status_code == 302
    assert case.status == S.IN_REVIEW
    # A reviewer (not asked to screen) may not fire screening transitions.
    other = scenarios.screening(people=people)
    review_only = scenarios.assign(other, second)
    with pytest.raises(PermissionDenied):
        workflow.fire(other.application, "accept_for_review", second)
    client.force_login(second)
    response = client.post(f"/admin/pbcert/reviews/{review_only.pk}/accept-for-review/")
    assert response.status_code in (302, 403)
    assert other.status == S.SCREENING


def test_a_conflict_outweighs_other_roles(client, case, people):
    """An expert who is also a consortium member sees nothing of an application they are
    conflicted on (or have not declared on), and no scores before their own review."""
    application = scenarios.in_review(case).application
    dual = people.experts[1]
    dual.groups.add(Group.objects.get(name="Consortium members"))
    assignment = scenarios.assign(case, dual, conflict=None)
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
    workflow.withdraw_assignment(assignment, people.staff)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.assign_expert(application, dual, timezone.localdate(), people.staff)


def test_no_peeking_at_scores_before_submitting_even_as_consortium(case, people):
    application = scenarios.in_review(case).application
    dual = people.experts[1]
    dual.groups.add(Group.objects.get(name="Consortium members"))
    scenarios.review(case, scenarios.assign(case, people.experts[0]), 4)
    scenarios.assign(case, dual)  # declared no conflict, not reviewed yet
    assert permissions.may_see_application(dual, application)
    assert not permissions.may_see_reviews(dual, application)


def test_no_review_once_the_application_has_left_review(case, people):
    scenarios.in_review(case)
    assignment = scenarios.assign(case, people.expert)
    scenarios.withdrawn(case, reason="The municipality asked.")
    assert case.status == S.WITHDRAWN
    assignment.refresh_from_db()
    assert not permissions.may_score(people.expert, assignment)


def test_an_expert_may_suggest_an_information_request(client, case, people):
    scenarios.in_review(case)
    assignment = scenarios.assign(case, people.expert, conflict=None)
    client.force_login(people.expert)
    url = f"/admin/pbcert/reviews/{assignment.pk}/"
    client.post(url + "declare/", {"has_conflict": "no"})
    client.post(
        url + "review/",
        {"save": "1", "suggested_request": "Ask for the council's decision of 2023."},
    )
    notice = OutboxMessage.objects.get(event="staff_information_suggested")
    assert "council's decision of 2023" in notice.body_text


def test_assigning_an_expert_without_an_email_does_not_claim_an_email(client, case, people):
    application = scenarios.in_review(case).application
    silent = people.experts[1]
    type(silent).objects.filter(pk=silent.pk).update(email="")
    client.force_login(people.staff)
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


def test_the_experts_forms_say_what_is_missing_next_to_the_field(client, case, people):
    scenarios.screening(case)
    assignment = scenarios.assign(case, people.expert, conflict=None, purpose="screening")
    client.force_login(people.expert)
    url = f"/admin/pbcert/reviews/{assignment.pk}/"
    undecided = client.post(url + "declare/", {})
    assert undecided.status_code == 400
    assert "ინტერესთა კონფლიქტი" in field_error(undecided, "has_conflict")
    assert client.post(url + "declare/", {"has_conflict": "no"}).status_code == 302
    # Each form of the screen posts to its own URL.
    html = soup(client.get(url))
    actions = {form["action"] for form in html.select("main form")}
    assert actions == {url + "screening/", url + "accept-for-review/"}
    assert html.select_one(f"button[formaction='{url}screen-ineligible/']")
    no_reason = client.post(url + "screen-ineligible/", {"comment": " "})
    assert no_reason.status_code == 400
    assert field_error(no_reason, "comment")
    assert case.status == S.SCREENING
