"""Nominate a municipality: anyone suggests one, staff approve, the municipality is invited
once per call at its official address (never at an address a visitor typed), the nominator
hears back once (only once confirmed), and staff see what followed: did it apply, was it
certified?"""

import datetime
import itertools

import pytest
from django.core.cache import cache
from django.utils import timezone

from pbcert_wagtail import retention
from pbcert_wagtail.admin.dashboard import next_actions
from pbcert_wagtail.community import nominations as service
from pbcert_wagtail.community.confirmation import confirm, make_token
from pbcert_wagtail.models import (
    Municipality,
    MunicipalityInvitation,
    Nomination,
    OutboxMessage,
)

from . import factories, scenarios
from .conftest import soup

pytestmark = pytest.mark.django_db
addresses = (f"10.30.0.{n}" for n in itertools.count(1))
OFFICIAL = "mayor@kutaisi.example.org"
TYPED = "neighbour@example.org"
REASON = "ქუთაისში მოსახლეობა უკვე ირჩევს პროექტებს, მაგრამ პროცესი არ არის სტანდარტული."


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()


@pytest.fixture
def kutaisi(demo):
    municipality = Municipality.objects.get(code="kutaisi")
    municipality.official_email = OFFICIAL
    municipality.save()
    return municipality


@pytest.fixture
def staff(db):
    return factories.StaffFactory()


def nominate(client, municipality="kutaisi", email="", language="ka", **extra):
    data = {"municipality": municipality, "reason": REASON, "email": email, **extra}
    return client.post(f"/{language}/nominate/", data, REMOTE_ADDR=next(addresses))


def approve(client, nomination, language="ka"):
    return client.post(
        f"/admin/pbcert/nominations/approve/{nomination.pk}/", {"language": language}, follow=True
    )


def invitations():
    return OutboxMessage.objects.filter(event="municipality_invitation")


def test_the_form_lists_municipalities_by_region_and_says_what_happens(client, demo):
    page = soup(client.get("/ka/nominate/"))
    select = page.select_one("select[name=municipality]")
    assert select.select("optgroup")  # the same grouped list as the C1 form
    assert select.select_one("option[value=kutaisi]")
    assert page.select_one("input[name=pbcert-website]")  # the honeypot
    assert page.select_one("input[name=csrfmiddlewaretoken]")
    english = soup(client.get("/en/nominate/")).get_text()
    assert "official address" in english


def test_nomination_approval_one_invitation_then_the_application(client, kutaisi, staff):
    response = nominate(client, email=TYPED)
    assert response.status_code == 302
    first = Nomination.objects.get()
    assert (first.municipality, first.status, first.language) == (kutaisi, "pending", "ka")
    assert not invitations().exists()  # nothing before staff approve
    nominate(client, language="en")  # a second nominator, without an address

    client.force_login(staff)
    page = approve(client, first)
    assert "mayor@kutaisi.example.org" in page.text  # staff are told where it went
    (invitation,) = invitations()
    assert invitation.recipient == OFFICIAL
    assert invitation.language == "ka"  # Georgian by default
    call = service.invitation_call()
    assert str(call.year) in invitation.subject
    text = invitation.body_text
    assert "სამოქალაქო ბიუჯეტის" in text  # what the programme is
    assert f"{call.year} წლის" in text and "ჩათვლით" in text  # the call's dates
    assert "/ka/go/application-form/" in text and "/ka/subscribe/" in text
    assert TYPED not in text and REASON not in text  # nominators stay private

    second = Nomination.objects.exclude(pk=first.pk).get()
    page = approve(client, second)
    assert "no second invitation" in page.text or "მეორე" in page.text
    assert invitations().count() == 1  # one per municipality and call
    assert MunicipalityInvitation.objects.get().nominations.count() == 2

    index = client.get("/admin/pbcert/nominations/")
    row = soup(index).select_one("table.listing tbody tr")
    assert kutaisi.name in row.get_text()
    assert "2" in [cell.get_text(strip=True) for cell in row.select("td")]
    # The municipality goes on to apply to the call it was invited to: staff see it.
    case = scenarios.applied(municipality=kutaisi, call=call)
    for url in (
        "/admin/pbcert/nominations/",
        f"/admin/pbcert/nominations/municipality/{kutaisi.pk}/",
    ):
        assert case.application.reference in client.get(url).text
    assert service.follow_ups([kutaisi])[kutaisi.pk].application == case.application


