"""The programme's product: a certified municipality's one-year certificate, its rendered
PDF documents (each with its own verification code) and the recommendations it carries."""

import uuid
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from ..i18n import in_language
from .calls import CertificationCall
from .counters import increment
from .decisions import ConsortiumDecision
from .municipalities import Municipality
from .questionnaires import private_storage
from .reviews import CallCriterion

TBILISI = ZoneInfo("Asia/Tbilisi")


def tbilisi_today():
    return timezone.localdate(timezone.now(), TBILISI)


def last_day_of_validity(valid_from):
    """One year less a day: 1 March 2028 → 28 February 2029; 29 February + 1 year is
    1 March, so 29 February 2028 → 28 February 2029 too."""
    try:
        anniversary = valid_from.replace(year=valid_from.year + 1)
    except ValueError:  # 29 February
        anniversary = date(valid_from.year + 1, 3, 1)
    return anniversary - timedelta(days=1)


class CertificateCounter(models.Model):
    """The last certificate number given out for a call's year; a row per year."""

    year = models.PositiveIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("certificate counter")

    def __str__(self):
        return f"{self.year}: {self.last}"


def allocate_certificate_number(year, using="default"):
    """The next certificate number of `year`, e.g. PB-CERT-2027-003 (F() + 1 inside the
    caller's transaction; the unique number is the backstop)."""
    number = increment(CertificateCounter, "last", using=using, year=year)
    return f"PB-CERT-{year}-{number:03d}"


class CertificateState(models.TextChoices):
    """Computed from the dates and the revocation, never stored."""

    VALID = "valid", _("valid")
    NOT_YET_VALID = "not_yet_valid", _("not yet valid")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")


class RevocationReason(models.TextChoices):
    """Why a certificate was revoked, as the public is told."""

    ISSUED_IN_ERROR = "issued_in_error", _("issued in error")
    CONDITIONS_NO_LONGER_MET = "conditions_no_longer_met", _("conditions no longer met")
    AT_THE_MUNICIPALITYS_REQUEST = "municipality_request", _("at the municipality's request")


class CertificateQuerySet(models.QuerySet):
    def in_state(self, state, today=None):
        """Certificates in `state` on `today` (Tbilisi): the same rule as Certificate.state."""
        today = today or tbilisi_today()
        live = self.filter(revoked_at__isnull=True)
        return {
            CertificateState.REVOKED: self.filter(revoked_at__isnull=False),
            CertificateState.EXPIRED: live.filter(valid_until__lt=today),
            CertificateState.NOT_YET_VALID: live.filter(valid_from__gt=today),
            CertificateState.VALID: live.filter(valid_from__lte=today, valid_until__gte=today),
        }[state]


