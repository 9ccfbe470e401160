"""The calendar files: the calls' dates for everyone (the conference only once results are
published) and each application's own deadlines from its private link; both parse, carry
the right days and Tbilisi times, and fold Georgian lines without breaking a letter."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from pbcert_wagtail import workflow
from pbcert_wagtail.models import (
    CertificationCall,
    HandoverConference,
    MonitoringCheckIn,
)
from pbcert_wagtail.models.certificates import TBILISI, tbilisi_today

from . import factories, scenarios
from .conftest import soup

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
PLACE = "ქუთაისი, საკონფერენციო დარბაზი „კოლხეთი“"
PROGRAMME = "სერტიფიკატების გადაცემა, რეკომენდაციების განხილვა და სამოქალაქო ბიუჯეტის გამოცდილების გაზიარება მუნიციპალიტეტებს შორის."


def fetch(client, url):
    """The calendar at `url`: (parsed calendar, raw bytes), after checking it is one."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=") and disposition.endswith('.ics"')
    return Calendar.from_ical(response.content), response.content


def events(calendar):
    """{the stable part of each UID: the event}."""
    return {str(event["UID"]).split("@")[0]: event for event in calendar.walk("VEVENT")}


def unfolded(raw):
    """The calendar's text with its folded lines joined again."""
    return raw.replace(b"\r\n ", b"").decode()


def start(event):
    return event["DTSTART"].dt


def assert_all_day(event, day):
    """An all-day event on `day`: a DATE (not a time) that starts and ends that day."""
    assert type(start(event)) is datetime.date and start(event) == day
    assert event["DTEND"].dt == day + DAY


@pytest.fixture
def conference():
    """The handover conference of the open call, with a Georgian place and programme."""
    call = CertificationCall.objects.current()
    found, _created = HandoverConference.objects.update_or_create(
        call=call,
        defaults={
            "date": call.results_at + datetime.timedelta(days=21),
            "place_ka": PLACE,
            "place_en": "Kutaisi, the Colchis conference hall",
            "programme_ka": PROGRAMME,
        },
    )
    return found


# -- the public feed ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, opens, year_label",
    [("ka", "მიღების დაწყება", "{year} წლის კონკურსი"), ("en", "applications open", "Call {year}")],
)
def test_the_public_feed_has_each_call_s_days_in_the_visitor_s_language(
    client, demo, settings, language, opens, year_label
):
    settings.WAGTAILADMIN_BASE_URL = "https://pb.example.org"
    call = CertificationCall.objects.current()
    calendar, raw = fetch(client, f"/{language}/calendar.ics")
    found = events(calendar)
    key = f"call-{call.pk}"
    for suffix, day in [
        ("opens", call.opens_at),
        ("closes", call.closes_at),
        ("questionnaire", call.questionnaire_due),
        ("results", call.results_at),
    ]:
        assert_all_day(found[f"{key}-{suffix}"], day)
        assert "DTSTAMP" in found[f"{key}-{suffix}"]
    summary = str(found[f"{key}-opens"]["SUMMARY"])
    assert summary == f"{year_label.format(year=call.year)}: {opens}"
    programme = demo["programme"][language].url
    assert str(found[f"{key}-opens"]["URL"]) == f"https://pb.example.org{programme}"
    assert str(found[f"{key}-opens"]["UID"]) == f"{key}-opens@pb.example.org"
    assert calendar["VERSION"] == "2.0" and "PRODID" in calendar


def test_the_same_event_keeps_its_uid_from_one_download_to_the_next(client, demo):
    first = set(events(fetch(client, "/ka/calendar.ics")[0]))
    assert first and first == set(events(fetch(client, "/ka/calendar.ics")[0]))


def test_the_public_feed_carries_the_latest_ten_calls(client, demo):
    old = []
    for year in range(1990, 2001):  # eleven calls, long before the demo's
        opens = datetime.date(year, 2, 1)
        old.append(
            factories.CertificationCallFactory(
                year=year, opens_at=opens, closes_at=opens + 30 * DAY
            )
        )
    found = events(fetch(client, "/en/calendar.ics")[0])
    calls = {key.split("-")[1] for key in found}
    assert str(CertificationCall.objects.current().pk) in calls
    assert str(old[-1].pk) in calls  # 2000: among the ten newest
    assert str(old[0].pk) not in calls and str(old[1].pk) not in calls  # 1990, 1991: not


