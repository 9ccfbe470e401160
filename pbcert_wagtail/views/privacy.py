"""The privacy page: who keeps which personal data, why, for how long and how to ask for
its removal. The periods are read from the same PBCERT settings the daily job applies, so
the page cannot disagree with what the site does."""

from django.template.response import TemplateResponse
from django.utils.translation import ngettext
from wagtail.models import Site

from .. import retention
from ..models import OrganisationSettings


def days(count):
    return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}


def privacy(request):
    """What is kept and for how long, in the visitor's language."""
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    organisation = OrganisationSettings.for_site(site) if site else None
    periods = {name: days(value) for name, value in retention.periods().items()}
    context = {"periods": periods, "organisation": organisation}
    return TemplateResponse(request, "pbcert_wagtail/pages/privacy_page.html", context)
