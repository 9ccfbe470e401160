"""The consortium's decision on an application, internal until the call's results are published."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .applications import Application


class Outcome(models.TextChoices):
    CERTIFIED = "certified", _("certified")
    NOT_CERTIFIED = "not_certified", _("not certified")


class ConsortiumDecision(models.Model):
    """What the consortium decided at its meeting: who was there, the outcome, why, the
    final recommendations and the progress assessment. Locked once published."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="decision"
    )
    meeting_date = models.DateField(_("meeting date"))
    members_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members present"), related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    rationale = models.TextField(_("rationale (in the applicant's language)"))
    rationale_other = models.TextField(_("rationale (other language, optional)"), blank=True)
    recommendations = models.JSONField(_("final recommendations"), default=list)
    progress_assessment = models.TextField(_("progress assessment"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("consortium decision")
        verbose_name_plural = _("consortium decisions")
        permissions = [("record_decision", _("Can record and publish consortium decisions"))]

    def __str__(self):
        return f"{self.application.reference}: {self.get_outcome_display()}"

    @property
    def is_published(self):
        return self.published_at is not None


class ConsortiumVote(models.Model):
    """One member's vote (optional): one per member per decision."""

    decision = models.ForeignKey(ConsortiumDecision, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    vote = models.CharField(_("vote"), max_length=20, choices=Outcome.choices)

    class Meta:
        verbose_name = _("vote")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "member"], name="pbcert_one_vote_per_member"
            )
        ]

    def __str__(self):
        return f"{self.member}: {self.vote}"