def test_the_conference_is_told_only_once_the_results_are_published(client, demo, conference):
    case = scenarios.decided()
    key = f"call-{case.call.pk}"
    for language in ("ka", "en"):
        calendar, raw = fetch(client, f"/{language}/calendar.ics")
        assert f"{key}-conference" not in events(calendar)
        assert PLACE not in unfolded(raw) and "Kutaisi" not in unfolded(raw)
    applicant = events(fetch(client, case.url("calendar.ics"))[0])
    assert not any("conference" in uid for uid in applicant)

    workflow.publish_results(case.call, case.people.staff)
    case.decision.refresh_from_db()

    calendar, raw = fetch(client, "/ka/calendar.ics")
    found = events(calendar)
    assert_all_day(found[f"{key}-conference"], conference.date)
    assert str(found[f"{key}-conference"]["LOCATION"]) == PLACE
    assert str(found[f"{key}-conference"]["SUMMARY"]) == "სერტიფიკატების გადაცემის კონფერენცია"
    english = events(fetch(client, "/en/calendar.ics")[0])
    assert str(english[f"{key}-conference"]["LOCATION"]) == "Kutaisi, the Colchis conference hall"
    # The results: now the moment they were published, at its Tbilisi time.
    results = found[f"{key}-results"]
    published = case.decision.published_at.astimezone(TBILISI).replace(microsecond=0)
    assert isinstance(start(results), datetime.datetime) and start(results) == published
    assert start(results).utcoffset() == datetime.timedelta(hours=4)
    assert results["DTSTART"].params["TZID"] == "Asia/Tbilisi"
    assert f"DTSTART;TZID=Asia/Tbilisi:{published:%Y%m%dT%H%M%S}" in unfolded(raw)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Tbilisi"]
    assert str(results["SUMMARY"]).endswith("შედეგები გამოქვეყნდა")


def test_georgian_round_trips_and_long_lines_fold_between_letters(client, demo, conference):
    call = CertificationCall.objects.current()
    note = "სადემონსტრაციო კონკურსი: განაცხადებს ვიღებთ ყველა მუნიციპალიტეტისგან, რომელიც სამოქალაქო ბიუჯეტს სტანდარტების მიხედვით ახორციელებს."
    CertificationCall.objects.filter(pk=call.pk).update(note=note)
    scenarios.decided(published=True)
    calendar, raw = fetch(client, "/ka/calendar.ics")
    found = events(calendar)
    assert str(found[f"call-{call.pk}-opens"]["DESCRIPTION"]) == note
    assert str(found[f"call-{call.pk}-conference"]["DESCRIPTION"]) == PROGRAMME
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    for line in lines:
        line.decode("utf-8")  # a letter cut in two would raise here
    assert sum(line.startswith(b" ") for line in lines) >= 6  # the Georgian texts were folded


# -- the applicant's own feed -------------------------------------------------------------


def test_the_questionnaire_deadline_with_its_extension_while_it_is_open(client, demo):
    case = scenarios.questionnaire_open(language="en")
    until = case.call.questionnaire_due + datetime.timedelta(days=12)
    workflow.grant_extension(case.application, until, case.people.staff)
    response = client.get(case.url("calendar.ics"))
    assert {"no-store", "private"} <= set(response["Cache-Control"].split(", "))
    assert "noindex" in response["X-Robots-Tag"]
    calendar = Calendar.from_ical(response.content)
    event = events(calendar)[f"application-{case.application.pk}-questionnaire"]
    assert_all_day(event, until)
    assert str(event["SUMMARY"]) == (
        f"{case.application.reference}: last day to submit the questionnaire"
    )
    assert case.token not in unfolded(response.content)  # never the private link itself

    scenarios.submitted(case)
    found = events(fetch(client, case.url("calendar.ics"))[0])
    assert f"application-{case.application.pk}-questionnaire" not in found
    # Once submitted, the day the results are announced, until they are published.
    assert_all_day(found[f"application-{case.application.pk}-results"], case.call.results_at)
    scenarios.decided(scenarios.ready_for_decision(case), published=True)
    found = events(fetch(client, case.url("calendar.ics"))[0])
    assert f"application-{case.application.pk}-results" not in found


