"""Admin viewsets for the FAQ snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..models import FAQEntry, FAQTopic
from .columns import YesNoColumn


class FAQTopicViewSet(SnippetViewSet):
    """Topics that group FAQ entries."""

    model = FAQTopic
    icon = "folder-open-1"
    list_display = ["name", "order", "locale"]


class FAQEntryViewSet(SnippetViewSet):
    """Questions and answers shown on FAQ pages."""

    model = FAQEntry
    icon = "help"
    list_display = [
        "question",
        "topic",
        "anchor",
        YesNoColumn("live", label=FAQEntry._meta.get_field("live").verbose_name),
        "locale",
    ]
    list_filter = ["topic", "live"]
    search_fields = ["question"]


class FAQViewSetGroup(SnippetViewSetGroup):
    """The FAQ menu: entries and topics."""

    items = (FAQEntryViewSet, FAQTopicViewSet)
    menu_icon = "help"
    menu_label = _("FAQ")
    menu_name = "pbcert-faq"
