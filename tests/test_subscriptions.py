"""Subscribing to the next call: double opt-in, one-click unsubscribe, once per call."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from pbcert_wagtail import subscriptions
from pbcert_wagtail.models import CallSubscription, OutboxMessage

from .conftest import soup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def link_in(message, kind):
    return (
        re.search(rf"https?://\S+/subscribe/{kind}/[^\s/]+/", message.body_text)
        .group(0)
        .split("://", 1)[1]
        .split("/", 1)[1]
    )


def test_forms_are_on_the_programme_and_c1_pages(client, demo):
    for key in ("programme", "c1"):
        html = soup(client.get(demo[key]["ka"].url))
        form = html.select_one("section.subscribe form")
        assert form["action"] == "/ka/subscribe/"


def test_double_opt_in(client, demo):
    response = client.post("/en/subscribe/", {"email": "Citizen@Example.org"}, follow=True)
    assert response.status_code == 200
    subscription = CallSubscription.objects.get()
    assert subscription.email == "citizen@example.org"
    assert subscription.language == "en"
    assert subscription.confirmed_at is None
    (message,) = OutboxMessage.objects.filter(recipient="citizen@example.org")
    assert message.event == "subscription_confirm"
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    confirm = "/" + link_in(message, "confirm")
    # A mail scanner opening the link confirms nothing.
    page = client.get(confirm)
    assert page.status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    client.post(confirm)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_an_unconfirmed_address_gets_nothing_but_one_confirmation(client, demo):
    for _ in range(3):
        client.post("/ka/subscribe/", {"email": "victim@example.org"})
    assert OutboxMessage.objects.filter(recipient="victim@example.org").count() == 1
    assert subscriptions.notify_open_call() == 0
    assert not OutboxMessage.objects.filter(event="call_opened").exists()


def test_once_per_subscriber_per_call_even_when_the_schedule_runs_twice(demo):
    for i, language in enumerate(["ka", "en", "ka"]):
        subscription = CallSubscription.objects.create(email=f"s{i}@example.org", language=language)
        subscriptions.confirm(subscription)
    assert subscriptions.notify_open_call(chunk=2) == 3  # every one, in chunks
    assert subscriptions.notify_open_call() == 0
    notices = OutboxMessage.objects.filter(event="call_opened")
    assert notices.count() == 3
    assert notices.values("dedupe_key").distinct().count() == 3
    english = notices.get(recipient="s1@example.org")
    assert english.subject.startswith("Applications are open")
    assert "/en/go/application-form/" in english.body_text
    assert "List-Unsubscribe" in english.headers
    # Rendered once per language, each with its own link to unsubscribe.
    for notice in notices:
        subscription = CallSubscription.objects.get(email=notice.recipient)
        token = subscriptions.make_token(subscription, "unsubscribe")
        assert token in notice.body_text and token in notice.body_html
        assert token in notice.headers["List-Unsubscribe"]
        assert subscriptions.PLACEHOLDER not in notice.body_html
    assert len(set(notices.values_list("message_id", flat=True))) == 3


def test_unsubscribe_by_post_including_one_click(client, demo):
    subscription = CallSubscription.objects.create(email="bye@example.org", language="ka")
    subscriptions.confirm(subscription)
    url = "/ka/subscribe/stop/" + subscriptions.make_token(subscription, "unsubscribe") + "/"
    assert client.get(url).status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is None
    from django.test import Client

    one_click = Client(enforce_csrf_checks=True)
    response = one_click.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    assert subscriptions.notify_open_call() == 0


@pytest.mark.parametrize("url", ["/ka/subscribe/confirm/forged/", "/ka/subscribe/stop/forged/"])
def test_forged_links_get_404(client, demo, url):
    assert client.get(url).status_code == 404


def test_a_confirm_link_cannot_unsubscribe_and_vice_versa(client, demo):
    subscription = CallSubscription.objects.create(email="x@example.org", language="ka")
    confirm_token = subscriptions.make_token(subscription, "confirm")
    assert client.post(f"/ka/subscribe/stop/{confirm_token}/").status_code == 404


def test_bad_address_is_refused_next_to_the_field(client, demo):
    response = client.post("/ka/subscribe/", {"email": "არა"})
    assert response.status_code == 400
    assert soup(response).select_one(".field__errors")
    assert not CallSubscription.objects.exists()
    assert mail.outbox == []


def test_the_link_in_call_emails_opens_the_form_in_the_subscribers_language(client, demo):
    assert client.get("/en/go/application-form/")["Location"] == demo["c1"]["en"].url
    assert client.get("/ka/go/application-form/")["Location"] == demo["c1"]["ka"].url
