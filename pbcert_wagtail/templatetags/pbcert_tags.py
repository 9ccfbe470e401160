"""Template tags for the language switcher, hreflang alternates and navigation."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page, Site

register = template.Library()


def _site_root(request):
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


def _live_translation(page, code):
    pages = Page.objects.filter(translation_key=page.translation_key, locale__language_code=code)
    return pages.live().first()


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per language: where "this page in that language" lives.

    A Wagtail page links to its live translation (the same page, not the home page);
    without one, to the home page in that language. Other views use translate_url.
    Each entry: code, name, url (relative), absolute_url, is_current, is_translation.
    """
    request = context.get("request")
    if request is None:
        return []
    if hasattr(request, "_pbcert_language_links"):
        return request._pbcert_language_links

    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    page = context.get("page") or context.get("self")
    is_page = isinstance(page, Page) and page.pk
    by_language = {}
    if is_page:
        translations = Page.objects.filter(translation_key=page.translation_key).live()
        by_language = {t.locale.language_code: t for t in translations.select_related("locale")}

    links = []
    root = None
    for code, name in settings.LANGUAGES:
        is_translation = code in by_language
        if is_translation:
            url = by_language[code].get_url(request)
        elif is_page:
            root = root or _site_root(request)
            home = _live_translation(root, code) if root else None
            url = home.get_url(request) if home else f"/{code}/"
        else:
            url = translate_url(request.get_full_path(), code)
            is_translation = True
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute_url": request.build_absolute_uri(url) if url else "",
                "is_current": code == current,
                "is_translation": is_translation,
            }
        )
    request._pbcert_language_links = links
    return links


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """The pages shown in the main navigation: the localized home and its menu children."""
    root = _site_root(context.get("request"))
    if root is None:
        return {"home": None, "items": []}
    home = root.localized
    return {"home": home, "items": list(home.get_children().live().public().in_menu())}


@register.filter
def is_ancestor_or_self(page, current):
    """True when `page` is `current` or one of its ancestors (for aria-current)."""
    if not isinstance(page, Page) or not isinstance(current, Page):
        return False
    return current.path.startswith(page.path)
