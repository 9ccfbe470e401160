"""Template tags for the language switcher, hreflang alternates and navigation."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page, Site

register = template.Library()


def _language_name(code):
    return dict(settings.LANGUAGES).get(code, code)


def _site_root(request):
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


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
    cache_key = "_pbcert_language_links"
    if hasattr(request, cache_key):
        return getattr(request, cache_key)

    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    page = context.get("page") or context.get("self")
    by_language = {}
    if isinstance(page, Page) and page.pk:
        translations = (
            Page.objects.filter(translation_key=page.translation_key)
            .live()
            .select_related("locale")
        )
        for translation in translations:
            by_language[translation.locale.language_code] = translation

    links = []
    root = None
    for code, _name in settings.LANGUAGES:
        is_translation = code in by_language
        if is_translation:
            url = by_language[code].get_url(request)
        elif isinstance(page, Page) and page.pk:
            if root is None:
                root = _site_root(request)
            home = None
            if root is not None:
                home = (
                    Page.objects.filter(
                        translation_key=root.translation_key, locale__language_code=code
                    )
                    .live()
                    .first()
                )
            url = home.get_url(request) if home else f"/{code}/"
        else:
            url = translate_url(request.get_full_path(), code)
            is_translation = True
        links.append(
            {
                "code": code,
                "name": _language_name(code),
                "url": url,
                "absolute_url": request.build_absolute_uri(url) if url else "",
                "is_current": code == current,
                "is_translation": is_translation,
            }
        )
    setattr(request, cache_key, links)
    return links


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """The pages shown in the main navigation: the localized home and its menu children."""
    request = context.get("request")
    root = _site_root(request)
    if root is None:
        return {"home": None, "items": []}
    home = root.localized
    items = list(home.get_children().live().public().in_menu())
    return {"home": home, "items": items}


@register.filter
def is_ancestor_or_self(page, current):
    """True when `page` is `current` or one of its ancestors (for aria-current)."""
    if not isinstance(page, Page) or not isinstance(current, Page):
        return False
    return current.path.startswith(page.path)
