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

# The community links (community/): confirming an address, stopping or reporting messages.
COMMUNITY_LINK = re.compile(r"(/(?:confirm-address|practitioners/(?:stop|report))/)[^\s/]{16,}(/)")


def redact_private_links(text):
    """Private-link and password-reset tokens replaced by "…": what is kept after sending
    and shown to staff."""
    text = COMMUNITY_LINK.sub(r"\1…\2", text or "")
    return RESET_LINK.sub(r"\1…\2", PRIVATE_LINK.sub(r"\1…\2", text))


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    RETRY = "retry", _("failed, will retry")
    FAILED = "failed", _("failed")


class EmailEvent(models.TextChoices):
    """What an outbox email is about, named for the people who read the outbox; every
    email template's event is one of these (a test checks)."""

    APPLICATION_RECEIVED = "application_received", _("application received (to the applicant)")
    STAFF_NEW_APPLICATION = "staff_new_application", _("new application (to staff)")
    APPLICATION_CONFIRMED = "application_confirmed", _("process started (to the applicant)")
    APPLICATION_DECLINED = "application_declined", _("application declined")
    APPLICATION_INELIGIBLE = "application_ineligible", _("application ineligible")
    APPLICATION_WITHDRAWN = "application_withdrawn", _("application withdrawn")
    DUPLICATE_ATTEMPT = "duplicate_attempt", _("second application attempt")
    NEW_LINK = "new_link", _("new private link")
    CONTACT_CHANGED = "contact_changed", _("contact email changed")
    INSTRUCTIONS = "instructions", _("questionnaire instructions (to the applicant)")
    QUESTIONNAIRE_REMINDER = "questionnaire_reminder", _("questionnaire reminder")
    QUESTIONNAIRE_RECEIVED = (
        "questionnaire_received",
        _("questionnaire received (to the applicant)"),
    )
    STAFF_QUESTIONNAIRE_RECEIVED = (
        "staff_questionnaire_received",
        _("questionnaire submitted (to staff)"),
    )
    QUESTIONNAIRE_REOPENED = "questionnaire_reopened", _("questionnaire reopened")
    QUESTIONNAIRE_EXTENDED = "questionnaire_extended", _("questionnaire deadline extended")
    STAFF_CHANGE_NOTICE = "staff_change_notice", _("change reported (to staff)")
    EXPERT_ASSIGNED = "expert_assigned", _("expert assigned (to the expert)")
    REVIEW_REMINDER = "review_reminder", _("review reminder (to the expert)")
    EXPERT_ANSWERS_CHANGED = (
        "expert_answers_changed",
        _("answers changed after a request (to the expert)"),
    )
    STAFF_CONFLICT = "staff_conflict", _("conflict of interest declared (to staff)")
    STAFF_INFORMATION_SUGGESTED = (
        "staff_information_suggested",
        _("information request suggested (to staff)"),
    )
    INFORMATION_REQUESTED = "information_requested", _("information requested (to the applicant)")
    INFORMATION_REMINDER = "information_reminder", _("information request reminder")
    INFORMATION_EXTENDED = "information_extended", _("information request extended")
    STAFF_INFORMATION_ANSWERED = (
        "staff_information_answered",
        _("information request answered (to staff)"),
    )
    CONSORTIUM_READY = (
        "consortium_ready",
        _("ready for the consortium's decision (to its members)"),
    )
    RESULT_PUBLISHED = "result_published", _("result published (to the applicant)")
    CERTIFICATE_REVOKED = "certificate_revoked", _("certificate revoked")
    CONFERENCE_INVITATION = "conference_invitation", _("conference invitation")
    CONFERENCE_REMINDER = "conference_reminder", _("conference reminder")
    MONITORING_REMINDER = "monitoring_reminder", _("monitoring report reminder")
    MONITORING_ASSIGNED = "monitoring_assigned", _("monitoring expert assigned")
    STAFF_MONITORING_REPORT = "staff_monitoring_report", _("monitoring report sent (to staff)")
    CERTIFICATE_EXPIRING = "certificate_expiring", _("certificate expiring")
    CALL_OPENED = "call_opened", _("call opened (to a subscriber)")
    CALL_OPENED_HOLDER = "call_opened_holder", _("call opened (to a certificate holder)")
    SUBSCRIPTION_CONFIRM = "subscription_confirm", _("subscription confirmation")
    ADDRESS_CONFIRMATION = (
        "address_confirmation",
        _("address confirmation (to a visitor of a community form)"),
    )
    PRACTITIONER_MESSAGE = (
        "practitioner_message",
        _("a visitor's message (to a practitioner)"),
    )
    PERSON_INVITED = "person_invited", _("invitation to the admin (to a new person)")
    EXPERT_ANSWER = "expert_answer", _("an expert's answer (to the person who asked)")
    MUNICIPALITY_INVITATION = (
        "municipality_invitation",
        _("invitation to apply (to a nominated municipality's official address)"),
    )
    NOMINATION_ANSWERED = "nomination_answered", _("nomination reviewed (to the nominator)")
    SITE_EMAIL = "site_email", _("site email (password reset, Wagtail notices)")


# Emails to visitors of the community forms: their address is shown to no one.
VISITOR_EVENTS = ("address_confirmation", "nomination_answered", "expert_answer")
# Emails whose recipient the site chose (an official address, the asker's confirmed one):
# staff may not retype it.
FIXED_RECIPIENT_EVENTS = (*VISITOR_EVENTS, "municipality_invitation", "practitioner_message")


class OutboxMessage(models.Model):
    """One email to one recipient, written in the same transaction as its cause. The worker
    claims the row with a conditional UPDATE before sending, so it is never sent twice; a
    failure is recorded and retried with back-off."""

    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    event = models.CharField(_("event"), max_length=60, db_index=True, choices=EmailEvent.choices)
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
        return f"{self.subject} → {self.recipient_for_staff}"

    def save(self, *args, **kwargs):
        if not self.message_id:
            self.message_id = f"<{uuid.uuid4().hex}@pbcert>"
        super().save(*args, **kwargs)

    @property
    def recipient_for_staff(self):
        """The address, except a visitor's (who confirmed it for one message, a question, a
        nomination): staff never see those."""
        if self.event in VISITOR_EVENTS:
            return _("(a visitor's address: private)")
        return self.recipient

    recipient_for_staff.fget.short_description = _("recipient")

    @property
    def body_for_staff(self):
        """The text body with private links masked: staff must not borrow an applicant's link.
        A visitor's message to a practitioner is not shown at all (contact requests show it
        once reported)."""
        if self.event == EmailEvent.PRACTITIONER_MESSAGE:
            return _("(a visitor's message to a practitioner: private)")
        return redact_private_links(self.body_text)

    body_for_staff.fget.short_description = _("Text (private links masked)")  # its admin label
