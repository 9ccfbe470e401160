"""Requests for information: the detour, the applicant's answer, revisions with diffs."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pbcert_wagtail import workflow
from pbcert_wagtail.diffs import word_diff
from pbcert_wagtail.models import (
    AnswerRevision,
    ApplicationStatus,
    OutboxMessage,
    QuestionnaireResponse,
)

from . import scenarios
from .actions import act, field_error, screen_url
from .conftest import soup

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.fixture
def case(people):
    """A Georgian application in the completeness check, with these two answers."""
    answers = {"general_data": "ქალაქი გურიაში.", "population": "14000"}
    return scenarios.screening(language="ka", answers=answers, people=people)


def test_request_answer_and_return_to_the_stage_it_came_from(client, case, admin_client):
    due = timezone.localdate() + datetime.timedelta(days=7)
    info = scenarios.information_requested(
        case, text="დაურთეთ საკრებულოს დადგენილება.", due_date=due, unlocked_keys=["general_data"]
    ).request
    assert case.status == S.INFORMATION_REQUESTED
    email = OutboxMessage.objects.get(event="information_requested")
    assert email.language == "ka" and "საკრებულოს დადგენილება" in email.body_text

    status_page = soup(client.get(case.url())).get_text()
    assert "დაურთეთ საკრებულოს დადგენილება." in status_page
    url = case.url(f"information/{info.pk}/")
    page = soup(client.get(url))
    assert page.select_one("textarea[name=general_data]") is not None
    assert page.select_one("[name=population]") is None  # not unlocked
    response = client.post(
        url,
        {
            "text": "დადგენილება თანდართულია.",
            "general_data": "ქალაქი <b>გურიის</b> რეგიონში.",
            "population": "1",  # locked: ignored
            "files": SimpleUploadedFile("decision.pdf", b"%PDF-1.4\n"),
        },
    )
    assert response.status_code == 302
    assert case.status == S.SCREENING
    answers = QuestionnaireResponse.objects.get(application=case.application).answers
    assert answers["general_data"] == "ქალაქი <b>გურიის</b> რეგიონში."
    assert answers["population"] == "14000"
    revision = AnswerRevision.objects.get(application=case.application)
    assert revision.old_value == "ქალაქი გურიაში."
    assert OutboxMessage.objects.filter(event="staff_information_answered").exists()
    review = admin_client.get(screen_url(case.application)).content.decode()
    assert "<del>გურიაში.</del>" in review
    assert "&lt;b&gt;გურიის&lt;/b&gt;" in review
    assert "decision.pdf" in review
    # Answering twice is refused.
    again = client.post(url, {"text": "კიდევ"})
    assert again.status_code == 200
    assert AnswerRevision.objects.count() == 1


def test_refusals(case, people):
    due = timezone.localdate() + datetime.timedelta(days=7)
    with pytest.raises(workflow.TransitionNotAllowed):
        scenarios.information_requested(case, text="  ", due_date=due)
    with pytest.raises(workflow.TransitionNotAllowed):
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        scenarios.information_requested(case, text="x", due_date=yesterday)
    assert case.status == S.SCREENING
    scenarios.information_requested(case, text="x", due_date=due)
    with pytest.raises(workflow.TransitionNotAllowed):  # already waiting for information
        workflow.request_information(case.application, "y", due, [], people.staff)
    other = scenarios.screening(people=people)
    with pytest.raises(PermissionDenied):
        workflow.request_information(other.application, "x", due, [], people.expert)


def test_overdue_requests_are_shown_and_staff_extend(admin_client, case):
    info = scenarios.information_requested(case, text="x", due_date=timezone.localdate()).request
    application = case.application
    type(info).objects.filter(pk=info.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=2)
    )
    assert "ვადაგადაცილებული" in admin_client.get(screen_url(application)).content.decode()
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    refused = act(admin_client, application, "extend_request", {"until": past})
    assert refused.status_code == 400
    assert field_error(refused, "until")
    new = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    assert act(admin_client, application, "extend_request", {"until": new}).status_code == 302
    info.refresh_from_db()
    assert info.due_date.isoformat() == new
    assert OutboxMessage.objects.filter(event="information_extended").exists()


def test_reminders_once_before_and_after(case):
    due = timezone.localdate() + datetime.timedelta(days=10)
    scenarios.information_requested(case, text="x", due_date=due)
    before, after = due - datetime.timedelta(days=2), due + datetime.timedelta(days=1)
    assert workflow.information.send_information_reminders(before) == 1
    assert workflow.information.send_information_reminders(before) == 0
    assert workflow.information.send_information_reminders(after) == 1
    assert workflow.information.send_information_reminders(after) == 0


def test_staff_ask_from_the_review_screen(admin_client, case):
    application = case.application
    due = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    response = act(
        admin_client,
        application,
        "request_information",
        {"text": "გთხოვთ, დააზუსტოთ.", "due_date": due, "unlock": ["population"]},
    )
    assert response.status_code == 302
    assert case.status == S.INFORMATION_REQUESTED
    assert application.information_requests.get().unlocked_keys == ["population"]


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("ერთი ორი სამი", "ერთი ოთხი სამი", "ერთი <del>ორი</del><ins>ოთხი</ins> სამი"),
        ("a <b>", "a <i>", "a <del>&lt;b&gt;</del><ins>&lt;i&gt;</ins>"),
        (None, "ახალი", "<ins>ახალი</ins>"),
    ],
)
def test_word_diff(old, new, expected):
    assert str(word_diff(old, new)) == expected


def test_a_request_opens_only_with_its_own_applications_link(client, case, people):
    info = scenarios.information_requested(case, text="x", due_date=timezone.localdate()).request
    other = scenarios.applied(people=people).token
    assert (
        client.get(f"/ka/application/{other}/information/{info.pk}/", follow=True).status_code
        == 404
    )
    assert (
        client.get(f"/ka/application/not-a-token/information/{info.pk}/", follow=True).status_code
        == 404
    )


def test_a_withdrawn_application_cannot_be_revived_by_answering(client, case):
    info = scenarios.information_requested(case, text="x", due_date=timezone.localdate()).request
    scenarios.withdrawn(case, reason="The municipality asked.")
    assert "information/" not in client.get(case.url()).content.decode()
    client.post(case.url(f"information/{info.pk}/"), {"text": "late answer"})
    assert case.status == S.WITHDRAWN
    assert (
        workflow.information.send_information_reminders(
            timezone.localdate() - datetime.timedelta(days=2)
        )
        == 0
    )


def test_a_post_with_only_a_bad_file_is_a_clear_error(client, case):
    info = scenarios.information_requested(case, text="x", due_date=timezone.localdate()).request
    response = client.post(
        case.url(f"information/{info.pk}/"),
        {"files": SimpleUploadedFile("x.pdf", b"MZ not a pdf")},
    )
    assert response.status_code == 400
    assert case.status == S.INFORMATION_REQUESTED
    assert not case.application.attachments.exists()


def test_very_long_answers_are_shown_whole_instead_of_word_by_word():
    """Beyond MAX_TOKENS a word diff would be too slow for a review page: old and new are
    shown whole (escaped) instead."""
    old = " ".join(f"სიტყვა{i}" for i in range(20000)) + " <b>"
    new = " ".join(f"სიტყვა{i + 1}" for i in range(20000))
    html = str(word_diff(old, new))
    assert html == f"<del>{old.replace('<', '&lt;').replace('>', '&gt;')}</del><ins>{new}</ins>"


def test_a_refused_answer_leaves_no_file_behind(client, case):
    """The answer is refused (no text): its file goes with the rolled-back transaction,
    from the database and from the disk."""
    from pbcert_wagtail.models.questionnaires import private_storage

    info = scenarios.information_requested(case, text="x", due_date=timezone.localdate()).request
    application = case.application
    folder = f"applications/{application.pk}"
    storage = private_storage()
    before = set(storage.listdir(folder)[1]) if storage.exists(folder) else set()
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    response = client.post(case.url(f"information/{info.pk}/"), {"text": "", "files": [pdf]})
    assert response.status_code in (200, 400)
    assert not application.attachments.exists()
    after = set(storage.listdir(folder)[1]) if storage.exists(folder) else set()
    assert after == before
    info.refresh_from_db()
    assert info.is_open
