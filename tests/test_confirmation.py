"""The shared "confirm your own address" flow (community/confirmation.py): one mailed link
per request, GET never confirms, POST confirms once, and a wrong link is a clear page."""

import re

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from pbcert_wagtail.community import confirmation
from pbcert_wagtail.models import CallSubscription, ContactRequest, OutboxMessage

from .conftest import soup
from .practitioner_helpers import contact_request, practitioner
from .races import committed, together  # noqa: F401 (a fixture)

LINK = re.compile(r"https?://[^/\s]+(/(?:ka|en)/confirm-address/[^\s/]+/)")


def link_of(message):
    return LINK.search(message.body_text).group(1)


def asked(row):
    confirmation.ask(row)
    return OutboxMessage.objects.get(dedupe_key=confirmation.dedupe_key(row))


@pytest.mark.django_db
def test_one_email_in_the_visitors_language_with_what_is_confirmed():
    person = practitioner(name="ნინო ბერიძე")
    row = contact_request(person, language="ka")
    message = asked(row)
    assert message.event == "address_confirmation"
    assert message.recipient == row.email
    assert message.language == "ka"
    assert "ნინო ბერიძე" in message.body_text
    assert "დაადასტურეთ" in message.subject
    assert link_of(message).startswith("/ka/confirm-address/")
    # Asking again sends nothing more.
    assert confirmation.ask(row) is None
    assert OutboxMessage.objects.filter(recipient=row.email).count() == 1
    row.refresh_from_db()
    assert row.confirmation_sent_at is not None


@pytest.mark.django_db
def test_english_email():
    row = contact_request(practitioner(language="en", name="Nino Beridze"), language="en")
    message = asked(row)
    assert message.subject == "Please confirm your address"
    assert "your message to Nino Beridze" in message.body_text
    assert link_of(message).startswith("/en/confirm-address/")


@pytest.mark.django_db
def test_get_never_confirms_post_confirms_once(client):
    row = contact_request()
    url = link_of(asked(row))
    page = client.get(url)
    assert page.status_code == 200
    assert row.practitioner.name in page.content.decode()
    assert "<form" in page.content.decode() and 'method="post"' in page.content.decode()
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    client.get(url)
    row.refresh_from_db()
    assert row.confirmed_at is None
    assert not OutboxMessage.objects.filter(event="practitioner_message").exists()

    done = client.post(url)
    assert done.status_code == 200
    assert "<form" not in done.content.decode()
    row.refresh_from_db()
    assert row.confirmed_at is not None
    first = row.confirmed_at
    again = client.post(url)
    assert again.status_code == 200
    row.refresh_from_db()
    assert row.confirmed_at == first
    assert OutboxMessage.objects.filter(event="practitioner_message").count() == 1


@pytest.mark.django_db
def test_on_confirmed_runs_once(monkeypatch):
    row = contact_request()
    calls = []
    monkeypatch.setattr(ContactRequest, "on_confirmed", lambda self: calls.append(self.pk))
    token = confirmation.make_token(row)
    assert confirmation.confirm(token).just_confirmed is True
    assert confirmation.confirm(token).just_confirmed is False
    assert calls == [row.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_wrong_forged_and_expired_links_are_a_clear_page(client, method, monkeypatch):
    row = contact_request()
    good = confirmation.make_token(row)
    forged = signing.dumps({"m": "pbcert.contactrequest", "k": row.pk, "f": "0" * 16}, salt="x")
    wrong_fingerprint = signing.dumps(
        {"m": "pbcert.contactrequest", "k": row.pk, "f": "0" * 16}, salt=confirmation.SALT
    )
    assert getattr(client, method)("/en/confirm-address/%00/").status_code == 404
    for token in ("nonsense", good[:-3] + "abc", forged, wrong_fingerprint, "a" * 500):
        response = getattr(client, method)(f"/en/confirm-address/{token}/")
        assert response.status_code == 404, token
        assert "This link is not valid" in response.content.decode()
    # Older than seven days.
    later = timezone.now().timestamp() + confirmation.MAX_AGE + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = getattr(client, method)(f"/ka/confirm-address/{good}/")
    assert response.status_code == 404
    assert "ბმული" in response.content.decode()
    row.refresh_from_db()
    assert row.confirmed_at is None


@pytest.mark.django_db
def test_only_registered_models_can_be_confirmed(client):
    subscription = CallSubscription.objects.create(email="someone@example.org", language="en")
    token = signing.dumps(
        {"m": "pbcert.callsubscription", "k": subscription.pk, "f": "x"}, salt=confirmation.SALT
    )
    assert confirmation.read_token(token) is None
    assert client.post(f"/en/confirm-address/{token}/").status_code == 404
    with pytest.raises(ValueError):
        confirmation.make_token(subscription)
    with pytest.raises(TypeError):
        confirmation.register(CallSubscription)


@pytest.mark.django_db
def test_one_address_gets_few_confirmation_emails_a_day(settings):
    settings.PBCERT = {"CONFIRMATION_EMAIL_LIMIT": (2, 86400)}
    person = practitioner()
    rows = [contact_request(person, email="Target@example.org") for _ in range(3)]
    assert all(confirmation.ask(row) for row in rows[:2])
    with pytest.raises(confirmation.TooManyConfirmations):
        confirmation.ask(rows[2])


def test_over_the_address_limit_the_form_says_so_and_keeps_nothing(client, demo, settings):
    """A form whose confirmation link could not go keeps no row that could never be
    confirmed, and does not claim a link was sent."""
    from pbcert_wagtail.models import ExpertQuestion

    settings.PBCERT = {**settings.PBCERT, "CONFIRMATION_EMAIL_LIMIT": (1, 86400)}
    data = {
        "name": "ნინო",
        "email": "nino.asks@example.org",
        "question": "როგორ დავიწყოთ სამოქალაქო ბიუჯეტი პატარა მუნიციპალიტეტში?",
        "language": "ka",
    }
    first = client.post("/ka/ask-an-expert/", data, REMOTE_ADDR="10.91.0.1")
    assert first.status_code == 302
    again = Client().post("/ka/ask-an-expert/", data, REMOTE_ADDR="10.91.0.2")  # another visit
    assert again.status_code == 429
    page = soup(again)
    assert "ამ მისამართზე დღეს უკვე" in page.get_text()
    assert page.select_one("input[name=email][aria-invalid=true]") is not None
    assert ExpertQuestion.objects.filter(email="nino.asks@example.org").count() == 1


@pytest.mark.usefixtures("committed")
def test_simultaneous_posts_confirm_once(mailoutbox):
    row = contact_request()
    stored = asked(row)
    # Once sent, the stored copy has its link masked (staff must not confirm for anyone).
    stored.refresh_from_db()
    assert "/confirm-address/…/" in stored.body_for_staff
    url = LINK.search(mailoutbox[-1].body).group(1)

    def press():
        client = Client()
        client.get(url)
        response = client.post(url)
        return response.status_code

    assert together(*[press] * 6) == [200] * 6
    row.refresh_from_db()
    assert row.confirmed_at is not None
    assert OutboxMessage.objects.filter(event="practitioner_message").count() == 1
