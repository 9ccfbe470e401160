"""The editors' next actions: pages with changes not yet published, translations whose
source page changed since they were last synced, and pages and FAQ entries that exist in
Georgian only."""

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import ngettext_lazy
from wagtail.models import Locale, Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from ..models import FAQEntry
from .dashboard import Item, listed


def page_item(page):
    return Item(page.get_admin_display_title(), reverse("wagtailadmin_pages:edit", args=[page.pk]))


def entry_item(entry):
    return Item(str(entry), reverse("wagtailsnippets_pbcert_faqentry:edit", args=[entry.pk]))


def pages(label, queryset, url, order):
    return listed("editor", label, queryset, url, page_item, order)


def editor_next_actions(user, today):
    """For those who may edit pages."""
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    if not user.has_perm("wagtailadmin.access_admin") or not editable.exists():
        return []
    editable = editable.filter(depth__gt=1).order_by("-latest_revision_created_at", "pk")
    drafts = editable.filter(has_unpublished_changes=True)
    label = ngettext_lazy(
        "page with changes not yet published", "pages with changes not yet published", "count"
    )
    actions = [pages(label, drafts, reverse("wagtailadmin_explore_root"), 10)]
    if user.has_perm("wagtail_localize.submit_translation"):
        actions += translation_actions(editable)
    return actions


def translation_actions(editable):
    """Translations to sync, and what has no translation yet, in each other language."""
    from wagtail_localize.models import TranslationSource

    synced = TranslationSource.objects.filter(
        object_id=OuterRef("translation_key"), locale=OuterRef("locale")
    ).values("last_updated_at")[:1]
    stale = editable.annotate(synced=Subquery(synced)).filter(
        synced__lt=F("latest_revision_created_at")
    )
    label = ngettext_lazy(
        "translation to update: its page changed since it was made",
        "translations to update: their pages changed since they were made",
        "count",
    )
    actions = [pages(label, stale, reverse("wagtail_localize:translations_report"), 20)]
    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    for locale in Locale.objects.exclude(pk=getattr(default, "pk", None)):
        untranslated = editable.filter(locale=default).exclude(
            Exists(Page.objects.filter(translation_key=OuterRef("translation_key"), locale=locale))
        )
        language = {"language": locale.get_display_name()}
        label = ngettext_lazy(
            "page not yet translated into %(language)s",
            "pages not yet translated into %(language)s",
            "count",
        )
        report = reverse("wagtail_localize:translations_report")
        actions.append(
            listed("editor", label, untranslated, report, page_item, 30, values=language)
        )
        entries = FAQEntry.objects.filter(locale=default).exclude(
            Exists(
                FAQEntry.objects.filter(translation_key=OuterRef("translation_key"), locale=locale)
            )
        )
        label = ngettext_lazy(
            "FAQ entry not yet translated into %(language)s",
            "FAQ entries not yet translated into %(language)s",
            "count",
        )
        listing = (
            reverse("wagtailsnippets_pbcert_faqentry:list") + f"?locale={default.language_code}"
        )
        actions.append(
            listed(
                "editor", label, entries.order_by("pk"), listing, entry_item, 40, values=language
            )
        )
    return actions
