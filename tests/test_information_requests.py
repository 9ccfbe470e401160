"""Requests for information: the detour, the applicant's answer, revisions with diffs."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pbcert_wagtail import workflow
from pbcert_wagtail.diffs import word_diff
from pbcert_wagtail.models import (
    AccessToken,
    AnswerRevision,
    ApplicationStatus,
    OutboxMessage,
    QuestionnaireResponse,
)

from .actions import act, field_error, screen_url
from .conftest import soup
from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.fixture
def staff(django_user_model, demo):
    return django_user_model.objects.get(username="staff")


@pytest.fixture
def screening(staff):
    application = ApplicationFactory(status=S.SUBMITTED, language="ka")
    QuestionnaireResponse.objects.create(
        application=application,
        questions=[
            {"key": "general_data", "type": "long_text", "label": "ზოგადი მონაცემები"},
            {"key": "population", "type": "number", "label": "მოსახლეობა"},
        ],
        answers={"general_data": "ქალაქი გურიაში.", "population": "14000"},
        submitted_at=timezone.now(),
    )
    workflow.fire(application, "start_screening", staff)
    return application


def test_request_answer_and_return_to_the_stage_it_came_from(
    client, screening, staff, admin_client
):
    due = timezone.localdate() + datetime.timedelta(days=7)
    info = workflow.request_information(
        screening, "დაურთეთ საკრებულოს დადგენილება.", due, ["general_data"], staff
    )
    screening.refresh_from_db()
    assert screening.status == S.INFORMATION_REQUESTED
    email = OutboxMessage.objects.get(event="information_requested")
    assert email.language == "ka" and "საკრებულოს დადგენილება" in email.body_text

    token = AccessToken.issue(screening)
    status_page = soup(client.get(f"/ka/application/{token}/")).get_text()
    assert "დაურთეთ საკრებულოს დადგენილება." in status_page
    url = f"/ka/application/{token}/information/{info.pk}/"
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
    screening.refresh_from_db()
    assert screening.status == S.SCREENING
    answers = QuestionnaireResponse.objects.get(application=screening).answers
    assert answers["general_data"] == "ქალაქი <b>გურიის</b> რეგიონში."
    assert answers["population"] == "14000"
    revision = AnswerRevision.objects.get(application=screening)
    assert revision.old_value == "ქალაქი გურიაში."
    assert OutboxMessage.objects.filter(event="staff_information_answered").exists()
    review = admin_client.get(screen_url(screening)).content.decode()
    assert "<del>გურიაში.</del>" in review
    assert "&lt;b&gt;გურიის&lt;/b&gt;" in review
    assert "decision.pdf" in review
    # Answering twice is refused.
    again = client.post(url, {"text": "კიდევ"})
    assert again.status_code == 200
    assert AnswerRevision.objects.count() == 1


def test_refusals(screening, staff, django_user_model):
    due = timezone.localdate() + datetime.timedelta(days=7)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.request_information(screening, "  ", due, [], staff)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.request_information(
            screening, "x", timezone.localdate() - datetime.timedelta(days=1), [], staff
        )
    workflow.request_information(screening, "x", due, [], staff)
    with pytest.raises(workflow.TransitionNotAllowed):  # already waiting for information
        workflow.request_information(screening, "y", due, [], staff)
    expert = django_user_model.objects.get(username="expert1")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        workflow.request_information(ApplicationFactory(status=S.SCREENING), "x", due, [], expert)


def test_overdue_requests_are_shown_and_staff_extend(admin_client, screening, staff):
    info = workflow.request_information(screening, "x", timezone.localdate(), [], staff)
    type(info).objects.filter(pk=info.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=2)
    )
    assert "ვადაგადაცილებული" in admin_client.get(screen_url(screening)).content.decode()
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    refused = act(admin_client, screening, "extend_request", {"until": past})
    assert refused.status_code == 400
    assert field_error(refused, "until")
    new = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    assert act(admin_client, screening, "extend_request", {"until": new}).status_code == 302
    info.refresh_from_db()
    assert info.due_date.isoformat() == new
    assert OutboxMessage.objects.filter(event="information_extended").exists()


def test_reminders_once_before_and_after(screening, staff):
    due = timezone.localdate() + datetime.timedelta(days=10)
    workflow.request_information(screening, "x", due, [], staff)
    before, after = due - datetime.timedelta(days=2), due + datetime.timedelta(days=1)
    assert workflow.information.send_information_reminders(before) == 1
    assert workflow.information.send_information_reminders(before) == 0
    assert workflow.information.send_information_reminders(after) == 1
    assert workflow.information.send_information_reminders(after) == 0


def test_staff_ask_from_the_review_screen(admin_client, screening):
    due = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    response = act(
        admin_client,
        screening,
        "request_information",
        {"text": "გთხოვთ, დააზუსტოთ.", "due_date": due, "unlock": ["population"]},
    )
    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.status == S.INFORMATION_REQUESTED
    assert screening.information_requests.get().unlocked_keys == ["population"]


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


def test_a_request_opens_only_with_its_own_applications_link(client, screening, staff):
    info = workflow.request_information(screening, "x", timezone.localdate(), [], staff)
    other = AccessToken.issue(ApplicationFactory())
    assert (
        client.get(f"/ka/application/{other}/information/{info.pk}/", follow=True).status_code
        == 404
    )
    assert (
        client.get(f"/ka/application/not-a-token/information/{info.pk}/", follow=True).status_code
        == 404
    )


def test_a_withdrawn_application_cannot_be_revived_by_answering(client, screening, staff):
    info = workflow.request_information(screening, "x", timezone.localdate(), [], staff)
    workflow.fire(screening, "withdraw", staff, comment="The municipality asked.")
    token = AccessToken.issue(screening)
    assert "information/" not in client.get(f"/ka/application/{token}/").content.decode()
    client.post(f"/ka/application/{token}/information/{info.pk}/", {"text": "late answer"})
    screening.refresh_from_db()
    assert screening.status == S.WITHDRAWN
    assert (
        workflow.information.send_information_reminders(
            timezone.localdate() - datetime.timedelta(days=2)
        )
        == 0
    )


def test_a_post_with_only_a_bad_file_is_a_clear_error(client, screening, staff):
    info = workflow.request_information(screening, "x", timezone.localdate(), [], staff)
    token = AccessToken.issue(screening)
    response = client.post(
        f"/ka/application/{token}/information/{info.pk}/",
        {"files": SimpleUploadedFile("x.pdf", b"MZ not a pdf")},
    )
    assert response.status_code == 400
    screening.refresh_from_db()
    assert screening.status == S.INFORMATION_REQUESTED
    assert not screening.attachments.exists()


def test_very_long_answers_are_shown_whole_instead_of_word_by_word():
    """Beyond MAX_TOKENS a word diff would be too slow for a review page: old and new are
    shown whole (escaped) instead."""
    old = " ".join(f"სიტყვა{i}" for i in range(20000)) + " <b>"
    new = " ".join(f"სიტყვა{i + 1}" for i in range(20000))
    html = str(word_diff(old, new))
    assert html == f"<del>{old.replace('<', '&lt;').replace('>', '&gt;')}</del><ins>{new}</ins>"


def test_a_refused_answer_leaves_no_file_behind(client, screening, staff):
    """The answer is refused (no text): its file goes with the rolled-back transaction,
    from the database and from the disk."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pbcert_wagtail.models.questionnaires import private_storage

    info = workflow.request_information(screening, "x", timezone.localdate(), [], staff)
    token = AccessToken.issue(screening)
    folder = f"applications/{screening.pk}"
    storage = private_storage()
    before = set(storage.listdir(folder)[1]) if storage.exists(folder) else set()
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    response = client.post(
        f"/ka/application/{token}/information/{info.pk}/", {"text": "", "files": [pdf]}
    )
    assert response.status_code in (200, 400)
    assert not screening.attachments.exists()
    after = set(storage.listdir(folder)[1]) if storage.exists(folder) else set()
    assert after == before
    info.refresh_from_db()
    assert info.is_open
