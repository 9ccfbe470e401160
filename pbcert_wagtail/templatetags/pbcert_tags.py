"""Template tags for the language switcher, hreflang alternates, navigation and people's names."""

from django import template
from django.conf import settings
from django.urls import translate_url
from wagtail.models import Page, Site

from ..i18n import current_language

register = template.Library()


def _site_root(request):
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


def _live_translations(page):
    """The page's live translations (itself included), by language code."""
    pages = Page.objects.filter(translation_key=page.translation_key).live()
    return {p.locale.language_code: p for p in pages.select_related("locale")}


@register.simple_tag(takes_context=True)
def language_links(context):
    """Per language, {code, name, url, absolute_url, is_current, is_translation}: a page's
    live translation, else the home page in that language; other views use translate_url."""
    request = context.get("request")
    if request is None:
        return []
    if hasattr(request, "_pbcert_language_links"):
        return request._pbcert_language_links

    page = context.get("page") or context.get("self")
    is_page = isinstance(page, Page) and page.pk
    by_language = _live_translations(page) if is_page else {}
    homes = None  # the home page's translations, read once a language lacks this page
    links = []
    for code, name in settings.LANGUAGES:
        if code in by_language:
            url = by_language[code].get_url(request)
        elif is_page:
            if homes is None:
                root = _site_root(request)
                homes = _live_translations(root) if root else {}
            url = homes[code].get_url(request) if code in homes else f"/{code}/"
        else:
            url = translate_url(request.get_full_path(), code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute_url": request.build_absolute_uri(url) if url else "",
                "is_current": code == current_language(),
                "is_translation": code in by_language or not is_page,
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


@register.filter
def person_label(user):
    """{{ user|person_label }}: "Full name (username)", the way staff tell people apart."""
    from ..roles import person_label as label

    return label(user)
