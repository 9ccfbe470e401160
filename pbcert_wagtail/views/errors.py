"""The site's 400, 403 and 404 pages (handler400, handler403, CSRF_FAILURE_VIEW, and
templates/404.html): in the visitor's language and the site's layout, saying what went wrong
and what to do. Django's own are bare English and render without the request, so no header,
footer or language switch; with DEBUG on (`make demo`) Django shows its yellow debug page
for a missing page instead of ours, which NotFoundInDebug replaces.

They may run before the session or the user exist (a body over Django's limits is refused by
the first middleware that reads it), and must never become a server error themselves; they
never show the exception's text."""

import logging

from django.conf import settings
from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, HttpResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.template import loader
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext_lazy as _

from .. import conf

logger = logging.getLogger(__name__)

HEADINGS = {
    "too_large": _("The form is too large to send"),
    "too_many_fields": _("The form has too many fields"),
    "too_many_files": _("Too many files in one form"),
    "unreadable": _("The request could not be read"),
    "csrf": _("The form could not be sent"),
    "denied": _("You do not have access to this page"),
    "not_found": _("Page not found"),
}


def language_of(request):
    """The address's language (/ka/, /en/), else the one LocaleMiddleware chose."""
    from_path = translation.get_language_from_path(request.path_info)
    return from_path or getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)


def render_error(request, template_name, context, status, layout_request=True):
    """The page in the site's layout. Drawn without the request (no menu, no site settings)
    when the request cannot be used (`layout_request` False) or drawing with it failed."""
    # No hreflang alternates for an error page.
    context = {"private_page": True, "heading": HEADINGS[context["problem"]], **context}
    with translation.override(language_of(request)):
        try:
            html = loader.render_to_string(
                template_name, context, request if layout_request else None
            )
        except Exception:
            logger.exception("The %s page failed with the request; drawn without it", status)
            html = loader.render_to_string(template_name, context)
    return HttpResponse(html, status=status)


def form_address(request):
    """Where the form that was sent lives (a POST's own address), to open it again."""
    return request.get_full_path() if request.method == "POST" else ""


def what_went_wrong(exception):
    """Which 400 it is, with the limit the request went over."""
    if isinstance(exception, RequestDataTooBig):
        return {"problem": "too_large", "limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
    if isinstance(exception, TooManyFieldsSent):
        return {"problem": "too_many_fields", "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}
    if isinstance(exception, TooManyFilesSent):
        return {"problem": "too_many_files", "limit": settings.DATA_UPLOAD_MAX_NUMBER_FILES}
    return {"problem": "unreadable"}


def bad_request(request, exception=None):
    """handler400: a form over Django's size limits says which limit and how to get under
    it; any other bad request (SuspiciousOperation) says it could not be read."""
    context = {
        **what_went_wrong(exception),
        "file_limit": conf.get("MAX_FILE_SIZE"),
        "form_url": form_address(request),
    }
    # A host that is not ours: the layout's links would ask the request for it again.
    usable = not isinstance(exception, DisallowedHost)
    return render_error(request, "400.html", context, 400, layout_request=usable)


def permission_denied(request, exception=None):
    """handler403: this page is not for you; where to go instead."""
    return render_error(request, "403.html", {"problem": "denied"}, 403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the form was sent from a page that had expired (or without the
    cookie that proves it came from this site): reload the page and send it again."""
    context = {
        "problem": "csrf",
        "cookies_needed": reason == REASON_NO_CSRF_COOKIE,
        "form_url": form_address(request),
    }
    return render_error(request, "403.html", context, 403)


def page_not_found(request, exception=None):
    """Our 404 page (templates/404.html), as handler404 draws it without DEBUG."""
    return render_error(request, "404.html", {"problem": "not_found"}, 404)


class NotFoundInDebug(MiddlewareMixin):
    """With DEBUG on, a missing page shows our 404 page, not Django's debug page (which
    lists the URL patterns): an address no pattern matches, or a view that raised Http404.
    A view that returns its own 404 response keeps it. Without DEBUG, it does nothing
    (Django draws templates/404.html). First in MIDDLEWARE: it sees the response after the
    language prefix and "add a slash" redirects were decided."""

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            request.pbcert_not_found = True

    def process_response(self, request, response):
        if not settings.DEBUG or response.status_code != 404:
            return response
        unresolved = getattr(request, "resolver_match", None) is None
        if unresolved or getattr(request, "pbcert_not_found", False):
            return page_not_found(request)
        return response
