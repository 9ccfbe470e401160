"""The site's EMAIL_BACKEND: every email anything sends — Django's password reset,
Wagtail's moderation and workflow notices, ours — becomes an outbox row in the caller's
transaction, and the worker delivers it (tasks.delivery_connection). So a mail server
that is down or slow never fails or slows a request, and staff see every email."""

from django.core.mail.backends.base import BaseEmailBackend
from django.utils import translation

from .models.outbox import OutboxMessage

SITE_EMAIL = "site_email"  # the event of an email that is not one of ours


def rows_for(message):
    """One outbox row per recipient of a Django EmailMessage."""
    html = next(
        (content for content, kind in getattr(message, "alternatives", []) if kind == "text/html"),
        "",
    )
    headers = {key: str(value) for key, value in message.extra_headers.items()}
    if message.from_email:
        headers.setdefault("From", message.from_email)
    for recipient in [*message.to, *message.cc, *message.bcc]:
        yield OutboxMessage(
            event=SITE_EMAIL,
            recipient=recipient,
            language=translation.get_language() or "",
            subject=" ".join(str(message.subject).split())[:300],
            body_text=message.body,
            body_html=html,
            headers=headers,
        )


class OutboxBackend(BaseEmailBackend):
    """Writes each message to the outbox instead of sending it (see the module)."""

    def send_messages(self, email_messages):
        from .notifications import new_message_id, queue_many

        rows = [row for message in email_messages for row in rows_for(message)]
        for row in rows:
            row.message_id = new_message_id(row)
        queue_many(rows)
        return len(email_messages)
