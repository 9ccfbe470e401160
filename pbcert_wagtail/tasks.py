"""django-q2 task functions. The queue delivers at least once: every task here is
safe to run twice (a row is claimed by a conditional UPDATE before it is sent)."""

import logging
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_q.tasks import async_task

from . import conf
from .models.outbox import OutboxMessage, OutboxStatus, redact_private_links

logger = logging.getLogger(__name__)

SEND_TASK = "pbcert_wagtail.tasks.send_outbox_messages"


def enqueue_send(message_ids, size=25):
    """Hand outbox rows to the worker (after the transaction commits), a task per `size`
    rows (a fan-out), each well within the task timeout."""
    message_ids = list(message_ids)
    for start in range(0, len(message_ids), size):
        try:
            async_task(SEND_TASK, message_ids[start : start + size], group="pbcert-email")
        except Exception:  # the periodic sweep picks the rows up
            logger.exception("Could not enqueue outbox rows from %s", message_ids[start])


def send_outbox_messages(message_ids):
    return [send_outbox_message(pk) for pk in message_ids]


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


def send_outbox_message(message_id):
    """Send one outbox row. Returns what happened: sent, skipped, retry or failed."""
    now = timezone.now()
    # Claim the row (mark it as being sent) unless someone else has, or it is not due.
    claimed = due_rows(now).filter(pk=message_id)
    if not claimed.update(status=OutboxStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1):
        return "skipped"
    message = OutboxMessage.objects.get(pk=message_id)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        to=[message.recipient],
        headers={"Message-ID": message.message_id, **message.headers},
        reply_to=[conf.get("REPLY_TO")] if conf.get("REPLY_TO") else None,
        alternatives=[(message.body_html, "text/html")] if message.body_html else None,
    )
    try:
        email.send()
    except Exception as error:  # any failure of the mail server is recorded and retried
        final = message.attempts >= conf.get("OUTBOX_MAX_ATTEMPTS")
        OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.SENDING).update(
            status=OutboxStatus.FAILED if final else OutboxStatus.RETRY,
            next_attempt_at=timezone.now() + backoff(message.attempts),
            last_error=f"{type(error).__name__}: {error}"[:2000],
            claimed_at=None,
        )
        logger.warning("Email %s failed (attempt %s): %s", message_id, message.attempts, error)
        return "failed" if final else "retry"
    # Once sent, the stored copy keeps no usable private link.
    OutboxMessage.objects.filter(pk=message_id).update(
        status=OutboxStatus.SENT,
        sent_at=timezone.now(),
        last_error="",
        claimed_at=None,
        body_text=redact_private_links(message.body_text),
        body_html=redact_private_links(message.body_html),
    )
    return "sent"


def send_due_messages():
    """The periodic sweep: send every row that is due (new, retrying, or stuck)."""
    due = due_rows(timezone.now()).values_list("pk", flat=True)[:500]
    results = send_outbox_messages(list(due))
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
