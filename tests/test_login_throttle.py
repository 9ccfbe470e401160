"""The admin sign-in resists guessing: django-axes counts failures per account and per
address in the database; the lock-out page speaks the visitor's language; staff unlock."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import override_settings

from pbcert_wagtail.models import OrganisationSettings

from . import factories
from .conftest import soup

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
SCREEN = "/admin/pbcert/sign-ins/"
OFFICE = "192.0.2.10"  # TEST-NET addresses
ELSEWHERE = "198.51.100.7"

PAUSED_KA = "შესვლა შეჩერებულია"
PAUSED_EN = "Sign-in is paused"


def sign_in(client, username, password, address=OFFICE, **headers):
    """The real Wagtail login form, as a browser posts it."""
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def signed_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


@pytest.fixture
def alice():
    return factories.StaffFactory(username="alice")


@pytest.fixture
def bob():
    return factories.StaffFactory(username="bob")


def fail(client, username, times, address=OFFICE):
    for _ in range(times):
        response = sign_in(client, username, "wrong", address)
    return response


def test_five_wrong_passwords_lock_the_account(client, alice):
    response = fail(client, "alice", 4)
    assert response.status_code == 200  # the usual "wrong password", still allowed
    assert PAUSED_KA not in response.text

    response = fail(client, "alice", 1)
    assert response.status_code == 429

    # The right password is refused now, from this address and from any other.
    for address in (OFFICE, ELSEWHERE):
        response = sign_in(client, "alice", factories.PASSWORD, address)
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session
        page = soup(response)
        alert = page.select_one("[role=alert]").get_text(" ", strip=True)
        assert PAUSED_KA in alert
        assert "5 წარუმატებელი მცდელობის შემდეგ" in alert
        assert "30 წუთში" in alert  # for how long
        assert "პროგრამის თანამშრომლებს" in alert  # whom to ask
        assert "Account locked" not in response.text  # not axes' bare English text
        assert page.select_one("form.login-form input[name=username]")["value"] == "alice"


def test_the_lock_out_page_names_the_contact_and_speaks_english_to_an_english_browser(
    client, alice
):
    organisation = OrganisationSettings.objects.first()
    organisation.email = "pb-team@example.org"
    organisation.save()
    fail(client, "alice", 5)
    response = sign_in(client, "alice", factories.PASSWORD, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    alert = soup(response).select_one("[role=alert]")
    text = alert.get_text(" ", strip=True)
    assert PAUSED_EN in text and "after 5 failed attempts" in text
    assert "Try again in 30 minutes" in text
    assert alert.select_one('a[href="mailto:pb-team@example.org"]')
    assert PAUSED_KA not in response.text


def test_an_address_is_locked_for_every_account_after_the_limit(client, alice, bob):
    carol = factories.StaffFactory(username="carol")
    fail(client, "alice", 3)
    assert fail(client, "bob", 1).status_code == 200
    assert fail(client, "bob", 1).status_code == 429  # the address's fifth failure

    # Nobody signs in from that address now, not even with the right password ...
    response = sign_in(client, carol.username, factories.PASSWORD)
    assert response.status_code == 429 and PAUSED_KA in response.text
    # ... while the same accounts sign in from elsewhere (3 and 2 failures: under the limit).
    assert signed_in(sign_in(client, "alice", factories.PASSWORD, ELSEWHERE))
    client.logout()
    assert signed_in(sign_in(client, carol.username, factories.PASSWORD, ELSEWHERE))


def test_the_lock_out_ends_after_the_cool_off(client, alice):
    fail(client, "alice", 5)

    def minutes_pass(minutes):
        for attempt in AccessAttempt.objects.all():
            attempt.attempt_time -= datetime.timedelta(minutes=minutes)
            attempt.save(update_fields=["attempt_time"])

    minutes_pass(29)
    response = sign_in(client, "alice", factories.PASSWORD)
    assert response.status_code == 429
    assert "1 წუთში" in response.text  # the time that is left, not the whole cool-off
    minutes_pass(2)
    assert signed_in(sign_in(client, "alice", factories.PASSWORD))


@override_settings(AXES_COOLOFF_TIME=datetime.timedelta(hours=2))
def test_the_cool_off_is_a_setting(client, alice):
    fail(client, "alice", 5)
    response = sign_in(client, "alice", factories.PASSWORD, HTTP_ACCEPT_LANGUAGE="en")
    assert "Try again in 2 hours" in response.text


def test_staff_unlock_from_the_screen_and_the_person_signs_in_again(client, alice, bob):
    fail(client, "alice", 5)
    staff = factories.StaffFactory(username="programme-staff")
    client.force_login(staff)

    screen = client.get(SCREEN)
    assert screen.status_code == 200
    rows = soup(screen).select("table.listing tbody tr")
    cells = [[td.get_text(" ", strip=True) for td in row.select("td")] for row in rows]
    assert ["ანგარიში", "alice", OFFICE, "5"] in [row[:4] for row in cells]
    assert ["მისამართი", "alice", OFFICE, "5"] in [row[:4] for row in cells]

    response = client.post(SCREEN, {"kind": "username", "value": "alice"}, follow=True)
    assert response.status_code == 200
    assert "ანგარიში „alice“ განბლოკილია" in response.text  # says what it did
    assert "ამჟამად არცერთი შესვლა არ არის დაბლოკილი" in response.text  # the list is empty
    assert not AccessAttempt.objects.filter(username="alice").exists()
    # A second click (a colleague was quicker) says there was nothing left to unlock.
    again = client.post(SCREEN, {"kind": "username", "value": "alice"}, follow=True)
    assert "განსაბლოკი არაფერია: ანგარიში „alice“ უკვე აღარ იყო დაბლოკილი" in again.text

    client.logout()
    assert signed_in(sign_in(client, "alice", factories.PASSWORD))


def test_staff_unlock_an_address(client, alice, bob):
    fail(client, "alice", 3)
    fail(client, "bob", 2)
    client.force_login(factories.SuperuserFactory(username="root"))
    response = client.post(SCREEN, {"kind": "ip_address", "value": OFFICE}, follow=True)
    assert f"მისამართი {OFFICE} განბლოკილია" in response.text
    client.logout()
    assert signed_in(sign_in(client, "bob", factories.PASSWORD))


def test_unlock_needs_the_csrf_token(alice):
    from django.test import Client

    fail(Client(), "alice", 5)
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.SuperuserFactory(username="root"))
    assert client.post(SCREEN, {"kind": "username", "value": "alice"}).status_code == 403
    assert AccessAttempt.objects.filter(username="alice").exists()


def test_a_tampered_unlock_is_refused_with_a_message(client, alice):
    fail(client, "alice", 5)
    client.force_login(factories.StaffFactory(username="programme-staff"))
    response = client.post(SCREEN, {"kind": "ip_address", "value": "not-an-address"})
    assert response.status_code == 400
    assert AccessAttempt.objects.filter(username="alice").exists()


@pytest.mark.parametrize(
    "factory",
    [factories.ExpertFactory, factories.ConsortiumMemberFactory, factories.EditorFactory],
    ids=["expert", "consortium", "editor"],
)
def test_others_cannot_open_the_screen_or_unlock(client, alice, factory):
    fail(client, "alice", 5)
    client.force_login(factory())
    response = client.get(SCREEN)
    assert response.status_code != 200 and "alice" not in response.text
    client.post(SCREEN, {"kind": "username", "value": "alice"})
    assert AccessAttempt.objects.filter(username="alice").exists()
    home = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en")
    assert SCREEN not in home.text  # no menu item either


def test_the_menu_item_is_there_for_staff(client):
    client.force_login(factories.StaffFactory(username="programme-staff"))
    assert SCREEN in client.get("/admin/").text


def test_a_successful_sign_in_resets_the_count(client, alice):
    fail(client, "alice", 4)
    assert signed_in(sign_in(client, "alice", factories.PASSWORD))
    client.logout()
    assert not AccessAttempt.objects.filter(username="alice").exists()
    # Four more mistakes are allowed again: the earlier four no longer count.
    assert fail(client, "alice", 4).status_code == 200
    assert signed_in(sign_in(client, "alice", factories.PASSWORD))


def test_nobody_locked_says_so(client):
    client.force_login(factories.StaffFactory(username="programme-staff"))
    assert "ამჟამად არცერთი შესვლა არ არის დაბლოკილი" in client.get(SCREEN).text


def test_the_address_is_read_like_the_public_forms_read_it(client, alice, settings):
    settings.PBCERT = {**settings.PBCERT, "CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR"}
    fail(client, "alice", 1, address="10.0.0.1")
    client.post(
        LOGIN,
        {"username": "alice", "password": "wrong"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.5, 192.0.2.99",
    )
    addresses = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert addresses == {"10.0.0.1", "192.0.2.99"}  # the last address the proxy added
