"""Ask an expert: a visitor's question, the expert who answers it, and the answer."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..community.confirmation import ConfirmedByVisitor


class QuestionStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("waiting for address confirmation")
    QUEUED = "queued", _("in the queue")
    ASSIGNED = "assigned", _("assigned to an expert")
    ANSWERED = "answered", _("answered")
    MAILED = "mailed", _("answer mailed")


class ExpertQuestionQuerySet(models.QuerySet):
    def confirmed(self):
        """Questions whose asker confirmed their address: only these reach the queue (and
        leave it when the retention period took the asker and the question away)."""
        return (
            self.filter(confirmed_at__isnull=False)
            .exclude(status=QuestionStatus.UNCONFIRMED)
            .exclude(
                anonymised_at__isnull=False,
                status__in=[QuestionStatus.QUEUED, QuestionStatus.ASSIGNED],
            )
        )


class ExpertQuestion(ConfirmedByVisitor):
    """A visitor's question to the programme's experts (the seed's "ask an expert a
    question and get a full answer"). It waits for the asker to confirm their address,
    then staff assign it to an expert, who answers in the admin; the answer is mailed to
    the asker in the language they asked in, once. Staff may turn it into an FAQ draft."""

    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        "pbcert.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_questions",
    )
    question = models.TextField(_("question"), max_length=4000)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=QuestionStatus.choices,
        default=QuestionStatus.UNCONFIRMED,
        db_index=True,
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_questions",
    )
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer = models.TextField(_("answer"), max_length=20000, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mailed_at = models.DateTimeField(_("answer mailed"), null=True, blank=True)
    faq_entry = models.ForeignKey(
        "pbcert.FAQEntry",
        verbose_name=_("FAQ entry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    anonymised_at = models.DateTimeField(_("personal data removed"), null=True, blank=True)

    objects = ExpertQuestionQuerySet.as_manager()
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("question to an expert")
        verbose_name_plural = _("questions to experts")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.question[:60]

    def confirmation_purpose(self):
        from django.utils.translation import gettext

        return gettext("your question to the programme's experts")

    def confirmed_text(self):
        return _(
            "Thank you: your address is confirmed and your question is with our team. An "
            "expert's answer will come to this address."
        )

    def on_confirmed(self):
        from ..community import questions

        questions.queue_question(self)
