"""FAQ entries: translatable snippets (not page content) that FAQ pages show by topic."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .. import conf


class FAQTopic(TranslatableMixin, models.Model):
    """A heading under which FAQ entries are grouped."""

    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)

    translatable_fields = [TranslatableField("name"), SynchronizedField("order")]
    panels = [FieldPanel("name"), FieldPanel("order")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("FAQ topic")
        verbose_name_plural = _("FAQ topics")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class FAQEntry(TranslatableMixin, index.Indexed, models.Model):
    """One question and its answer; `anchor` is the same in every language, so `#anchor`
    finds the question on the Georgian and the English FAQ page."""

    topic = models.ForeignKey(
        FAQTopic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="entries"
    )
    question = models.CharField(_("question"), max_length=300)
    answer = RichTextField(_("answer"), features=conf.get("RICH_TEXT_FEATURES"))
    anchor = models.SlugField(
        _("anchor"),
        max_length=80,
        help_text=_("Short Latin name for the link to this answer, e.g. 'costs'."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    live = models.BooleanField(
        _("shown on the site"),
        default=True,
        help_text=_("Untick to keep the entry but hide it from visitors."),
    )

    translatable_fields = [
        *(TranslatableField(field) for field in ("topic", "question", "answer")),
        *(SynchronizedField(field) for field in ("anchor", "order", "live")),
    ]
    panels = [
        FieldPanel(field) for field in ("topic", "question", "answer", "anchor", "order", "live")
    ]
    search_fields = [
        index.SearchField("question"),
        index.SearchField("answer"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        ordering = ["topic__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "anchor"], name="pbcert_faq_anchor_per_locale"
            ),
        ]

    def __str__(self):
        return self.question
