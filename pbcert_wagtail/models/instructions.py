"""The instruction emails of a call, which staff edit per call and per language."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from ..instructions.placeholders import help_text, validate_placeholders


class InstructionEmail(Orderable):
    """One email of a call's instruction series (seed step 3: after confirmation, emails
    with the instructions for the questionnaire and its deadlines). Each confirmed
    applicant gets it once, `days_after_confirmation` days after staff confirmed the
    application (0: with the confirmation), until the questionnaire is submitted."""

    call = ParentalKey(
        "pbcert.CertificationCall",
        verbose_name=_("call"),
        on_delete=models.CASCADE,
        related_name="instruction_emails",
    )
    days_after_confirmation = models.PositiveSmallIntegerField(
        _("days after confirmation"),
        default=0,
        help_text=_(
            "0: sent together with the confirmation; otherwise by the daily jobs, that many days later."
        ),
    )
    subject_ka = models.CharField(
        _("subject (Georgian)"), max_length=200, validators=[validate_placeholders]
    )
    body_ka = models.TextField(
        _("text (Georgian)"), validators=[validate_placeholders], help_text=help_text()
    )
    subject_en = models.CharField(
        _("subject (English)"), max_length=200, blank=True, validators=[validate_placeholders]
    )
    body_en = models.TextField(
        _("text (English)"),
        blank=True,
        validators=[validate_placeholders],
        help_text=_("Empty: applicants who applied in English get the Georgian text."),
    )

    panels = [
        FieldPanel("days_after_confirmation"),
        FieldRowPanel([FieldPanel("subject_ka"), FieldPanel("subject_en")]),
        FieldPanel("body_ka"),
        FieldPanel("body_en"),
    ]

    wagtail_reference_index_ignore = True

    class Meta(Orderable.Meta):
        verbose_name = _("instruction email")
        verbose_name_plural = _("instruction emails")

    def __str__(self):
        return f"{self.call} · {self.days_after_confirmation} · {self.subject_ka}"
