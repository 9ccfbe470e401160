"""django-q2 task functions. The queue delivers at least once: every task here is
safe to run twice (a row is claimed by a conditional UPDATE before it is sent).

The delivery rule: no email is sent twice unless a worker dies; a worker killed in the
middle of a batch leaves its rows claimed, and after OUTBOX_CLAIM_TIMEOUT_MINUTES the
rows of that batch not yet recorded as sent (at most SAVE_EVERY) go again, with the same
Message-ID, so the receiving server can tell a repeat."""

import contextlib
import logging
import secrets
import smtplib
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_q.tasks import async_task

from . import conf
from .models.outbox import OutboxMessage, OutboxStatus, redact_private_links

logger = logging.getLogger(__name__)

SEND_TASK = "pbcert_wagtail.tasks.send_outbox_messages"
OUTBOX_BACKEND = "pbcert_wagtail.mail.OutboxBackend"
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
BATCH = 100  # rows per task, sent over one connection
SAVE_EVERY = 25  # sent rows recorded this often: a killed worker resends at most these
BATCH_SECONDS = 50  # then the rest of a batch goes back to the queue (task timeout: 120 s)


def enqueue_send(message_ids, size=BATCH):
    """Hand outbox rows to the worker (after the transaction commits), a task per `size`
    rows, each well within the task timeout."""
    message_ids = list(message_ids)
    for start in range(0, len(message_ids), size):
        try:
            async_task(SEND_TASK, message_ids[start : start + size], group="pbcert-email")
        except Exception:  # the periodic sweep picks the rows up
            logger.exception("Could not enqueue outbox rows from %s", message_ids[start])


def backoff(attempts):
    """Wait before the next try: 1, 5, 15, 60, 240 minutes…"""
    steps = conf.get("OUTBOX_BACKOFF_MINUTES")
    return timedelta(minutes=steps[min(attempts, len(steps)) - 1])


def due_rows(now):
    """Rows to send at `now`: new or retrying ones whose time has come, and stuck ones."""
    stale = now - timedelta(minutes=conf.get("OUTBOX_CLAIM_TIMEOUT_MINUTES"))
    return OutboxMessage.objects.filter(
        Q(status__in=[OutboxStatus.PENDING, OutboxStatus.RETRY], next_attempt_at__lte=now)
        | Q(status=OutboxStatus.SENDING, claimed_at__lt=stale)
    )


def delivery_connection():
    """A connection of the backend that really delivers: PBCERT_DELIVERY_BACKEND, else
    EMAIL_BACKEND unless that is the outbox itself, else SMTP (with EMAIL_TIMEOUT)."""
    backend = getattr(settings, "PBCERT_DELIVERY_BACKEND", None) or settings.EMAIL_BACKEND
    return get_connection(SMTP_BACKEND if backend == OUTBOX_BACKEND else backend)


def as_email(message, connection):
    return EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        to=[message.recipient],
        headers={"Message-ID": message.message_id, **message.headers},
        reply_to=[conf.get("REPLY_TO")] if conf.get("REPLY_TO") else None,
        alternatives=[(message.body_html, "text/html")] if message.body_html else None,
        connection=connection,
    )


def is_permanent(error):
    """The server refused this message for good: a 5xx for its recipient or its content
    (a refused sender or sign-in is the site's own problem: retried once fixed)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _answer in error.recipients.values())
    return isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500


def server_answer(error):
    """What the server said (or what went wrong), for staff."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = [
            f"{code} {answer.decode(errors='replace')}"
            for code, answer in error.recipients.values()
        ]
        return "; ".join(answers)
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {error.smtp_error.decode(errors='replace')}"
    return f"{type(error).__name__}: {error}"


def claim(message_ids, now):
    """Mark the due rows among `message_ids` as being sent by this task, and return them."""
    token = secrets.token_hex(8)
    due_rows(now).filter(pk__in=message_ids).update(
        status=OutboxStatus.SENDING, claimed_at=now, claim=token, attempts=F("attempts") + 1
    )
    return list(OutboxMessage.objects.filter(claim=token, status=OutboxStatus.SENDING))


def record_sent(rows):
    """Sent: and the stored copy keeps no usable private link."""
    now = timezone.now()
    for row in rows:
        row.status, row.sent_at, row.last_error, row.claimed_at = OutboxStatus.SENT, now, "", None
        row.body_text = redact_private_links(row.body_text)
        row.body_html = redact_private_links(row.body_html)
    fields = ["status", "sent_at", "last_error", "claimed_at", "body_text", "body_html"]
    OutboxMessage.objects.bulk_update(rows, fields)


