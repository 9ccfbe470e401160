"""Applications: one municipality's application to one call, and its private links."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import conf
from .calls import CertificationCall
from .counters import increment
from .municipalities import Municipality


class ApplicationStatus(models.TextChoices):
    """Every status of the life cycle; workflow.py says which transitions exist."""

    AWAITING_CONFIRMATION = "awaiting_confirmation", _("awaiting confirmation")
    QUESTIONNAIRE = "questionnaire", _("questionnaire open")
    SUBMITTED = "submitted", _("questionnaire submitted")
    SCREENING = "screening", _("completeness check")
    IN_REVIEW = "in_review", _("in expert review")
    INFORMATION_REQUESTED = "information_requested", _("more information requested")
    READY_FOR_DECISION = "ready_for_decision", _("ready for the consortium")
    DECIDED = "decided", _("decided")
    DECLINED = "declined", _("declined")
    INELIGIBLE = "ineligible", _("ineligible")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ReferenceCounter(models.Model):
    """The last reference number given out in a year; a row per year."""

    year = models.PositiveIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference counter")

    def __str__(self):
        return f"{self.year}: {self.last}"


def allocate_reference(year, using="default"):
    """The next reference number of `year`, e.g. PB-2027-007: F() + 1 in a transaction, so two
    submissions at once never share one (the unique reference is the backstop)."""
    number = increment(ReferenceCounter, "last", using=using, year=year)
    return f"PB-{year}-{number:03d}"


class Application(models.Model):
    """A municipality's C1 application to one call, with its status (its own model, not a
    form submission, so permissions apply). `questions` is the form as the applicant saw it."""

    call = models.ForeignKey(
        CertificationCall,
        verbose_name=_("call"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.AWAITING_CONFIRMATION,
        db_index=True,
    )
    status_reason = models.TextField(_("reason given to the applicant"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    contact_email = models.EmailField(_("contact email"))
    contacts = models.JSONField(_("contact people"), default=list)
    answers = models.JSONField(_("answers"), default=dict)
    questions = models.JSONField(_("questions as asked"), default=list)
    form_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    screening = models.JSONField(_("screening checklist"), default=dict, blank=True)
    # A renewal continues the municipality's own certificate of an earlier year.
    renews = models.ForeignKey(
        "pbcert.Certificate",
        verbose_name=_("renews the certificate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewals",
    )

    wagtail_reference_index_ignore = True  # no usage view lists applications

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "municipality"], name="pbcert_one_application_per_call"
            )
        ]
        permissions = [("confirm_application", _("Can confirm or decline applications"))]

    def __str__(self):
        return f"{self.reference} · {self.municipality}"

    def clean(self):
        if self.renews_id and self.renews.municipality_id != self.municipality_id:
            raise ValidationError(
                {"renews": _("A renewal continues a certificate of the same municipality.")}
            )


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class AccessToken(models.Model):
    """A private link to one application's status page; only its hash is stored. Asking for a
    new link keeps the old one working; a new contact email revokes the old address's links."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    sent_to = models.EmailField()
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("private link")

    def __str__(self):
        return f"{self.application_id} → {self.sent_to}"

    @classmethod
    def issue(cls, application, sent_to=None):
        """Create a token for the application's contact (or `sent_to`); returns the raw
        token (mail it)."""
        token = secrets.token_urlsafe(32)
        cls.objects.create(
            application=application,
            token_hash=hash_token(token),
            sent_to=sent_to or application.contact_email,
        )
        return token

    @classmethod
    def application_for(cls, token):
        """The application a raw token opens, or None."""
        if not token or len(token) > 100:
            return None
        oldest = timezone.now() - datetime.timedelta(days=conf.get("PRIVATE_LINK_DAYS"))
        live = cls.objects.filter(revoked_at__isnull=True, created_at__gte=oldest)
        related = ("application__municipality", "application__call")
        found = live.filter(token_hash=hash_token(token)).select_related(*related).first()
        return found.application if found else None
