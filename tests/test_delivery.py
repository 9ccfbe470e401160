"""Delivery against a real SMTP server (tests/smtp_sink.py): a permanent refusal fails at
once with the server's answer, a temporary one is retried, a silent server times out, the
rows waiting after an outage go as soon as the server is back, a killed batch is resent
with its own Message-IDs only, and every email of the site — Wagtail's password reset
included — goes through the outbox, so a mail server that is down fails no request."""

import socket
from datetime import timedelta

import pytest
from django.utils import timezone

from pbcert_wagtail import notifications, tasks
from pbcert_wagtail.models import OutboxMessage, OutboxStatus

from .factories import ApplicationFactory
from .smtp_sink import SmtpSink

pytestmark = pytest.mark.django_db
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def sink(settings):
    """The worker delivers by SMTP to a local server."""
    with SmtpSink() as server:
        settings.EMAIL_BACKEND = SMTP
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
            "127.0.0.1",
            server.port,
            5,
        )
        yield server


def an_email(n=0):
    application = ApplicationFactory(language="en", contact_email=f"applicant{n}@example.org")
    return notifications.new_private_link(application)


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_permanent_refusal_fails_at_once_with_the_servers_answer(demo, sink, admin_client):
    sink.mode = "refuse"
    message = an_email()
    assert tasks.send_outbox_message(message.pk) == "failed"
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 1)
    assert "550 5.1.1 No such user here" in message.last_error
    # Staff see it on their overview, counted, linked to the failed emails.
    home = admin_client.get("/admin/").content.decode()
    assert "/admin/pbcert_outbox/?status=failed" in home
    listing = admin_client.get("/admin/pbcert_outbox/?status=failed").content.decode()
    assert "applicant0@example.org" in listing


def test_a_message_refused_after_data_fails_at_once(demo, sink):
    sink.mode = "reject"
    message = an_email()
    assert tasks.send_outbox_message(message.pk) == "failed"
    message.refresh_from_db()
    assert "554 5.6.0 Message refused" in message.last_error


def test_a_temporary_refusal_is_retried(demo, sink):
    sink.mode = "greylist"
    message = an_email()
    assert tasks.send_outbox_message(message.pk) == "retry"
    message.refresh_from_db()
    assert message.status == OutboxStatus.RETRY and "451" in message.last_error


def test_a_silent_server_times_out_and_the_row_is_retried(demo, sink, settings):
    sink.mode = "silent"
    settings.EMAIL_TIMEOUT = 1
    message = an_email()
    started = timezone.now()
    assert tasks.send_outbox_message(message.pk) == "retry"
    assert timezone.now() - started < timedelta(seconds=10)
    message.refresh_from_db()
    assert message.status == OutboxStatus.RETRY
    assert "timed out" in message.last_error.lower()


def test_after_an_outage_the_waiting_rows_go_as_soon_as_a_send_succeeds(demo, sink, settings):
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = closed_port()  # the server is down
    waiting = [an_email(n) for n in range(3)]
    for message in waiting:
        assert tasks.send_outbox_message(message.pk) == "retry"
    assert all(m.next_attempt_at > timezone.now() for m in OutboxMessage.objects.all())
    settings.EMAIL_PORT = port  # back: the next email goes, and the waiting ones follow it
    assert tasks.send_outbox_message(an_email(9).pk) == "sent"
    assert sink.count == 4
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}


def test_a_killed_batch_is_resent_alone_with_its_message_ids(demo, sink):
    """A worker died while sending a batch: after the claim timeout the sweep sends that
    batch again, with the Message-IDs it had; rows already recorded sent stay sent."""
    in_flight = [an_email(n) for n in range(3)]
    done = an_email(7)
    assert tasks.send_outbox_message(done.pk) == "sent"
    long_ago = timezone.now() - timedelta(hours=1)
    OutboxMessage.objects.filter(pk__in=[m.pk for m in in_flight]).update(
        status=OutboxStatus.SENDING, claimed_at=long_ago, attempts=1
    )
    sink.messages.clear()
    assert tasks.send_due_messages() == {"sent": 3}
    received = sorted(message["Message-ID"] for message in sink.parsed())
    assert received == sorted(m.message_id for m in in_flight)


def test_a_password_reset_during_an_outage_is_queued_and_sent_later(
    demo, sink, settings, client, django_capture_on_commit_callbacks
):
    """Wagtail's own email goes through the outbox: with the server down the request
    still succeeds, staff see the row with the link masked, and it is sent later."""
    from django.contrib.auth import get_user_model

    settings.EMAIL_BACKEND = "pbcert_wagtail.mail.OutboxBackend"
    settings.PBCERT_DELIVERY_BACKEND = SMTP
    port, settings.EMAIL_PORT = settings.EMAIL_PORT, closed_port()
    user = get_user_model().objects.get(username="staff")
    with django_capture_on_commit_callbacks(execute=True):  # the worker tries at once
        response = client.post("/admin/password_reset/", {"email": user.email})
    assert response.status_code == 302
    row = OutboxMessage.objects.get(event="site_email", recipient=user.email)
    assert row.status == OutboxStatus.RETRY  # tried once, the server is down
    assert "/admin/password_reset/confirm/" in row.body_text
    assert "/confirm/" in row.body_for_staff and "…" in row.body_for_staff
    settings.EMAIL_PORT = port
    OutboxMessage.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    assert tasks.send_due_messages() == {"sent": 1}
    (delivered,) = sink.parsed()
    assert delivered["Message-ID"] == row.message_id
    assert "/admin/password_reset/confirm/" in delivered.get_body(("plain",)).get_content()


def test_publishing_results_hands_the_emails_to_the_worker_together(
    demo, monkeypatch, django_capture_on_commit_callbacks
):
    """A bulk send is batched like the call-opening notice: one task for the results
    emails of a call, not one per applicant."""
    from pbcert_wagtail import workflow

    from . import scenarios

    cases = [scenarios.decided() for _ in range(3)]
    handed = []
    original = notifications.enqueue_send
    monkeypatch.setattr(
        notifications, "enqueue_send", lambda ids: handed.append(list(ids)) or original(ids)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert workflow.publish_results(cases[0].call, cases[0].people.staff) == 3
    results = set(
        OutboxMessage.objects.filter(event="result_published").values_list("pk", flat=True)
    )
    assert len(results) == 3
    assert [set(ids) & results for ids in handed if set(ids) & results] == [results]