def test_then_certified_that_year(client, kutaisi, staff):
    nomination = service.nominate(kutaisi, REASON, "", "ka")
    service.approve(nomination, staff)
    case = scenarios.certified(
        scenarios.applied(municipality=kutaisi, call=service.invitation_call())
    )
    follow_up = service.follow_ups([kutaisi])[kutaisi.pk]
    assert follow_up.certificate == case.certificate
    client.force_login(staff)
    assert case.certificate.number in client.get("/admin/pbcert/nominations/").text


def test_no_invitation_ever_goes_to_an_address_a_visitor_typed(client, kutaisi, staff):
    # Even the official address typed as the nominator's own gets no invitation from it.
    nominate(client, email="someone-else@example.org")
    client.force_login(staff)
    approve(client, Nomination.objects.get())
    sent_to = set(OutboxMessage.objects.values_list("recipient", "event"))
    typed = {event for recipient, event in sent_to if recipient == "someone-else@example.org"}
    assert typed <= {"address_confirmation"}  # at most the confirmation of their address
    assert {recipient for recipient, event in sent_to if event == "municipality_invitation"} == {
        OFFICIAL
    }


def test_without_an_official_email_approval_says_so_and_sends_nothing(client, demo, staff):
    gori = Municipality.objects.get(code="gori")
    gori.official_email = ""
    gori.save()
    nomination = service.nominate(gori, REASON, "", "ka")
    client.force_login(staff)
    page = approve(client, nomination, language="en")
    assert "has no official email" in page.text or "ოფიციალური" in page.text
    nomination.refresh_from_db()
    assert nomination.status == "pending"
    assert not OutboxMessage.objects.filter(event="municipality_invitation").exists()
    assert not MunicipalityInvitation.objects.exists()


def test_staff_see_counts_and_reasons_never_the_nominators_address(client, kutaisi, staff):
    nominate(client, email=TYPED)
    client.force_login(staff)
    for url in (
        "/admin/pbcert/nominations/",
        f"/admin/pbcert/nominations/municipality/{kutaisi.pk}/",
        "/admin/",
    ):
        page = client.get(url).text
        assert TYPED not in page, url
    detail = client.get(f"/admin/pbcert/nominations/municipality/{kutaisi.pk}/").text
    assert REASON in detail


def test_the_nominator_hears_back_once_and_only_once_confirmed(client, kutaisi, staff):
    unconfirmed = service.nominate(kutaisi, REASON, "quiet@example.org", "en")
    confirmed = service.nominate(kutaisi, REASON, TYPED, "en")
    assert confirm(make_token(confirmed)) is not None
    service.approve(unconfirmed, staff)
    service.approve(confirmed, staff)
    assert not OutboxMessage.objects.filter(
        recipient="quiet@example.org", event="nomination_answered"
    ).exists()
    (answer,) = OutboxMessage.objects.filter(recipient=TYPED, event="nomination_answered")
    assert answer.language == "en" and "official address" in answer.body_text
    service.approve(confirmed, staff)  # again: already reviewed, nothing more
    confirm(make_token(confirmed))  # the link again
    assert OutboxMessage.objects.filter(recipient=TYPED, event="nomination_answered").count() == 1
    # Confirmed after the review: the answer comes then, once.
    late = service.nominate(kutaisi, REASON, "late@example.org", "ka")
    service.reject(late, staff)
    assert not OutboxMessage.objects.filter(recipient="late@example.org").exclude(
        event="address_confirmation"
    )
    confirm(make_token(late))
    (answer,) = OutboxMessage.objects.filter(
        recipient="late@example.org", event="nomination_answered"
    )
    assert "არ გაუგზავნის" in answer.body_text  # rejected, in Georgian


def test_rejection_tells_the_municipality_nothing(client, kutaisi, staff):
    nomination = service.nominate(kutaisi, REASON, "", "ka")
    client.force_login(staff)
    client.post(f"/admin/pbcert/nominations/reject/{nomination.pk}/")
    nomination.refresh_from_db()
    assert nomination.status == "rejected" and nomination.reviewed_by == staff
    assert not OutboxMessage.objects.filter(recipient=OFFICIAL).exists()


def test_no_call_open_or_coming_sends_nothing(kutaisi, staff):
    from pbcert_wagtail.models import CertificationCall

    today = timezone.localdate()
    CertificationCall.objects.filter(closes_at__gte=today).update(
        opens_at=today - datetime.timedelta(days=400),
        closes_at=today - datetime.timedelta(days=390),
        questionnaire_due=today - datetime.timedelta(days=380),
        results_at=today - datetime.timedelta(days=370),
    )
    nomination = service.nominate(kutaisi, REASON, "", "ka")
    review = service.approve(nomination, staff)
    assert review.outcome == service.NO_CALL
    assert not invitations().exists()


