"""A municipality's permanent address in the registry, independent of page slugs:
`/<lang>/registry/<municipality code>/` sends the visitor to its page in the registry
of their language (what a municipality links to, and what a credential names)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import get_language
from wagtail.models import Locale

from ..models import Certificate, CertificateRegistryPage, Municipality


def registry_page(language=None):
    """The live registry page in `language` (the active one), else in any language."""
    pages = CertificateRegistryPage.objects.live().select_related("locale")
    locale = Locale.objects.filter(language_code=language or get_language()).first()
    return (locale and pages.filter(locale=locale).first()) or pages.first()


def permanent_address(request, code):
    municipality = get_object_or_404(Municipality, code=code)
    page = registry_page()
    if page is None or not Certificate.objects.filter(municipality=municipality).exists():
        raise Http404
    return redirect(page.municipality_url(municipality))
