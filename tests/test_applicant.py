"""The private status link: who gets in, the lost-link form, a change of contact email."""

import pytest
from django.core.cache import cache

from pbcert_wagtail import workflow
from pbcert_wagtail.models import AccessToken, OutboxMessage

from .apply_helpers import latest_email, link_from, path_of, sent_link, submit
from .conftest import language_switcher_links, soup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def applied(client, demo):
    """Two applications made through the form; returns their status page paths."""
    submit(client, demo["c1"]["ka"], municipality="kutaisi", email="kutaisi@example.org")
    submit(client, demo["c1"]["en"], municipality="gori", email="gori@example.org")
    return {
        "kutaisi": path_of(link_from(latest_email("application_received", "kutaisi@example.org"))),
        "gori": path_of(link_from(latest_email("application_received", "gori@example.org"))),
    }


def test_the_right_token_opens_its_own_application_only(client, applied):
    response = client.get(applied["kutaisi"])
    assert response.status_code == 200
    html = soup(response)
    assert html.h1.get_text(strip=True) == "ქუთაისი"
    assert "kutaisi@example.org" in html.get_text()
    assert "gori@example.org" not in html.get_text()
    assert response["Cache-Control"].startswith("no-store")
    assert response["Referrer-Policy"] == "same-origin"
    answers = " ".join(dl.get_text() for dl in html.select(".answers"))
    assert "დიახ, ყოველწლიურად" in answers  # the option label, not its key
    timeline = html.select_one(".timeline").get_text()
    assert "განაცხადი შემოტანილია" in timeline


@pytest.mark.parametrize("token", ["not-a-token", "x" * 43, "", "../../admin", "a" * 500])
def test_wrong_tokens_get_404(client, applied, token):
    assert client.get(f"/ka/application/{token}/").status_code == 404


def test_a_token_works_in_both_languages_and_the_switcher_keeps_it(client, applied):
    english = applied["gori"]  # Gori applied in English: its link is English
    assert english.startswith("/en/application/")
    georgian = english.replace("/en/", "/ka/")
    assert client.get(georgian).status_code == 200
    assert language_switcher_links(soup(client.get(english))) == {"ka": georgian}
    assert language_switcher_links(soup(client.get(georgian))) == {"en": english}


def test_changing_the_contact_email_tells_the_old_address_and_stales_its_links(client, applied):
    response = client.post(applied["kutaisi"], {"email": "new@example.org"})
    assert response.status_code == 200
    assert "new@example.org" in response.content.decode()
    told = latest_email("contact_changed")
    assert told.recipient == "kutaisi@example.org"
    assert told.language == "ka"
    assert client.get(applied["kutaisi"]).status_code == 404  # stale token
    new_link = path_of(link_from(latest_email("new_link", "new@example.org")))
    assert client.get(new_link).status_code == 200


def test_invalid_new_contact_email_is_refused_next_to_the_field(client, applied):
    response = client.post(applied["gori"], {"email": "nope"})
    html = soup(response)
    assert "Enter a valid email address." in html.select_one(".field__errors").get_text()
    assert not OutboxMessage.objects.filter(event="contact_changed").exists()


def test_lost_link_answers_the_same_for_known_and_unknown_addresses(
    client, applied, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(
            "/en/application/lost-link/", {"email": "GORI@example.org"}, follow=True
        )
    before = OutboxMessage.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(
            "/en/application/lost-link/", {"email": "nobody@example.org"}, follow=True
        )
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    strip = lambda r: soup(r).select_one("main").get_text(" ", strip=True)  # noqa: E731
    assert strip(known) == strip(unknown)
    assert OutboxMessage.objects.count() == before  # nothing for the unknown address
    message = latest_email("new_link", "gori@example.org")
    assert message.status == "sent"
    assert "/application/…/" in message.body_text  # the stored copy keeps no usable link
    assert client.get(path_of(sent_link("gori@example.org"))).status_code == 200
    # The old link keeps working: asking for a link cannot lock anyone out.
    assert client.get(applied["gori"]).status_code == 200


def test_lost_link_form_validates(client, demo):
    response = client.post("/ka/application/lost-link/", {"email": "არა-ელფოსტა"})
    assert response.status_code == 400  # like every public form
    assert soup(response).select_one(".field__errors") is not None


def test_decline_reason_shows_on_the_status_page_escaped(client, applied, django_user_model):
    from pbcert_wagtail.models import Application

    staff = django_user_model.objects.get(username="admin")
    application = Application.objects.get(municipality__code="gori")
    workflow.fire(application, "decline", staff, comment="<b>PB</b> is not in place yet.")
    html = client.get(applied["gori"]).content.decode()
    assert "&lt;b&gt;PB&lt;/b&gt; is not in place yet." in html
    assert AccessToken.objects.filter(application=application).count() == 2


def test_status_page_has_no_hreflang_alternates_carrying_the_token(client, applied):
    html = soup(client.get(applied["kutaisi"]))
    assert html.select('link[rel="alternate"]') == []


def test_a_changed_contact_email_replaces_the_old_one_everywhere(client, applied):
    from pbcert_wagtail.models import Application

    client.post(applied["kutaisi"], {"email": "new@example.org"})
    application = Application.objects.get(municipality__code="kutaisi")
    assert application.contacts[0]["email"] == "new@example.org"
    assert application.answers["contacts"][0]["email"] == "new@example.org"
    assert application.contacts[0]["name"] == "ნინო ბერიძე"


def test_private_links_expire(client, applied, settings):
    from datetime import timedelta

    from django.utils import timezone

    AccessToken.objects.update(created_at=timezone.now() - timedelta(days=401))
    assert client.get(applied["kutaisi"]).status_code == 404


def test_staff_never_see_a_usable_private_link_in_the_outbox(admin_client, applied):
    message = latest_email("application_received", "kutaisi@example.org")
    token_path = path_of(link_from(message))
    page = admin_client.get(f"/admin/pbcert_outbox/inspect/{message.pk}/").content.decode()
    assert token_path not in page
    assert "/application/…/" in page
