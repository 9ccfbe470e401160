"""The public practitioner directory: a page listing visible practitioners of its
language, filtered with a plain GET form (works without JavaScript)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .. import conf
from .municipalities import Region
from .pages import NotAtTreeRootMixin
from .practitioners import SPOKEN_LANGUAGES, Practitioner, PractitionerKind, PractitionerTopic


class PractitionerDirectoryPage(NotAtTreeRootMixin, Page):
    """Experts, Academy alumni and representatives of certified municipalities a visitor
    may learn from and (where they accept it) write to through the site."""

    intro = RichTextField(_("introduction"), features=conf.get("RICH_TEXT_FEATURES"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    template = "pbcert_wagtail/pages/practitioner_directory_page.html"
    parent_page_types = ["pbcert.ProgrammePage"]
    subpage_types: list = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("practitioner directory page")
        verbose_name_plural = _("practitioner directory pages")

    def practitioners(self):
        return (
            Practitioner.objects.visible()
            .filter(locale=self.locale)
            .select_related("municipality", "photo")
            .prefetch_related("topics")
        )

    def topics(self):
        return PractitionerTopic.objects.filter(locale=self.locale)

    def filtered(self, chosen):
        """The practitioners matching the GET filters; unknown values are ignored."""
        people = self.practitioners()
        if chosen["kind"] in PractitionerKind.values:
            people = people.filter(kind=chosen["kind"])
        if chosen["region"] in Region.values:
            people = people.filter(region=chosen["region"])
        if chosen["language"] in dict(SPOKEN_LANGUAGES):
            people = people.filter(languages__contains=f",{chosen['language']},")
        if chosen["topic"].isdigit():
            topic = PractitionerTopic.objects.filter(pk=int(chosen["topic"])).first()
            key = topic.translation_key if topic else None
            people = people.filter(topics__translation_key=key).distinct()
        if chosen["municipality"]:
            people = people.filter(
                Q(municipality__code=chosen["municipality"][:50]),
                kind=PractitionerKind.REPRESENTATIVE,
            )
        return people

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        keys = ("kind", "region", "topic", "language", "municipality")
        chosen = {key: request.GET.get(key, "")[:60] for key in keys}
        context.update(
            chosen=chosen,
            practitioners=list(self.filtered(chosen)),
            kinds=PractitionerKind.choices,
            regions=Region.choices,
            topic_choices=self.topics(),
            languages=SPOKEN_LANGUAGES,
            filtered=any(chosen.values()),
        )
        return context

    @classmethod
    def for_locale(cls, locale):
        return cls.objects.live().filter(locale=locale).first()