def test_an_open_information_request_s_due_date(client, demo):
    due = timezone.localdate() + datetime.timedelta(days=9)
    case = scenarios.information_requested(due_date=due)
    calendar, _raw = fetch(client, case.url("calendar.ics", language="ka"))
    event = events(calendar)[f"information-{case.request.pk}"]
    assert_all_day(event, due)
    assert str(event["DESCRIPTION"]) == case.request.text
    assert "დამატებითი ინფორმაციის მოთხოვნას" in str(event["SUMMARY"])

    scenarios.information_answered(case)
    assert f"information-{case.request.pk}" not in events(
        fetch(client, case.url("calendar.ics"))[0]
    )


def test_monitoring_check_ins_the_last_day_of_validity_and_the_conference(client, demo, conference):
    case = scenarios.certified(language="ka")
    check_in = MonitoringCheckIn.objects.create(
        call=case.call, due_date=tbilisi_today() + datetime.timedelta(days=40)
    )
    certificate = case.certificate
    found = events(fetch(client, case.url("calendar.ics"))[0])
    event = found[f"certificate-{certificate.pk}-check-in-{check_in.pk}"]
    assert_all_day(event, check_in.due_date)
    assert str(event["SUMMARY"]) == (
        f"შუალედური ანგარიში: გაგზავნის ბოლო დღე (სერტიფიკატი {certificate.number})"
    )
    assert_all_day(found[f"certificate-{certificate.pk}-expires"], certificate.valid_until)
    assert_all_day(found[f"certificate-{certificate.pk}-conference"], conference.date)
    english = events(fetch(client, case.url("calendar.ics", language="en"))[0])
    assert str(english[f"certificate-{certificate.pk}-expires"]["SUMMARY"]) == (
        f"Certificate {certificate.number}: last day of validity"
    )

    certificate.revoked_at = timezone.now()
    certificate.save(update_fields=["revoked_at"])
    revoked = events(fetch(client, case.url("calendar.ics"))[0])
    assert not any(uid.startswith(f"certificate-{certificate.pk}") for uid in revoked)


def test_a_revoked_or_unknown_link_is_not_found(client, demo):
    case = scenarios.questionnaire_open()
    old = case.url("calendar.ics")
    assert client.get(old).status_code == 200
    workflow.change_contact_email(case.application, "new-contact@example.org")
    assert client.get(old).status_code == 404
    assert client.get("/ka/application/not-a-token/calendar.ics").status_code == 404


def test_another_application_s_deadlines_never_appear(client, demo):
    mine = scenarios.information_requested()
    marker = "UNIQUE-MARKER-7f3a: სხვა მუნიციპალიტეტის მოთხოვნა"
    other_due = timezone.localdate() + datetime.timedelta(days=23)
    other = scenarios.information_requested(text=marker, due_date=other_due)
    _calendar, theirs = fetch(client, other.url("calendar.ics"))
    assert "UNIQUE-MARKER-7f3a" in unfolded(theirs)  # the marker does show, in its own feed
    calendar, raw = fetch(client, mine.url("calendar.ics"))
    text = unfolded(raw)
    assert "UNIQUE-MARKER-7f3a" not in text and "სხვა მუნიციპალიტეტის" not in text
    assert other.application.reference not in text
    assert f"information-{other.request.pk}@" not in text
    assert f"information-{mine.request.pk}@" in text
    assert other_due not in {start(event) for event in calendar.walk("VEVENT")}


# -- the links ----------------------------------------------------------------------------


def calendar_links(response):
    return {a["href"]: a.get_text(strip=True) for a in soup(response).select("a[href$='.ics']")}


@pytest.mark.parametrize(
    "language, text", [("ka", "კალენდარში დამატება"), ("en", "Add to your calendar")]
)
def test_the_pages_that_show_call_dates_link_to_the_feed(client, demo, language, text):
    for page in ("programme", "home", "c1"):
        response = client.get(demo[page][language].url)
        assert calendar_links(response) == {f"/{language}/calendar.ics": text}, page
    fetch(client, f"/{language}/calendar.ics")


def test_the_status_page_links_to_the_applicant_s_own_feed(client, demo):
    case = scenarios.information_requested(language="en")
    response = client.get(case.url())
    href = f"/en/application/{case.token}/calendar.ics"
    assert calendar_links(response) == {href: "Add to your calendar"}
    found = events(fetch(client, href)[0])
    assert f"information-{case.request.pk}" in found
