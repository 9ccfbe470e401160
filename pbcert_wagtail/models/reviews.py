"""Assessment: criteria, the criteria a call is judged by, expert assignments and reviews."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .applications import Application
from .calls import CertificationCall


class CriterionStage(models.TextChoices):
    EVALUATION = "evaluation", _("expert evaluation")
    DECISION = "decision", _("consortium decision")


class Criterion(TranslatableMixin, models.Model):
    """An assessment criterion; `code` is the same across calls so years can be compared."""

    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=Decimal("1"))
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    stage = models.CharField(_("stage"), max_length=20, choices=CriterionStage.choices)
    order = models.PositiveIntegerField(_("order"), default=0)

    translatable_fields = [
        *(TranslatableField(field) for field in ("name", "description")),
        *(SynchronizedField(field) for field in ("code", "weight", "scale_max", "stage", "order")),
    ]
    panels = [
        FieldPanel(field)
        for field in ("code", "name", "description", "weight", "scale_max", "stage", "order")
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["stage", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "locale"], name="pbcert_criterion_code_per_locale"
            )
        ]

    def __str__(self):
        return self.name


class CallCriterion(models.Model):
    """A criterion as a call is judged by it: frozen names (both languages), weight and scale,
    so later edits of the criterion do not change a past call's results."""

    call = models.ForeignKey(CertificationCall, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("code"), max_length=50)
    name_ka = models.CharField(max_length=300)
    name_en = models.CharField(max_length=300)
    description_ka = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    weight = models.DecimalField(max_digits=5, decimal_places=2)
    scale_max = models.PositiveSmallIntegerField()
    stage = models.CharField(max_length=20, choices=CriterionStage.choices)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("criterion of a call")
        ordering = ["stage", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "code"], name="pbcert_call_criterion_once")
        ]

    def __str__(self):
        return f"{self.call}: {self.code}"


class ExpertRecommendation(models.TextChoices):
    """What an expert recommends the consortium decides."""

    CERTIFY = "certify", _("certify")
    CONDITIONS = "conditions", _("certify with conditions")
    DO_NOT = "do_not_certify", _("do not certify")


class AssignmentPurpose(models.TextChoices):
    REVIEW = "review", _("expert review")
    SCREENING = "screening", _("completeness check")
    MONITORING = "monitoring", _("monitoring")


class ReviewAssignmentQuerySet(models.QuerySet):
    def active(self):
        """Assignments staff have not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class ReviewAssignment(models.Model):
    """An expert asked to review (or to check the completeness of) one application by a
    due date, with their conflict-of-interest declaration (None until declared)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pbcert_assignments"
    )
    purpose = models.CharField(
        _("task"),
        max_length=20,
        choices=AssignmentPurpose.choices,
        default=AssignmentPurpose.REVIEW,
    )
    due_date = models.DateField(_("due"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    has_conflict = models.BooleanField(_("conflict of interest"), null=True)
    conflict_note = models.TextField(_("conflict explained"), blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = ReviewAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "expert", "purpose"], name="pbcert_one_assignment_per_expert"
            )
        ]
        permissions = [("review_assigned", _("Can review applications assigned to them"))]

    def __str__(self):
        return f"{self.application.reference} → {self.expert}"

    @property
    def is_active(self):
        return self.withdrawn_at is None

    @property
    def may_see_answers(self):
        return self.is_active and self.has_conflict is False


class ExpertReviewQuerySet(models.QuerySet):
    def standing(self):
        """Reviews (drafts included) of assignments that still stand."""
        return self.filter(assignment__withdrawn_at__isnull=True)

    def submitted(self):
        """Submitted reviews of assignments that still stand."""
        return self.standing().filter(submitted_at__isnull=False)


class ExpertReview(models.Model):
    """An expert's scores and comments per criterion, overall recommendation and
    recommendations to the municipality. A draft until submitted, then locked."""

    assignment = models.OneToOneField(
        ReviewAssignment, on_delete=models.CASCADE, related_name="review"
    )
    # {criterion code: {"score": n, "comment": ""}}
    scores = models.JSONField(_("scores"), default=dict)
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=ExpertRecommendation.choices, blank=True
    )
    recommendations = models.JSONField(_("recommendations to the municipality"), default=list)
    suggested_request = models.TextField(
        _("information to ask the applicant for (a suggestion to staff)"), blank=True
    )
    saved_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    objects = ExpertReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("expert review")
        verbose_name_plural = _("expert reviews")

    def __str__(self):
        return str(self.assignment)

    @property
    def is_submitted(self):
        return self.submitted_at is not None
