"""The confirmation gate: staff confirm or decline, the applicant hears in their language."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied

from pbcert_wagtail import workflow
from pbcert_wagtail.admin.applications.actions import offered_actions
from pbcert_wagtail.models import Application, ApplicationLogEntry, ApplicationStatus, OutboxMessage

from . import scenarios
from .actions import act, action_url, field_error, page_errors, screen_url
from .conftest import soup
from .factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(db):
    """A staff member with admin access who may view applications but not confirm them."""
    user = UserFactory(username="clerk")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_application"),
    )
    return user


def log_actions(application):
    return list(
        ApplicationLogEntry.objects.filter(application=application).values_list("action", flat=True)
    )


@pytest.mark.parametrize(
    "language, subject_word", [("en", "process starts"), ("ka", "პროცესი იწყება")]
)
def test_confirm_opens_the_questionnaire_and_tells_the_applicant(people, language, subject_word):
    application = scenarios.applied(language=language, people=people).application
    workflow.fire(application, "confirm", people.staff, comment="Spoke with the mayor's office.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.QUESTIONNAIRE
    assert application.confirmed_at is not None
    message = OutboxMessage.objects.get(event="application_confirmed")
    assert message.language == language
    assert subject_word in message.subject
    assert message.recipient == application.contact_email
    assert "pbcert.application.confirm" in log_actions(application)


@pytest.mark.parametrize("language, word", [("en", "Reason"), ("ka", "მიზეზი")])
def test_decline_needs_a_reason_and_sends_it(people, language, word):
    staff = people.staff
    application = scenarios.applied(language=language, people=people).application
    sent = OutboxMessage.objects.count()  # the receipts of the application
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.fire(application, "decline", staff, comment="  ")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_CONFIRMATION
    assert OutboxMessage.objects.count() == sent
    workflow.fire(application, "decline", staff, comment="No PB process yet.")
    message = OutboxMessage.objects.get(event="application_declined")
    assert word in message.body_text
    assert "No PB process yet." in message.body_text


def test_a_transition_from_the_wrong_status_is_refused_and_changes_nothing(people):
    application = scenarios.questionnaire_open(people=people).application
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.fire(application, "decline", people.staff, comment="too late")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.QUESTIONNAIRE
    assert OutboxMessage.objects.filter(event="application_declined").count() == 0


def test_only_staff_with_the_permission_may_confirm(people, clerk):
    application = scenarios.applied(people=people).application
    with pytest.raises(PermissionDenied):
        workflow.fire(application, "confirm", clerk)
    assert offered_actions(application, clerk) == []


class TestAdmin:
    def test_listing_and_review_screen(self, admin_client, demo):
        application = ApplicationFactory(
            answers={"motivation": "<script>x</script>"},
            questions=[
                {
                    "key": "motivation",
                    "type": "long_text",
                    "label": "Motivation",
                    "help_text": "",
                    "required": True,
                }
            ],
        )
        listing = admin_client.get("/admin/pbcert_applications/")
        assert listing.status_code == 200
        assert application.reference in listing.content.decode()
        review = admin_client.get(f"/admin/pbcert_applications/review/{application.pk}/")
        assert review.status_code == 200
        html = review.content.decode()
        assert "&lt;script&gt;x&lt;/script&gt;" in html
        next_steps = soup(review).select_one("#next-steps")
        assert [a["action"] for a in next_steps.select("form")] == [
            action_url(application, "confirm")
        ]
        assert [a["href"] for a in next_steps.select("a")] == [
            action_url(application, "decline"),
            action_url(application, "withdraw"),
        ]

    def test_staff_confirm_in_the_admin(self, admin_client, people):
        application = scenarios.applied(language="en", people=people).application
        response = act(
            admin_client, application, "confirm", {"comment": "Spoke with the City Hall."}
        )
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.status == ApplicationStatus.QUESTIONNAIRE
        history = admin_client.get(f"/admin/pbcert_applications/history/{application.pk}/")
        assert history.status_code == 200
        text = soup(history).get_text(" ", strip=True)
        assert "დადასტურდა: სერტიფიცირების პროცესი იწყება" in text or "Confirmed" in text
        assert "Spoke with the City Hall." in text

    def test_a_refused_transition_answers_with_a_message_not_a_500(self, admin_client, people):
        application = scenarios.applied(people=people).application
        response = act(admin_client, application, "decline", {"comment": ""})
        assert response.status_code == 400
        assert field_error(response, "comment") == "ეს ველი აუცილებელია."
        assert application.status == Application.objects.get(pk=application.pk).status
        response = act(admin_client, application, "ready_for_consortium", follow=True)
        assert response.redirect_chain[-1][0] == screen_url(application)
        assert str(application.get_status_display()) in page_errors(response)
        unknown = admin_client.post(f"{screen_url(application)}launch-rocket/", follow=True)
        assert unknown.status_code == 404

    def test_clerk_sees_but_cannot_confirm(self, client, clerk, people):
        application = scenarios.applied(people=people).application
        client.force_login(clerk)
        review = client.get(f"/admin/pbcert_applications/review/{application.pk}/")
        assert review.status_code == 200
        assert not soup(review).select("#next-steps")
        assert act(client, application, "confirm").status_code in (302, 403)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.AWAITING_CONFIRMATION

    def test_nobody_adds_or_deletes_applications_in_the_admin(self, admin_client, people):
        application = scenarios.applied(people=people).application
        assert admin_client.get("/admin/pbcert_applications/new/").status_code in (302, 403)
        assert admin_client.get(
            f"/admin/pbcert_applications/delete/{application.pk}/"
        ).status_code in (302, 403)

    def test_staff_change_the_contact_email_and_the_old_address_is_told(self, admin_client, people):
        case = scenarios.applied(contact_email="old@example.org", people=people)
        application = case.application
        assert application.contact_email == "old@example.org"
        response = admin_client.post(
            f"/admin/pbcert_applications/edit/{application.pk}/",
            {"contact_email": "new@example.org"},
        )
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.contact_email == "new@example.org"
        assert OutboxMessage.objects.filter(
            event="contact_changed", recipient="old@example.org"
        ).exists()


def test_admin_listing_queries_do_not_grow_with_applications(admin_client, demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = "/admin/pbcert_applications/"
    ApplicationFactory.create_batch(3)
    admin_client.get(url)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    ApplicationFactory.create_batch(40)
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