class Certificate(models.Model):
    """A municipality's certificate for one year: issued when a "certified" decision is
    published (one per decision), or recorded by staff for one issued on paper. Whether it
    is valid is computed from its dates, so nothing waits for a job to run."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    call = models.ForeignKey(
        CertificationCall,
        verbose_name=_("call"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    decision = models.OneToOneField(
        ConsortiumDecision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate",
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), help_text=_("The last day of validity."))
    on_paper = models.BooleanField(
        _("issued on paper, recorded by staff"),
        default=False,
        help_text=_("A certificate handed over on paper before this site existed."),
    )
    progress_assessment = models.TextField(_("progress assessment"), blank=True)
    handover_date = models.DateField(_("handover date"), null=True, blank=True)
    handover_place_ka = models.CharField(_("handover place (Georgian)"), max_length=200, blank=True)
    handover_place_en = models.CharField(_("handover place (English)"), max_length=200, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_reason = models.CharField(
        _("reason for the revocation (public)"),
        max_length=30,
        choices=RevocationReason.choices,
        blank=True,
    )
    revocation_note = models.TextField(_("internal note on the revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-valid_from", "number"]
        permissions = [("issue_certificate", _("Can issue and revoke certificates"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="pbcert_certificate_valid_until_after_from",
            )
        ]

    def __str__(self):
        return self.number

    def state(self, today=None):
        """Revoked > expired > not yet valid > valid, on `today` in Tbilisi."""
        today = today or tbilisi_today()
        if self.revoked_at:
            return CertificateState.REVOKED
        if today > self.valid_until:
            return CertificateState.EXPIRED
        if today < self.valid_from:
            return CertificateState.NOT_YET_VALID
        return CertificateState.VALID

    @property
    def handover_place(self):
        return in_language(self, "handover_place")

    def current_document(self):
        """The latest document (the one not replaced), or None; uses prefetched documents."""
        return max(self.documents.all(), key=lambda d: (d.created_at, d.pk), default=None)

    @property
    def state_label(self):
        return self.state().label

    @property
    def pdf_label(self):
        document = self.current_document()
        if document is None:
            return _("no PDF (issued on paper)") if self.on_paper else _("no PDF")
        if document.failed:
            return _("PDF failed, being retried")
        return document.get_state_display()


class PdfState(models.TextChoices):
    PENDING = "pending", _("PDF pending")
    RENDERED = "rendered", _("PDF ready")


class CertificateDocument(models.Model):
    """One printed form of a certificate: its PDF (rendered by the worker, stored
    privately) and the verification code printed on it and in its QR code. A document
    issued again gets a new code; the old one then says it was replaced."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="documents")
    code = models.CharField(_("verification code"), max_length=32, unique=True)
    state = models.CharField(
        _("PDF"), max_length=20, choices=PdfState.choices, default=PdfState.PENDING
    )
    file = models.FileField(storage=private_storage, upload_to="certificates/", blank=True)
    attempts = models.PositiveSmallIntegerField(_("render attempts"), default=0)
    last_error = models.TextField(_("last render error"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)
    replaced_at = models.DateTimeField(_("replaced"), null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("certificate document")
        verbose_name_plural = _("certificate documents")
        indexes = [models.Index(fields=["state", "queued_at"], name="pbcert_document_pending")]

    def __str__(self):
        return f"{self.certificate.number} ({self.get_state_display()})"

    @property
    def failed(self):
        """A render failed and the worker is trying again."""
        return self.state == PdfState.PENDING and bool(self.last_error)


class Recommendation(models.Model):
    """One of the consortium's final recommendations to a certified municipality, tied to
    its criterion, with a stable id so the certificate year can follow it."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="recommendations"
    )
    criterion = models.ForeignKey(
        CallCriterion,
        verbose_name=_("criterion"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    criterion_code = models.SlugField(_("criterion code"), max_length=50, blank=True)
    text = models.TextField(_("recommendation"))
    order = models.PositiveIntegerField(default=0)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["certificate", "order", "pk"]

    def __str__(self):
        return self.text[:60]

    @property
    def criterion_name(self):
        return in_language(self.criterion, "name") if self.criterion else ""


PARTS = ("name_ka", "name_en", "title_ka", "title_en")  # of a signatory


@register_setting(icon="doc-full")
class CertificateSettings(BaseSiteSetting):
    """What every certificate prints besides its own facts: the programme's name and up
    to two signatories with their titles, in Georgian and English."""

    programme_ka = models.CharField(
        _("programme name (Georgian)"), max_length=200, default="მუნიციპალიტეტის სერტიფიცირება"
    )
    programme_en = models.CharField(
        _("programme name (English)"), max_length=200, default="Municipality certification"
    )
    signatory_1_name_ka = models.CharField(
        pgettext_lazy("person", "name (Georgian)"), max_length=200, blank=True
    )
    signatory_1_name_en = models.CharField(
        pgettext_lazy("person", "name (English)"), max_length=200, blank=True
    )
    signatory_1_title_ka = models.CharField(_("title (Georgian)"), max_length=200, blank=True)
    signatory_1_title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    signatory_2_name_ka = models.CharField(
        pgettext_lazy("person", "name (Georgian)"), max_length=200, blank=True
    )
    signatory_2_name_en = models.CharField(
        pgettext_lazy("person", "name (English)"), max_length=200, blank=True
    )
    signatory_2_title_ka = models.CharField(_("title (Georgian)"), max_length=200, blank=True)
    signatory_2_title_en = models.CharField(_("title (English)"), max_length=200, blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("programme_ka"), FieldPanel("programme_en")], heading=_("Programme")
        ),
        *(
            MultiFieldPanel(
                [FieldPanel(f"signatory_{n}_{part}") for part in PARTS], heading=heading
            )
            for n, heading in ((1, _("First signatory")), (2, _("Second signatory")))
        ),
    ]

    class Meta:
        verbose_name = _("certificate settings")
        verbose_name_plural = _("certificate settings")

    def signatories(self):
        """[{"name_ka", "name_en", "title_ka", "title_en"}] of the signatories named."""
        people = [{part: getattr(self, f"signatory_{n}_{part}") for part in PARTS} for n in (1, 2)]
        return [person for person in people if person["name_ka"] or person["name_en"]]
