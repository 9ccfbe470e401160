"""The handover conference: where a call's certificates are handed over, and each
certified municipality's answer to its invitation."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..i18n import in_language
from .calls import CertificationCall
from .certificates import Certificate


class HandoverConference(models.Model):
    """A call's conference (one per call): date, place and programme in both languages.
    Once results are published, every certified municipality of the call is invited."""

    call = models.OneToOneField(
        CertificationCall,
        verbose_name=_("call"),
        on_delete=models.CASCADE,
        related_name="conference",
    )
    date = models.DateField(_("date"))
    place_ka = models.CharField(_("place (Georgian)"), max_length=300)
    place_en = models.CharField(_("place (English)"), max_length=300, blank=True)
    programme_ka = models.TextField(_("programme (Georgian)"), blank=True)
    programme_en = models.TextField(_("programme (English)"), blank=True)

    class Meta:
        verbose_name = _("handover conference")
        verbose_name_plural = _("handover conferences")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.call} · {self.date:%Y-%m-%d}"

    @property
    def place(self):
        return in_language(self, "place")

    @property
    def programme(self):
        return in_language(self, "programme")


class ConferenceAnswer(models.Model):
    """A certified municipality's answer to the invitation, from its status page."""

    conference = models.ForeignKey(
        HandoverConference, on_delete=models.CASCADE, related_name="answers"
    )
    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="conference_answers"
    )
    attending = models.BooleanField(_("attending"))
    people = models.PositiveSmallIntegerField(
        _("number of people"),
        default=0,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    names_and_roles = models.TextField(_("names and roles"), blank=True)
    needs_travel = models.BooleanField(_("travel needed"), default=False)
    needs_hotel = models.BooleanField(_("hotel needed"), default=False)
    dietary_needs = models.TextField(_("dietary needs"), blank=True)
    answered_at = models.DateTimeField(default=timezone.now)
    received_at = models.DateTimeField(_("certificate received"), null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("conference answer")
        verbose_name_plural = _("conference answers")
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "certificate"], name="pbcert_one_answer_per_certificate"
            )
        ]

    def __str__(self):
        return f"{self.certificate}: {'yes' if self.attending else 'no'}"
