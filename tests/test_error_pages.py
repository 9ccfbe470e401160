"""Our own 400 and 403 pages, as a visitor meets them: a form over Django's size limits, a
form whose CSRF check failed, a page one may not see, a request that cannot be read; each in
the address's language, in the site's layout, saying what to do, never a server error and
never Django's bare English page or the exception's text."""

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.urls import path
from django.utils import translation

from pbcert_wagtail import conf
from site_settings import urls as site_urls

from . import factories
from .conftest import language_switcher_links, soup

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/{}/subscribe/"
LOST_LINK = "/{}/application/lost-link/"
THREE_MB = "x" * (3 * 1024 * 1024)
DJANGO_PAGES = ("Bad Request (400)", "CSRF verification failed", "403 Forbidden")


def text_of(response):
    """The visible text of the page's main part."""
    return soup(response).select_one("main").get_text(" ", strip=True)


def assert_our_page(response, status, language):
    """Our page: the status, the site's layout in `language`, nothing of Django's own."""
    assert response.status_code == status
    html = soup(response)
    assert html.html["lang"] == language
    assert html.select_one(".site-header") and html.select_one(".site-footer")
    for django_page in DJANGO_PAGES:
        assert django_page not in response.text


def size(value, language):
    with translation.override(language):
        return filesizeformat(value)


# -- 400: over Django's limits ------------------------------------------------------------


def test_a_too_large_form_on_ka_says_so_in_georgian_with_the_limit(client, demo, settings):
    response = client.post(SUBSCRIBE.format("ka"), {"email": "a@example.org", "x": THREE_MB})
    assert_our_page(response, 400, "ka")
    text = text_of(response)
    assert "ფორმა ზედმეტად დიდია" in text
    assert size(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, "ka") in text
    assert size(conf.get("MAX_FILE_SIZE"), "ka") in text
    assert "შეამოკლეთ" in text  # what to do
    assert "DATA_UPLOAD_MAX_MEMORY_SIZE" not in response.text  # the exception's text


def test_a_too_large_form_on_en_says_so_in_english(client, demo, settings):
    response = client.post(
        LOST_LINK.format("en"),
        f"email=a%40example.org&x={THREE_MB}",
        content_type="application/x-www-form-urlencoded",
    )
    assert_our_page(response, 400, "en")
    text = text_of(response)
    assert "The form is too large to send" in text
    assert size(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, "en") in text
    assert "shorten the text" in text
    assert "DATA_UPLOAD_MAX_MEMORY_SIZE" not in response.text


def test_the_400_page_keeps_the_language_switch_and_a_way_back(client, demo):
    response = client.post(SUBSCRIBE.format("ka"), {"x": THREE_MB})
    html = soup(response)
    assert language_switcher_links(html) == {"en": SUBSCRIBE.format("en")}
    links = {a["href"] for a in html.select("main a")}
    assert {SUBSCRIBE.format("ka"), "/ka/"} <= links


def test_a_too_large_form_is_refused_even_where_the_csrf_check_reads_it(demo, settings):
    """Without the input cleaning, CsrfViewMiddleware is the first to read the body."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "CleanInput" not in m]
    client = Client(enforce_csrf_checks=True)
    client.get(SUBSCRIBE.format("en"))  # the CSRF cookie, so the check reads the form
    response = client.post(SUBSCRIBE.format("en"), {"x": THREE_MB})
    assert_our_page(response, 400, "en")
    assert "The form is too large to send" in text_of(response)


def test_too_many_fields_says_so_with_the_limit(client, demo, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 20
    fields = {f"field{n}": "x" for n in range(30)}
    response = client.post(SUBSCRIBE.format("en"), fields)
    assert_our_page(response, 400, "en")
    text = text_of(response)
    assert "too many fields" in text
    assert "at most 20 fields" in text
    ka = client.post(SUBSCRIBE.format("ka"), fields)
    assert_our_page(ka, 400, "ka")
    assert "ზედმეტად ბევრი ველი" in text_of(ka)


def test_too_many_files_says_so_with_the_limit(client, demo, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = {f"file{n}": SimpleUploadedFile(f"{n}.pdf", b"%PDF-1.4") for n in range(3)}
    response = client.post(SUBSCRIBE.format("en"), files)
    assert_our_page(response, 400, "en")
    text = text_of(response)
    assert "Too many files" in text
    assert "at most 2 files" in text
    assert size(conf.get("MAX_FILE_SIZE"), "en") in text


def test_another_bad_request_is_a_plain_could_not_be_read_page(client, demo):
    """A host that is not ours (DisallowedHost): the page cannot use the request's address,
    and still is a 400 in the address's language, not a server error."""
    response = client.get("/en/", HTTP_HOST="not-ours.example")
    assert response.status_code == 400
    assert soup(response).html["lang"] == "en"
    assert "could not be read" in text_of(response)
    assert "not-ours.example" not in response.text
    for django_page in DJANGO_PAGES:
        assert django_page not in response.text


