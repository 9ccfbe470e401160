"""Every text a request brings in, cleaned at the door: control characters (the NUL that
PostgreSQL refuses, the BEL and ESC that Word pastes) are removed from every field of
every form and query, ours and Wagtail's alike; tabs and line breaks stay. A path with
one is not found."""

import re

from django.conf import settings
from django.core import checks
from django.http import Http404, QueryDict

# C0 controls but tab, line feed and carriage return; DEL; C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
MIDDLEWARE = "pbcert_wagtail.clean_input.CleanInputMiddleware"


def clean_text(value):
    """`value` without control characters (tabs and line breaks stay)."""
    return CONTROL_CHARACTERS.sub("", value)


def cleaned(query):
    """A copy of the QueryDict `query`, its keys and values cleaned."""
    copy = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        copy.setlist(clean_text(key), [clean_text(value) for value in values])
    copy._mutable = False
    return copy


class CleanInputMiddleware:
    """Clean GET and POST before any view or form sees them; put it before CSRF's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if CONTROL_CHARACTERS.search(request.path):
            raise Http404
        request.GET = cleaned(request.GET)
        if request.method == "POST" and request.content_type in FORM_TYPES:
            request.POST = cleaned(request.POST)
        return self.get_response(request)


@checks.register(checks.Tags.security)
def check_middleware(app_configs, **kwargs):
    """The plugin's forms rely on the cleaning: say so if the site left it out."""
    if MIDDLEWARE in settings.MIDDLEWARE:
        return []
    return [
        checks.Warning(
            f"{MIDDLEWARE} is not in MIDDLEWARE: control characters reach the forms (a NUL "
            "is a server error on PostgreSQL).",
            hint="Add it after LocaleMiddleware and before CsrfViewMiddleware.",
            id="pbcert.W001",
        )
    ]
