"""iCalendar feeds (RFC 5545, built with the `icalendar` package): the programme's call
dates for everyone, and one application's own deadlines for its private link.

This module only builds calendars; `views/calendars.py` serves them. Texts are in the
active language. A date field becomes an all-day event; a moment (a datetime) becomes a
timed event in Asia/Tbilisi, with its VTIMEZONE. Each event's UID is stable
(`call-<pk>-opens@<host>`), so a calendar that imports the file again updates its events
instead of adding copies. Nothing is told before it is public: a call's handover
conference appears only once the call's results are published.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event
from icalendar.enums import TRANSP

from .certificates import monitoring
from .i18n import current_language, in_language
from .models import (
    CertificationCall,
    ConsortiumDecision,
    HandoverConference,
    ProgrammePage,
)
from .models.certificates import TBILISI
from .notifications import site_url

# How many calls the public feed carries, newest first.
PUBLIC_CALLS = 10
PRODID = "-//pbcert_wagtail//Municipality certification//EN"


@dataclass
class Entry:
    """One event: `key` is the stable part of its UID, `when` a date (all day) or a
    datetime (timed)."""

    key: str
    when: datetime.date
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""


def uid_host(request=None):
    """The host that ends every UID: the site's public address, else the request's."""
    host = urlsplit(site_url()).hostname
    if not host and request is not None:
        host = request.get_host().rsplit(":", 1)[0]
    return host or "localhost"


def programme_url(request=None, language=None):
    """The programme page in `language` (the active one), where the call dates are told
    (the site's home in that language when there is none), on the site's public address
    like the links in emails."""
    language = language or current_language()
    pages = ProgrammePage.objects.live()
    page = pages.filter(locale__language_code=language).first() or pages.first()
    path = (page and page.get_url(request)) or f"/{language}/"
    if path.startswith(("http://", "https://")):
        return path
    if site_url():
        return site_url() + path
    return request.build_absolute_uri(path) if request else path


def event(entry, host, stamp):
    """The VEVENT of an entry: all day for a date, at its Tbilisi time for a datetime.
    Deadlines do not make anyone busy, so every event is TRANSPARENT."""
    if isinstance(entry.when, datetime.datetime):
        start, end = entry.when.astimezone(TBILISI), None
    else:
        start, end = entry.when, entry.when + datetime.timedelta(days=1)
    return Event.new(
        uid=f"{entry.key}@{host}",
        stamp=stamp,
        start=start,
        end=end,
        summary=entry.summary,
        description=entry.description or None,
        location=entry.location or None,
        url=entry.url or None,
        transparency=TRANSP.TRANSPARENT,
    )


def calendar(name, key, entries, host, description=""):
    """A VCALENDAR named `name` (its UID `key@host`) holding one event per entry, with the
    VTIMEZONE of every time zone its timed events use."""
    stamp = timezone.now().replace(microsecond=0).astimezone(datetime.UTC)
    feed = Calendar.new(
        prodid=PRODID,
        name=name,
        description=description or None,
        uid=f"{key}@{host}",
        refresh_interval=datetime.timedelta(days=1),
    )
    for entry in entries:
        feed.add_component(event(entry, host, stamp))
    feed.add_missing_timezones()
    return feed


# -- the public feed: the calls' dates ------------------------------------------------------


def results_published(calls):
    """{call pk: the moment its results were first published} for calls with published
    decisions (the same test the registry and the status pages pass: a published_at)."""
    rows = (
        ConsortiumDecision.objects.filter(application__call__in=calls, published_at__isnull=False)
        .values("application__call")
        .annotate(first=Min("published_at"))
    )
    return {row["application__call"]: row["first"] for row in rows}


def call_entries(call, url, published=None, conference=None):
    """The events of one call: opens, closes, questionnaire due, results (the announced
    day, or the moment they were published) and, once published, its conference."""
    name = _("Call %(year)s") % {"year": call.year}
    note = in_language(call, "note")
    key = f"call-{call.pk}"

    def entry(suffix, when, summary, description=note, location=""):
        summary = _("%(call)s: %(event)s") % {"call": name, "event": summary}
        return Entry(f"{key}-{suffix}", when, summary, description, location, url)

    entries = [
        entry("opens", call.opens_at, _("applications open")),
        entry("closes", call.closes_at, _("last day to apply")),
        entry("questionnaire", call.questionnaire_due, _("last day to submit the questionnaire")),
    ]
    if published:
        entries.append(entry("results", published, _("results published")))
    else:
        entries.append(entry("results", call.results_at, _("results announced")))
    if published and conference:
        entries.append(conference_entry(f"{key}-conference", conference, url))
    return entries


def conference_entry(key, conference, url=""):
    return Entry(
        key,
        conference.date,
        _("The certificate handover conference"),
        conference.programme,
        conference.place,
        url,
    )


def public_calendar(request=None):
    """The dates of the latest calls, in the active language."""
    calls = list(CertificationCall.objects.order_by("-year")[:PUBLIC_CALLS])
    published = results_published(calls)
    conferences = {c.call_id: c for c in HandoverConference.objects.filter(call__in=calls)}
    url = programme_url(request)
    entries = []
    for call in reversed(calls):
        entries += call_entries(call, url, published.get(call.pk), conferences.get(call.pk))
    return calendar(
        _("Municipality certification: call dates"),
        f"calls-{current_language()}",
        entries,
        uid_host(request),
        _("The dates of the calls for municipality certification."),
    )


# -- one application's own feed -------------------------------------------------------------


def applicant_entries(application, certificate=None):
    """The deadlines of one application, nothing of any other: the questionnaire's (with
    its extension) while it is open, each open information request's and, for its
    published certificate unless revoked, the monitoring check-ins, the last day of
    validity and the handover conference. No event links to the private page: calendars
    are shared and synced, and the link is the application's key."""
    key = f"application-{application.pk}"
    entries = []
    if application.status == "questionnaire":
        response = getattr(application, "questionnaire", None)
        due = response.due_date() if response else application.call.questionnaire_due
        entries.append(
            Entry(
                f"{key}-questionnaire",
                due,
                _("%(reference)s: last day to submit the questionnaire")
                % {"reference": application.reference},
                _("Submit the questionnaire from your application's private link."),
            )
        )
    on_its_way = ("submitted", "screening", "in_review", "information_requested",
                  "ready_for_decision")  # fmt: skip
    if application.status in on_its_way:
        entries.append(
            Entry(
                f"{key}-results",
                application.call.results_at,
                _("%(reference)s: results announced") % {"reference": application.reference},
                _("The consortium's decision is published on your application's page."),
            )
        )
    for request in application.information_requests.open().order_by("due_date", "pk"):
        entries.append(
            Entry(
                f"information-{request.pk}",
                request.due_date,
                _("%(reference)s: answer the request for more information")
                % {"reference": application.reference},
                request.text,
            )
        )
    if certificate is None or certificate.revoked_at:
        return entries
    number = {"number": certificate.number}
    if monitoring.monitored(certificate):
        for check_in in monitoring.check_ins_of(certificate):
            entries.append(
                Entry(
                    f"certificate-{certificate.pk}-check-in-{check_in.pk}",
                    check_in.due_date,
                    _("%(report)s: last day to send (certificate %(number)s)")
                    % {**number, "report": check_in.label},
                    _("Send your progress report on the recommendations."),
                )
            )
    entries.append(
        Entry(
            f"certificate-{certificate.pk}-expires",
            certificate.valid_until,
            _("Certificate %(number)s: last day of validity") % number,
            _("Renew the certificate from your application's private link."),
        )
    )
    conference = HandoverConference.objects.filter(call=certificate.call_id).first()
    if conference:
        entries.append(conference_entry(f"certificate-{certificate.pk}-conference", conference))
    return entries


def applicant_calendar(application, certificate=None, request=None):
    """One application's calendar, for its private link (`certificate`: its published
    certificate, or None)."""
    return calendar(
        _("%(municipality)s: certification deadlines")
        % {"municipality": application.municipality.name},
        f"application-{application.pk}",
        applicant_entries(application, certificate),
        uid_host(request),
    )
