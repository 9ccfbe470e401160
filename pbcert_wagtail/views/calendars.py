"""The calendar files (.ics): the calls' dates for anyone, and an application's own
deadlines from its private link (see `pbcert_wagtail.calendars` for what each holds)."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .. import calendars
from ..i18n import current_language
from .certificates import published_certificate
from .public_form import linked_application, private


def ics_response(feed, filename):
    """A calendar as a file to download (or open with the calendar application)."""
    response = HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def public_calendar(request):
    """The latest calls' dates in the visitor's language, so municipalities can keep them
    in their own calendar; the conference only once the call's results are published."""
    feed = calendars.public_calendar(request)
    return ics_response(feed, f"certification-calls-{current_language()}.ics")


@require_safe
@never_cache
def applicant_calendar(request, token):
    """The application's own deadlines, from its status page: private like every page of
    the link (never cached, never indexed), 404 for a wrong or revoked link."""
    application = linked_application(token)
    feed = calendars.applicant_calendar(application, published_certificate(application), request)
    return private(ics_response(feed, f"{application.reference}.ics"))
