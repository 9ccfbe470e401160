"""The email outbox: every email is a row first, sent by the worker afterwards."""

import re
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PRIVATE_LINK = re.compile(r"(/application/)(?!lost-link/)[\w-]{20,}(/)")
# A password reset link (Wagtail's /admin/password_reset/confirm/<uid>/<token>/, Django's
# /reset/<uid>/<token>/), in the site's emails that go through the outbox too.
RESET_LINK = re.compile(r"(/(?:confirm|reset)/[\w-]+/)[\w-]{16,}(/)")


def redact_private_links(text):
    """Private-link and password-reset tokens replaced by "…": what is kept after sending
    and shown to staff."""
    return RESET_LINK.sub(r"\1…\2", PRIVATE_LINK.sub(r"\1…\2", text or ""))


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    RETRY = "retry", _("failed, will retry")
    FAILED = "failed", _("failed")


class OutboxMessage(models.Model):
    """One email to one recipient, written in the same transaction as its cause. The worker
    claims the row with a conditional UPDATE before sending, so it is never sent twice; a
    failure is recorded and retried with back-off."""

    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    event = models.CharField(_("event"), max_length=60, db_index=True)
    recipient = models.EmailField(_("recipient"), db_index=True)
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=200, unique=True, editable=False)
    # "Send once": a second email under the same key is never queued (e.g. a reminder
    # "review_reminder:<assignment>:<due>:before:3", a notice "call_opened:<call>:<subscriber>").
    dedupe_key = models.CharField(
        max_length=200, unique=True, null=True, blank=True, editable=False
    )

    # The application the email concerns (none for a subscriber's): the access rule of
    # the application applies to the email too.
    application = models.ForeignKey(
        "pbcert.Application",
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="emails",
    )

    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=16, blank=True, editable=False)  # which task has it
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} → {self.recipient}"

    def save(self, *args, **kwargs):
        if not self.message_id:
            self.message_id = f"<{uuid.uuid4().hex}@pbcert>"
        super().save(*args, **kwargs)

    @property
    def body_for_staff(self):
        """The text body with private links masked: staff must not borrow an applicant's link."""
        return redact_private_links(self.body_text)

    body_for_staff.fget.short_description = _("Text (private links masked)")  # its admin label
