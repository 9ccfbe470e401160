"""The certificate year: the municipality's progress record per recommendation, the
check-ins staff set per call, the reports municipalities send for them and the short
assessments staff or a monitoring expert write after each."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..i18n import in_language
from .calls import CertificationCall
from .certificates import Certificate, Recommendation


class MonitoringCheckIn(models.Model):
    """A date in the certificate year (e.g. at six months) by which each municipality
    certified in the call reports its progress; reminded before it, assessed after it."""

    call = models.ForeignKey(
        CertificationCall,
        verbose_name=_("call"),
        on_delete=models.CASCADE,
        related_name="check_ins",
    )
    due_date = models.DateField(_("report due"))
    label_ka = models.CharField(_("name (Georgian)"), max_length=100, default="შუალედური ანგარიში")
    label_en = models.CharField(_("name (English)"), max_length=100, default="Progress report")

    class Meta:
        verbose_name = _("monitoring check-in")
        verbose_name_plural = _("monitoring check-ins")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "due_date"], name="pbcert_check_in_once")
        ]

    def __str__(self):
        return f"{self.label} · {self.due_date:%Y-%m-%d}"

    @property
    def label(self):
        return in_language(self, "label")


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class RecommendationProgress(models.Model):
    """Where the municipality stands on one recommendation, kept current by it from its
    private page during the year; evidence files are attachments of its application."""

    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.CASCADE, related_name="progress"
    )
    status = models.CharField(
        _("progress"),
        max_length=20,
        choices=ProgressStatus.choices,
        default=ProgressStatus.NOT_STARTED,
    )
    note = models.TextField(_("what was done"), blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("progress on a recommendation")
        verbose_name_plural = _("progress on recommendations")

    def __str__(self):
        return f"{self.recommendation_id}: {self.status}"


class MonitoringReport(models.Model):
    """A municipality's report for one check-in: its progress record as it stood when
    sent ({recommendation uid: {"status", "note"}}). One per certificate and check-in."""

    check_in = models.ForeignKey(
        MonitoringCheckIn, on_delete=models.CASCADE, related_name="reports"
    )
    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="monitoring_reports"
    )
    progress = models.JSONField(default=dict)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        ordering = ["check_in__due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["check_in", "certificate"], name="pbcert_monitoring_report_once"
            )
        ]

    def __str__(self):
        return f"{self.certificate} · {self.check_in}"


class MonitoringAssessment(models.Model):
    """After a check-in, staff's or the monitoring expert's short assessment of the
    progress on one recommendation."""

    check_in = models.ForeignKey(
        MonitoringCheckIn, on_delete=models.CASCADE, related_name="assessments"
    )
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="assessments"
    )
    text = models.TextField(_("assessment"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("monitoring assessment")
        verbose_name_plural = _("monitoring assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["check_in", "recommendation"], name="pbcert_assessment_once"
            )
        ]

    def __str__(self):
        return self.text[:60]
