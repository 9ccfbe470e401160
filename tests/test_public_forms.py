"""The public forms' shared skeleton, as a visitor meets it: a bot is answered as if all
went well, the limit speaks Georgian above the form, errors stand next to their field,
a success redirects and says so once, and the pages are never cached."""

import itertools

import pytest
from django.core.cache import cache

from pbcert_wagtail.models import Application, CallSubscription, OutboxMessage

from . import scenarios
from .conftest import soup

pytestmark = pytest.mark.django_db
addresses = (f"10.20.0.{n}" for n in itertools.count(1))

FORMS = {
    "subscribe": ("/ka/subscribe/", {"email": "bot@example.org"}),
    "lost link": ("/ka/application/lost-link/", {"email": "bot@example.org"}),
}


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()


@pytest.mark.parametrize("url, data", FORMS.values(), ids=FORMS)
def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_happens(
    client, demo, url, data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "pbcert-website": "http://spam.example"})
    assert response.status_code == 302
    assert response["Location"] == url + "?sent=1"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert soup(page).select_one('[role="status"]').get_text(strip=True)
    assert not CallSubscription.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_a_c1_bot_is_thanked_and_nothing_is_stored(client, demo):
    page = demo["c1"]["ka"]
    response = scenarios.submit(client, page, **{"pbcert-website": "http://spam.example"})
    assert response.status_code == 302
    assert not Application.objects.exists()


@pytest.mark.parametrize("url, data", FORMS.values(), ids=FORMS)
def test_over_the_limit_the_form_says_so_in_georgian(client, demo, url, data, settings):
    settings.PBCERT = {"FORM_RATE_LIMIT": (2, 600)}
    ip = next(addresses)
    for _ in range(2):
        assert client.post(url, {"email": "nope"}, REMOTE_ADDR=ip).status_code == 400
    response = client.post(url, data, REMOTE_ADDR=ip)
    assert response.status_code == 429
    errors = soup(response).select_one("form .form-errors").get_text()
    assert "ძალიან ბევრი მცდელობა" in errors
    assert not CallSubscription.objects.exists()
    # Another visitor is not affected.
    assert client.post(url, data, REMOTE_ADDR=next(addresses)).status_code == 302


def test_the_c1_limit_uses_the_same_message(client, demo, settings):
    settings.PBCERT = {"FORM_RATE_LIMIT": (1, 600)}
    page = demo["c1"]["ka"]
    scenarios.submit(client, page, municipality="")
    response = scenarios.submit(client, page)
    assert response.status_code == 429
    assert "ძალიან ბევრი მცდელობა. გთხოვთ, სცადოთ რამდენიმე წუთში." in response.content.decode()


@pytest.mark.parametrize("url", [url for url, _data in FORMS.values()])
def test_errors_stand_next_to_the_field_in_the_visitors_language(client, demo, url):
    response = client.post(url, {"email": "არა-ელფოსტა"})
    assert response.status_code == 400
    assert "მართებული ელფოსტის" in soup(response).select_one(".field__errors").get_text()
    english = client.post(url.replace("/ka/", "/en/"), {"email": "no"})
    assert "Enter a valid email address." in soup(english).select_one(".field__errors").get_text()


@pytest.mark.parametrize("url", [url for url, _data in FORMS.values()])
def test_nothing_posted_is_an_error_not_a_crash(client, demo, url):
    assert client.post(url, {"email": ["a", "b"], "pbcert-website": ""}).status_code == 400
    assert client.post(url).status_code == 400


def test_a_real_subscription_is_thanked_once(client, demo):
    response = client.post("/en/subscribe/", {"email": "reader@example.org"}, follow=True)
    assert response.redirect_chain == [("/en/subscribe/?sent=1", 302)]
    assert "Please confirm" in soup(response).select_one('[role="status"]').get_text()
    assert CallSubscription.objects.filter(email="reader@example.org").exists()
    again = client.get("/en/subscribe/?sent=1")
    assert not soup(again).select('[role="status"]')  # the thanks is shown once
    assert soup(again).select_one("form")


def test_headers_never_cached_and_private_pages_never_indexed(client, demo):
    lost = client.get("/ka/application/lost-link/")
    assert "no-store" in lost["Cache-Control"]
    assert lost["X-Robots-Tag"] == "noindex, nofollow"
    subscribe = client.get("/ka/subscribe/")
    assert "no-store" in subscribe["Cache-Control"]
    assert "X-Robots-Tag" not in subscribe  # a public page
    c1 = client.get(demo["c1"]["ka"].url)
    assert "no-store" in c1["Cache-Control"]
    assert "X-Robots-Tag" not in c1