def test_the_dashboard_asks_staff_to_review(kutaisi, staff):
    service.nominate(kutaisi, REASON, "", "ka")
    service.nominate(kutaisi, REASON, "", "en")
    (action,) = [a for a in next_actions(staff)["staff"] if a.url == "/admin/pbcert/nominations/"]
    assert action.count == 1  # one municipality
    assert action.items[0].text == kutaisi.name and "2" in action.items[0].note
    expert = factories.ExpertFactory()
    assert "staff" not in next_actions(expert)


# -- the public form's protections ----------------------------------------------------------


def test_errors_stand_next_to_the_field_in_the_visitors_language(client, demo):
    response = nominate(client, municipality="", email="არა-ელფოსტა")
    assert response.status_code == 400
    errors = {
        field["data-key"]: field.select_one(".field__errors").get_text()
        for field in soup(response).select(".field--error")
    }
    assert set(errors) == {"municipality", "email"}
    assert "მართებული ელფოსტის" in errors["email"]
    english = nominate(client, municipality="", email="no", language="en")
    email_errors = soup(english).select_one("#id_email_errors").get_text()
    assert "Enter a valid email address." in email_errors
    assert not Nomination.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"municipality": "atlantis"},
        {"municipality": ["kutaisi", "gori"], "reason": ["a", "b"]},
        {"reason": "x" * 2001},
        {"reason": "short"},
        {"email": "a" * 250 + "@example.org"},
        {"reason": " " * 50},
    ],
)
def test_refused_input_is_a_400_and_nothing_is_saved(client, demo, data):
    response = client.post(
        "/ka/nominate/", {"municipality": "kutaisi", "reason": REASON, **data},
        REMOTE_ADDR=next(addresses),
    )  # fmt: skip
    assert response.status_code == 400
    assert soup(response).select(".field__errors, .form-errors")
    assert not Nomination.objects.exists()


def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_is_stored(client, demo):
    response = nominate(client, email=TYPED, **{"pbcert-website": "http://spam.example"})
    assert response.status_code == 302
    assert response["Location"] == "/ka/nominate/?sent=1"
    assert soup(client.get(response["Location"])).select_one('[role="status"]')
    assert not Nomination.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_over_the_limit_a_429_in_georgian(client, demo, settings):
    settings.PBCERT = {"FORM_RATE_LIMIT": (2, 600)}
    ip = "2001:db8:1:2::10"
    for n in range(2):
        data = {"municipality": "kutaisi", "reason": REASON}
        assert (
            client.post("/ka/nominate/", data, REMOTE_ADDR=f"2001:db8:1:2::{n}").status_code == 302
        )
    # Another address of the same IPv6 /64 is the same visitor.
    response = client.post("/ka/nominate/", data, REMOTE_ADDR=ip)
    assert response.status_code == 429
    assert response["Retry-After"]
    assert "ძალიან ბევრი მცდელობა" in soup(response).select_one("form .form-errors").text
    assert Nomination.objects.count() == 2


def test_without_csrf_the_form_is_refused(demo):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/ka/nominate/", {"municipality": "kutaisi", "reason": REASON})
    assert response.status_code == 403
    assert not Nomination.objects.exists()


# -- retention --------------------------------------------------------------------------------


def test_nominators_addresses_are_removed_after_the_period(kutaisi, staff, settings):
    settings.PBCERT = {"NOMINATION_DAYS": 30}
    old = service.nominate(kutaisi, REASON, "old@example.org", "ka")
    confirm(make_token(old))
    service.approve(old, staff)
    Nomination.objects.filter(pk=old.pk).update(
        reviewed_at=timezone.now() - datetime.timedelta(days=40)
    )
    recent = service.nominate(kutaisi, REASON, "recent@example.org", "ka")
    never_reviewed = service.nominate(kutaisi, REASON, "waiting@example.org", "ka")
    OutboxMessage.objects.update(status="sent", sent_at=timezone.now())
    Nomination.objects.filter(pk=never_reviewed.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    counts = retention.purge_expired()
    assert counts["nominators"] == 2
    old.refresh_from_db()
    assert old.email == "" and old.anonymised_at and old.status == "approved"
    assert old.reason != REASON and REASON not in str(old.reason)  # free text may say who
    assert old.municipality_id and old.status == "approved"  # the statistics stay
    assert Nomination.objects.get(pk=recent.pk).email == "recent@example.org"
    assert Nomination.objects.get(pk=never_reviewed.pk).email == ""
    assert not OutboxMessage.objects.filter(recipient="old@example.org").exists()
    assert OutboxMessage.objects.filter(recipient=OFFICIAL).exists()  # not the nominator's
    assert retention.purge_expired()["nominators"] == 0
    assert retention.periods()["nominations"] == 30