def record_failure(row, error, permanent):
    """A permanent refusal fails at once with the server's answer; anything else is retried
    with back-off until the last attempt."""
    final = permanent or row.attempts >= conf.get("OUTBOX_MAX_ATTEMPTS")
    OutboxMessage.objects.filter(pk=row.pk, status=OutboxStatus.SENDING).update(
        status=OutboxStatus.FAILED if final else OutboxStatus.RETRY,
        next_attempt_at=timezone.now() + backoff(row.attempts),
        last_error=server_answer(error)[:2000],
        claimed_at=None,
    )
    logger.warning("Email %s failed (attempt %s): %s", row.pk, row.attempts, error)
    return "failed" if final else "retry"


def release(rows):
    """Back to the queue, untried (the batch ran out of time)."""
    ids = [row.pk for row in rows]
    OutboxMessage.objects.filter(pk__in=ids, status=OutboxStatus.SENDING).update(
        status=OutboxStatus.PENDING, claimed_at=None, attempts=F("attempts") - 1
    )
    transaction.on_commit(lambda: enqueue_send(ids))


def resume_waiting():
    """A send went through: the server is back, so the rows waiting out a back-off after
    an outage go now instead of at their next step."""
    now = timezone.now()
    waiting = OutboxMessage.objects.filter(status=OutboxStatus.RETRY, next_attempt_at__gt=now)
    ids = list(waiting.values_list("pk", flat=True)[:5000])
    if ids and OutboxMessage.objects.filter(pk__in=ids, status=OutboxStatus.RETRY).update(
        next_attempt_at=now
    ):
        enqueue_send(ids)


def send_outbox_messages(message_ids):
    """Claim the due rows among `message_ids` and send them over one connection. Returns
    what happened to each: sent, skipped (not due, or another task has it), retry, failed
    or released. A connection that fails leaves the rest of the batch for later."""
    results = dict.fromkeys(message_ids, "skipped")
    rows, started, sent = claim(list(message_ids), timezone.now()), time.monotonic(), []
    connection = delivery_connection() if rows else None
    try:
        if rows:
            connection.open()  # one connection for the batch
    except Exception as error:  # noqa: BLE001 (the server is down: all wait)
        results.update({row.pk: record_failure(row, error, permanent=False) for row in rows})
        rows = []
    try:
        for index, row in enumerate(rows):
            if time.monotonic() - started > BATCH_SECONDS:
                release(rows[index:])
                results.update(dict.fromkeys([r.pk for r in rows[index:]], "released"))
                break
            try:
                connection.send_messages([as_email(row, connection)])
            except Exception as error:  # noqa: BLE001 (every failure is recorded)
                if is_permanent(error):
                    results[row.pk] = record_failure(row, error, permanent=True)
                    continue
                for rest in rows[index:]:  # the server or the connection: all wait
                    results[rest.pk] = record_failure(rest, error, permanent=False)
                break
            sent.append(row)
            results[row.pk] = "sent"
            if len(sent) % SAVE_EVERY == 0:
                record_sent(sent[-SAVE_EVERY:])
    finally:
        with contextlib.suppress(Exception):
            connection and connection.close()
    record_sent(sent[len(sent) - len(sent) % SAVE_EVERY :])
    if sent:
        resume_waiting()
    return [results[pk] for pk in message_ids]


def send_outbox_message(message_id):
    """Send one outbox row: sent, skipped, retry or failed."""
    return send_outbox_messages([message_id])[0]


def send_due_messages():
    """The periodic sweep: send the rows that are due (new, retrying, or stuck), a batch
    at a time, for at most BATCH_SECONDS (the rest wait for the next sweep)."""
    due, started = (
        list(due_rows(timezone.now()).values_list("pk", flat=True)[:2000]),
        time.monotonic(),
    )
    results = []
    for start in range(0, len(due), BATCH):
        if time.monotonic() - started > BATCH_SECONDS:
            break
        results += send_outbox_messages(due[start : start + BATCH])
    return {result: results.count(result) for result in set(results)}


def retry_now(message_ids):
    """Staff action: put failed rows back in the queue and send them now."""
    retried = OutboxMessage.objects.filter(
        pk__in=message_ids, status__in=[OutboxStatus.FAILED, OutboxStatus.RETRY]
    )
    # An email emptied (its person's data removed, or its body expired) is never sent again.
    count = retried.exclude(body_text="").update(
        status=OutboxStatus.PENDING, next_attempt_at=timezone.now()
    )
    enqueue_send(message_ids)
    return count


NEW_LINKS_TASK = "pbcert_wagtail.tasks.send_new_links"


def enqueue_new_links(email):
    """After commit, let the worker look up `email` and mail new links (lost-link form)."""
    transaction.on_commit(lambda: async_task(NEW_LINKS_TASK, email, group="pbcert-links"))


def send_new_links(email):
    """A new private link to every application whose contact is `email`."""
    from . import notifications
    from .models import Application

    applications = Application.objects.filter(contact_email__iexact=email)
    with transaction.atomic():
        applications = list(applications.select_related("municipality", "call"))
        for application in applications:
            notifications.new_private_link(application)
    return len(applications)
