"""Public page types of the programme."""

import json
import re
from itertools import groupby

from django.db import models
from django.template.response import TemplateResponse
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.forms.models import AbstractForm
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import expand_db_html
from wagtail.search import index

from .. import conf
from ..blocks import ProgrammeStreamBlock
from ..forms import ApplicationFormBuilder, QuestionSpec, question_specs, snapshot
from ..question_blocks import QuestionStreamBlock
from .faq import FAQEntry

BLOCK_END = re.compile(r"</(p|li|h[1-6]|div)>|<br\s*/?>", re.IGNORECASE)
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def plain_text(rich_text):
    """Rich text as plain text, one line per paragraph or list item."""
    text = strip_tags(BLOCK_END.sub("\n", expand_db_html(rich_text)))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


class NotAtTreeRootMixin:
    """Plugin pages live inside a site, never at the top of the page tree."""

    @classmethod
    def can_create_at(cls, parent):
        return super().can_create_at(parent) and not parent.is_root()


class ProgrammePage(NotAtTreeRootMixin, Page):
    """The programme's informational page: what certification is and how it works."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(ProgrammeStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    subpage_types = [
        "pbcert.FAQPage",
        "pbcert.ApplicationFormPage",
        "pbcert.PractitionerDirectoryPage",
    ]
    template = "pbcert_wagtail/pages/programme_page.html"

    class Meta:
        verbose_name = _("programme page")
        verbose_name_plural = _("programme pages")


class FAQPage(NotAtTreeRootMixin, Page):
    """Questions and answers (the FAQEntry snippets in the page's language), grouped by
    topic, with FAQPage structured data."""

    intro = RichTextField(_("introduction"), features=conf.get("RICH_TEXT_FEATURES"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    subpage_types: list = []
    max_count_per_parent = 1
    template = "pbcert_wagtail/pages/faq_page.html"

    class Meta:
        verbose_name = _("FAQ page")
        verbose_name_plural = _("FAQ pages")

    def structured_data(self, entries, request):
        """schema.org FAQPage JSON-LD listing exactly the questions on the page."""
        data = {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "inLanguage": self.locale.language_code,
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": entry.question,
                    "acceptedAnswer": {"@type": "Answer", "text": plain_text(entry.answer)},
                }
                for entry in entries
            ],
            "url": self.get_full_url(request),
        }
        text = json.dumps(data, ensure_ascii=False, indent=1).translate(JSON_SCRIPT_ESCAPES)
        return mark_safe(text)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        live = FAQEntry.objects.filter(locale_id=self.locale_id, live=True).select_related("topic")
        entries = list(live.order_by("topic__order", "topic__pk", "order", "pk"))
        context["faq_topics"] = [  # grouped by topic, in order
            {"topic": topic, "entries": list(group)}
            for topic, group in groupby(entries, key=lambda entry: entry.topic)
        ]
        context["faq_json_ld"] = self.structured_data(entries, request)
        return context


class ApplicationFormPage(NotAtTreeRootMixin, AbstractForm):
    """The C1 application form: questions editors define, answers kept by stable key.
    Submissions become Application rows (not form submissions), only while a call is open."""

    intro = RichTextField(_("introduction"), features=conf.get("RICH_TEXT_FEATURES"), blank=True)
    questions = StreamField(QuestionStreamBlock(), verbose_name=_("questions"))
    thank_you_text = RichTextField(
        _("text after sending"), features=conf.get("RICH_TEXT_FEATURES"), blank=True
    )

    content_panels = AbstractForm.content_panels + [
        FieldPanel(field) for field in ("intro", "questions", "thank_you_text")
    ]
    subpage_types: list = []
    template = "pbcert_wagtail/pages/application_form_page.html"
    landing_page_template = "pbcert_wagtail/pages/application_form_page_landing.html"
    form_builder = ApplicationFormBuilder

    class Meta:
        verbose_name = _("application form page")
        verbose_name_plural = _("application form pages")

    def get_form_items(self):
        """Questions and section headings in form order."""
        return question_specs(self.questions)

    def get_form_fields(self):
        return [item for item in self.get_form_items() if isinstance(item, QuestionSpec)]

    def questions_snapshot(self):
        return snapshot(self.get_form_items())

    def get_data_fields(self):
        return [(spec.clean_name, spec.label) for spec in self.get_form_fields()]

    def serve(self, request, *args, **kwargs):
        from ..views.apply import serve_application_form

        return serve_application_form(self, request)

    def serve_preview(self, request, mode_name):
        if mode_name == "landing":
            return self.render_landing_page(request)
        return self.serve(request)

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        context = self.get_context(request)
        context["application"] = form_submission
        return TemplateResponse(request, self.get_landing_page_template(request), context)
