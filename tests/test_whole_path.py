"""The whole path in one test: apply → … → results published → applicant emailed once."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from pbcert_wagtail import workflow
from pbcert_wagtail.models import Application, ApplicationStatus, ExpertReview, OutboxMessage
from pbcert_wagtail.scores import evaluation_criteria

from .actions import act, screen_url
from .scenarios import c1_post, path_of, people_per_role, sent_link

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def test_from_application_to_published_result(demo, django_capture_on_commit_callbacks):
    cache.clear()
    people = people_per_role()
    members = people.consortium
    assert len(members) == 3  # the quorum
    applicant = Client()
    staff_user = people.staff
    staff = Client()
    staff.force_login(staff_user)

    # 1. Apply (emails go out after commit, as in production).
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            applicant.post(
                demo["c1"]["en"].url, c1_post(municipality="ozurgeti", email="oz@example.org")
            ).status_code
            == 302
        )
    application = Application.objects.get()
    status_url = path_of(sent_link("oz@example.org"))

    # 2. Confirm.
    review_url = screen_url(application)
    with django_capture_on_commit_callbacks(execute=True):
        assert act(staff, application, "confirm", {"comment": "ok"}).status_code == 302

    # 3. Questionnaire, submitted through the link.
    questionnaire_url = status_url + "questionnaire/"
    data = {
        "general_data": "City in Guria.",
        "population": "14 000",
        "pb_stages": "Ideas, vote, works.",
        "projects_submitted": "30",
        "projects_implemented": "5",
        "motivation_resources": "A coordinator.",
        "expected_impact": "More people take part.",
        "local_decision_making": "Council approves.",
        "pb_development": "Yearly cycle.",
        "activity_plan-0-activity": "Meetings",
        "activity_plan-0-period": "autumn 2024",
        "submit": "1",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert applicant.post(questionnaire_url, data).status_code == 302

    # 4. Screening with an information request, answered by the applicant.
    with django_capture_on_commit_callbacks(execute=True):
        act(staff, application, "start_screening")
        keys = [k for k, *_ in workflow.screening_checklist()]
        act(staff, application, "screening", {"checked": keys})
        due = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
        act(
            staff,
            application,
            "request_information",
            {"text": "How many took part?", "due_date": due, "unlock": ["general_data"]},
        )
    application.refresh_from_db()
    assert application.status == S.INFORMATION_REQUESTED
    info = application.information_requests.get()
    with django_capture_on_commit_callbacks(execute=True):
        answer = applicant.post(
            status_url + f"information/{info.pk}/",
            {"text": "About 900 people.", "general_data": "City in Guria, by the sea."},
        )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    application.refresh_from_db()
    assert application.status == S.SCREENING, answer["Location"]
    assert "<ins>" in staff.get(review_url).content.decode()  # the diff is visible to staff
    act(staff, application, "accept_for_review")
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW

    # 5. Two expert reviews.
    codes = [c.code for c in evaluation_criteria(application.call)]
    for expert in people.experts:
        assignment = workflow.assign_expert(application, expert, timezone.localdate(), staff_user)
        workflow.declare_conflict(assignment, expert, False)
        review = ExpertReview.objects.create(
            assignment=assignment,
            scores={c: {"score": "4", "comment": ""} for c in codes},
            recommendation="certify",
            recommendations=[{"criterion": codes[0], "text": "Publish the results online."}],
        )
        workflow.submit_review(review, expert)
    act(staff, application, "ready_for_consortium")

    # 6. The consortium decides.
    chair = Client()
    chair.force_login(members[0])
    decision = act(
        chair,
        application,
        "record_decision",
        {
            "meeting_date": timezone.localdate().isoformat(),
            "members_present": [m.pk for m in members],
            "outcome": "certified",
            "rationale": "Follows the standards.",
            "rec_0_criterion": codes[0],
            "rec_0_text": "Publish the results online.",
            "rec_1_text": "",
            "progress_assessment": "Steady progress.",
        },
    )
    assert decision.status_code == 302
    application.refresh_from_db()
    assert application.status == S.DECIDED

    # Before publication nothing shows: status page, emails, files.
    page = applicant.get(status_url).content.decode()
    assert "Follows the standards." not in page
    assert not OutboxMessage.objects.filter(
        recipient="oz@example.org", body_text__contains="Follows the standards"
    ).exists()

    # 7. Results published at results_at, twice: the applicant is emailed once.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert workflow.publish_due_results(application.call.results_at) == 1
        assert workflow.publish_due_results(application.call.results_at) == 0
    results = [m for m in mail.outbox if "oz@example.org" in m.to]
    assert len(results) == 1
    assert "Publish the results online." in results[0].body
    assert "certified" in results[0].body
    page = applicant.get(status_url).content.decode()
    assert "Follows the standards." in page and "Publish the results online." in page
    assert re.search(r"certified", page)
