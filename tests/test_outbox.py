"""The outbox: written with its cause, sent by the worker once, retried on failure."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from pbcert_wagtail import notifications, tasks
from pbcert_wagtail.models import OutboxMessage, OutboxStatus

from .conftest import soup
from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db


class BrokenBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")


@pytest.fixture
def application(demo):
    return ApplicationFactory(language="en", contact_email="applicant@example.org")


def test_rows_are_written_in_the_callers_transaction_and_rolled_back_with_it(application):
    with pytest.raises(RuntimeError), transaction.atomic():
        notifications.new_private_link(application)
        assert OutboxMessage.objects.count() == 1
        raise RuntimeError("the change that caused the email failed")
    assert OutboxMessage.objects.count() == 0


def test_worker_sends_after_commit(application, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = notifications.new_private_link(application)
        assert mail.outbox == []  # nothing leaves before the commit
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.sent_at is not None
    (sent,) = mail.outbox
    assert sent.to == ["applicant@example.org"]
    assert sent.extra_headers["Message-ID"] == message.message_id
    assert sent.alternatives and sent.alternatives[0][1] == "text/html"


def test_a_task_delivered_twice_sends_once(application):
    message = notifications.new_private_link(application)
    assert tasks.send_outbox_message(message.pk) == "sent"
    assert tasks.send_outbox_message(message.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_failure_is_recorded_and_retried_with_backoff(application, settings):
    message = notifications.new_private_link(application)
    settings.EMAIL_BACKEND = "tests.test_outbox.BrokenBackend"
    assert tasks.send_outbox_message(message.pk) == "retry"
    message.refresh_from_db()
    assert message.status == OutboxStatus.RETRY
    assert message.attempts == 1
    assert "SMTP server unreachable" in message.last_error
    assert message.next_attempt_at > timezone.now()
    # Not due yet: the sweep leaves it alone.
    assert tasks.send_due_messages() == {}
    # The server is back and the wait is over.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    assert tasks.send_due_messages() == {"sent": 1}
    message.refresh_from_db()
    assert (message.status, message.attempts, len(mail.outbox)) == (OutboxStatus.SENT, 2, 1)


def test_gives_up_after_the_last_attempt_and_staff_can_retry(application, settings):
    settings.PBCERT = {"OUTBOX_MAX_ATTEMPTS": 2}
    settings.EMAIL_BACKEND = "tests.test_outbox.BrokenBackend"
    message = notifications.new_private_link(application)
    tasks.send_outbox_message(message.pk)
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert tasks.send_outbox_message(message.pk) == "failed"
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    assert tasks.send_due_messages() == {}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.retry_now([message.pk]) == 1  # django-q runs synchronously in tests
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT


def test_a_row_stuck_in_sending_is_picked_up_again(application):
    message = notifications.new_private_link(application)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENDING, claimed_at=timezone.now() - timedelta(hours=1)
    )
    assert tasks.send_due_messages() == {"sent": 1}


def test_an_email_in_georgian(demo):
    application = ApplicationFactory(language="ka")
    message = notifications.new_private_link(application)
    assert message.language == "ka"
    assert "ახალი ბმული" in message.subject
    assert "/ka/application/" in message.body_text


def test_staff_see_the_outbox_and_retry_from_the_admin(admin_client, application, settings):
    settings.EMAIL_BACKEND = "tests.test_outbox.BrokenBackend"
    message = notifications.new_private_link(application)
    tasks.send_outbox_message(message.pk)
    listing = admin_client.get("/admin/pbcert_outbox/?status=retry")
    assert listing.status_code == 200
    assert "applicant@example.org" in listing.content.decode()
    assert admin_client.get(f"/admin/pbcert_outbox/inspect/{message.pk}/").status_code == 200
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = admin_client.post(f"/admin/pbcert_outbox/retry/{message.pk}/")
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    # Nobody edits or deletes outbox rows through the admin.
    assert admin_client.get(f"/admin/pbcert_outbox/edit/{message.pk}/").status_code in (302, 403)
    assert admin_client.get(f"/admin/pbcert_outbox/delete/{message.pk}/").status_code in (302, 403)


def test_outbox_listing_queries_do_not_grow(admin_client, demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    application = ApplicationFactory()
    for _ in range(3):
        notifications.new_private_link(application)
    admin_client.get("/admin/pbcert_outbox/")
    with CaptureQueriesContext(connection) as few:
        admin_client.get("/admin/pbcert_outbox/")
    for _ in range(40):
        notifications.new_private_link(application)
    with CaptureQueriesContext(connection) as many:
        assert admin_client.get("/admin/pbcert_outbox/").status_code == 200
    assert len(many) == len(few)


def test_every_email_is_named_for_people_not_by_its_key(admin_client, application):
    from pathlib import Path

    from pbcert_wagtail.models import EmailEvent

    templates = Path(__file__).parent.parent / "pbcert_wagtail/templates/pbcert_wagtail/emails"
    events = {path.name.split(".")[0] for path in (templates / "ka").iterdir()}
    assert events <= set(EmailEvent.values), events - set(EmailEvent.values)
    notifications.to_applicant("application_received", application)
    page = admin_client.get("/admin/pbcert_outbox/", HTTP_ACCEPT_LANGUAGE="ka")
    html = page.content.decode()
    assert "განაცხადი მიღებულია (განმცხადებელს)" in html
    assert ">application_received<" not in html and ">staff_new_application<" not in html


def test_staff_never_see_a_visitors_address_nor_retype_a_chosen_one(client, demo):
    """A visitor confirmed their address for one message, question or nomination: the
    outbox shows it to no one, a search by it finds nothing, and the recipient of an
    invitation to an official address cannot be retyped."""
    from . import scenarios

    staff = scenarios.people_per_role().staff
    secret = "secret.nominator@example.org"
    visitor = OutboxMessage.objects.create(
        event="address_confirmation", recipient=secret, language="ka", subject="Confirm",
        body_text="…", dedupe_key="test:visitor",
    )  # fmt: skip
    invitation = OutboxMessage.objects.create(
        event="municipality_invitation", recipient="office@telavi.example.org", language="ka",
        subject="Invitation", body_text="…", status=OutboxStatus.FAILED,
        dedupe_key="test:invitation",
    )  # fmt: skip
    client.force_login(staff)
    for url in (
        "/admin/pbcert_outbox/",
        "/admin/pbcert_outbox/?event=address_confirmation",
        f"/admin/pbcert_outbox/inspect/{visitor.pk}/",
    ):
        page = client.get(url)
        assert page.status_code == 200 and secret not in page.content.decode(), url
    assert "ვიზიტორის მისამართი" in client.get("/admin/pbcert_outbox/").content.decode()
    for query in ("secret", secret):  # the search box shows what was typed, no row
        rows = soup(client.get("/admin/pbcert_outbox/", {"q": query})).select("tbody tr")
        assert not any("Confirm" in row.get_text() for row in rows), query
    edit = client.get(f"/admin/pbcert_outbox/edit/{invitation.pk}/")
    assert edit.status_code in (302, 403, 404)
    client.post(f"/admin/pbcert_outbox/edit/{invitation.pk}/", {"recipient": "x@example.org"})
    invitation.refresh_from_db()
    assert invitation.recipient == "office@telavi.example.org"