# -- 403: the CSRF check ------------------------------------------------------------------


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def post_with_a_stale_token(client, url):
    """A form sent with a token that is not the browser's (an old tab, a sign-in since)."""
    client.get(url)
    return client.post(url, {"email": "a@example.org", "csrfmiddlewaretoken": "x" * 64})


@pytest.mark.parametrize(
    "language, heading, reload",
    [
        ("ka", "ფორმა ვერ გაიგზავნა", "განაახლეთ გვერდი"),
        ("en", "The form could not be sent", "reload the page"),
    ],
)
def test_a_csrf_failure_says_reload_in_the_visitors_language(
    csrf_client, demo, language, heading, reload
):
    url = SUBSCRIBE.format(language)
    response = post_with_a_stale_token(csrf_client, url)
    assert_our_page(response, 403, language)
    text = text_of(response)
    assert heading in text
    assert reload in text
    assert "cookie" not in text.lower() and "ქუქი" not in text  # the cookie was there
    assert url in {a["href"] for a in soup(response).select("main a")}


@pytest.mark.parametrize(
    "language, hint", [("ka", "ქუქი-ფაილები"), ("en", "allow cookies for this site")]
)
def test_a_missing_csrf_cookie_asks_to_allow_cookies(csrf_client, demo, language, hint):
    response = csrf_client.post(LOST_LINK.format(language), {"email": "a@example.org"})
    assert_our_page(response, 403, language)
    assert hint in text_of(response)
    assert "CSRF cookie not set" not in response.text  # the reason's text


def test_the_admin_sign_in_without_a_token_gets_the_same_page(csrf_client, demo):
    response = csrf_client.post(
        "/admin/login/", {"username": "x", "password": "y"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert_our_page(response, 403, "en")
    assert "reload the page" in text_of(response)


# -- 403: no access ---------------------------------------------------------------------
# The Wagtail admin answers its own PermissionDenied (a redirect with a message), and no
# public view raises one yet: this module is also the URLconf of a page that does.


def forbidden(request):
    raise PermissionDenied("internal reason: role check failed")


urlpatterns = [
    *i18n_patterns(path("forbidden/", forbidden), prefix_default_language=True),
    *site_urls.urlpatterns,  # after: Wagtail's pages take every other address
]
handler403 = getattr(site_urls, "handler403", None)  # None: Django's own


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    "language, heading",
    [("ka", "ამ გვერდზე წვდომა არ გაქვთ"), ("en", "You do not have access to this page")],
)
def test_a_page_one_may_not_see_says_so_and_where_to_go(client, demo, language, heading):
    response = client.get(f"/{language}/forbidden/")
    assert_our_page(response, 403, language)
    assert heading in text_of(response)
    assert "internal reason" not in response.text
    assert f"/{language}/" in {a["href"] for a in soup(response).select("main a")}


@pytest.mark.urls(__name__)
def test_a_signed_in_user_is_also_pointed_to_the_dashboard(client, demo):
    client.force_login(factories.StaffFactory())
    response = client.get("/en/forbidden/")
    assert_our_page(response, 403, "en")
    assert {"/en/", "/admin/"} <= {a["href"] for a in soup(response).select("main a")}
