"""The questionnaire (ანკეტა): its definition per call, each application's answers and files."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, TranslatableMixin
from wagtail_localize.fields import TranslatableField

from .. import conf
from ..question_blocks import QuestionnaireStreamBlock
from .applications import Application


def private_storage():
    """Uploads live outside MEDIA_ROOT's public URL; only our views serve them."""
    root = conf.get("PRIVATE_MEDIA_ROOT") or Path(settings.MEDIA_ROOT).parent / "private-media"
    return FileSystemStorage(location=str(root), base_url=None)


def attachment_path(instance, filename):
    return f"applications/{instance.application_id}/{uuid.uuid4().hex}{Path(filename).suffix}"


class QuestionnaireDefinition(TranslatableMixin, models.Model):
    """The questions of one year's questionnaire, translated like the C1 form (keys are
    synchronised between languages, labels translated); a call points at the one it uses."""

    name = models.CharField(_("name"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    questions = StreamField(QuestionnaireStreamBlock(), verbose_name=_("questions"))

    translatable_fields = [TranslatableField(field) for field in ("name", "intro", "questions")]
    panels = [FieldPanel(field) for field in ("name", "intro", "questions")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self):
        return self.name

    def in_language(self, language):
        """This definition in `language`, or the source when it has no translation."""
        locale = Locale.objects.filter(language_code=language).exclude(pk=self.locale_id).first()
        return (locale and self.get_translation_or_none(locale)) or self


class QuestionnaireResponse(models.Model):
    """One application's questionnaire: a draft until submitted, then read-only."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="questionnaire"
    )
    answers = models.JSONField(_("answers"), default=dict)
    questions = models.JSONField(_("questions as asked"), default=list)
    saved_at = models.DateTimeField(_("last saved"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # The first submission: later changes (after a reopen) are kept as revisions.
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    extended_until = models.DateField(
        _("deadline extended until"),
        null=True,
        blank=True,
        help_text=_("Lets this application submit after the call's questionnaire deadline."),
    )
    # A renewal: the keys of answers carried over from last year that the applicant has
    # not checked yet, and what they say of progress on each of last year's
    # recommendations ({recommendation uid: text}).
    prefilled = models.JSONField(_("answers carried over, not yet checked"), default=list)
    progress = models.JSONField(_("progress on last year's recommendations"), default=dict)

    class Meta:
        verbose_name = _("questionnaire answers")
        verbose_name_plural = _("questionnaire answers")

    def __str__(self):
        return f"{self.application.reference}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    def due_date(self):
        """The last day to submit: the call's deadline, or the extension staff granted."""
        due = self.application.call.questionnaire_due
        return max(due, self.extended_until or due)

    def is_overdue(self, today=None):
        return (today or timezone.localdate()) > self.due_date()


class ChangeNotice(models.Model):
    """The applicant tells us that details of the application changed (seed: "tell the team")."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="change_notices"
    )
    text = models.TextField(_("what changed"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("change notice")
        verbose_name_plural = _("change notices")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.application.reference}: {self.text[:60]}"


class Attachment(models.Model):
    """A file uploaded for a questionnaire question; private, served only by our views."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    question_key = models.CharField(_("question"), max_length=40)
    change_notice = models.ForeignKey(
        ChangeNotice, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    information_request = models.ForeignKey(
        "pbcert.InformationRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    # Evidence for the progress on a recommendation, during the certificate year.
    progress = models.ForeignKey(
        "pbcert.RecommendationProgress",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=attachment_path, max_length=300
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["question_key", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class InformationRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(answered_at__isnull=True, closed_at__isnull=True)


class InformationRequest(models.Model):
    """Staff ask the applicant for more information, by a deadline; the application waits
    in "more information requested" and returns to the stage it came from."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="information_requests"
    )
    text = models.TextField(_("what is needed"))
    due_date = models.DateField(_("answer by"))
    unlocked_keys = models.JSONField(
        _("questions the applicant may edit"), default=list, blank=True
    )
    return_status = models.CharField(max_length=30)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    answer_text = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # Closed without an answer (the application was withdrawn), and why.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_reason = models.TextField(_("why it was closed"), blank=True)

    objects = InformationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(answered_at__isnull=True, closed_at__isnull=True),
                name="pbcert_one_open_information_request",
            )
        ]

    def __str__(self):
        return f"{self.application.reference}: {self.text[:60]}"

    @property
    def is_open(self):
        return self.answered_at is None and self.closed_at is None

    def is_overdue(self, today=None):
        return self.is_open and (today or timezone.localdate()) > self.due_date


class AnswerRevision(models.Model):
    """One change to one questionnaire answer, kept so reviewers see what changed."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="revisions")
    information_request = models.ForeignKey(
        InformationRequest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="revisions",
    )
    key = models.CharField(max_length=40)
    old_value = models.JSONField(null=True)
    new_value = models.JSONField(null=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("answer revision")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.application_id}:{self.key}"
