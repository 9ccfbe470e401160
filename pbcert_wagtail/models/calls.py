"""One year's call for applications, with its dates."""

from itertools import pairwise

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel

# A call's dates, in the order they must come.
DATE_FIELDS = ["opens_at", "closes_at", "questionnaire_due", "results_at"]


class CallQuerySet(models.QuerySet):
    def current(self, on=None):
        """The call whose application window contains `on` (today by default), or None."""
        on = on or timezone.localdate()
        return self.filter(opens_at__lte=on, closes_at__gte=on).order_by("opens_at").first()

    def next(self, on=None):
        """The first call that opens after `on`, or None."""
        on = on or timezone.localdate()
        return self.filter(opens_at__gt=on).order_by("opens_at").first()

    def current_or_last(self):
        """The call open today, else the latest one (what staff screens show by default)."""
        return self.current() or self.order_by("-year").first()


class CertificationCall(ClusterableModel):
    """One year's call and its dates (whole days in the site's time zone; `closes_at` and
    `questionnaire_due` are the last days on which the action is allowed). A cluster, so
    that its edit view holds its instruction emails (models/instructions.py) inline."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    opens_at = models.DateField(_("applications open"))
    closes_at = models.DateField(_("last day to apply"))
    questionnaire_due = models.DateField(_("last day to submit the questionnaire"))
    results_at = models.DateField(_("results announced"))
    note = models.TextField(_("note"), blank=True, help_text=_("A short note shown on the site."))
    note_en = models.TextField(_("note (English)"), blank=True)
    experts_per_application = models.PositiveSmallIntegerField(
        _("experts per application"),
        default=2,
        help_text=_(
            "How many submitted expert reviews an application needs before the consortium."
        ),
    )
    questionnaire = models.ForeignKey(
        "pbcert.QuestionnaireDefinition",
        verbose_name=_("questionnaire"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
        help_text=_(
            "The questions confirmed applicants answer (in Georgian; its translation is used for English)."
        ),
    )

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("certification call")
        verbose_name_plural = _("certification calls")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_at__lte=models.F("closes_at"))
                & models.Q(closes_at__lte=models.F("questionnaire_due"))
                & models.Q(questionnaire_due__lte=models.F("results_at")),
                name="pbcert_call_dates_in_order",
            )
        ]

    def __str__(self):
        return str(_("Call %(year)s") % {"year": self.year})

    def clean(self):
        messages = [
            _("The last day to apply cannot be before the opening day."),
            _("The questionnaire cannot be due before applications close."),
            _("Results cannot be announced before the questionnaire is due."),
        ]
        errors = {}
        for (earlier, later), message in zip(pairwise(DATE_FIELDS), messages, strict=True):
            first, second = getattr(self, earlier), getattr(self, later)
            if first and second and second < first:
                errors[later] = message
        if errors:
            raise ValidationError(errors)
        if self.opens_at and self.results_at:
            overlap = {"opens_at__lte": self.results_at, "results_at__gte": self.opens_at}
            other = CertificationCall.objects.filter(**overlap).exclude(pk=self.pk).first()
            if other:
                message = _("These dates overlap with %(call)s (%(start)s – %(end)s).")
                values = {"call": other, "start": other.opens_at, "end": other.results_at}
                raise ValidationError({"opens_at": message % values})

    def is_open(self, on=None):
        on = on or timezone.localdate()
        return self.opens_at <= on <= self.closes_at
