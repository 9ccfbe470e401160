"""Page types, rendering in both languages, the language switcher and hreflang."""

import pytest
from wagtail.models import Page

from home.models import HomePage
from pbcert_wagtail.models import ApplicationFormPage, FAQPage, ProgrammePage

from .conftest import hreflang_alternates, language_switcher_links, soup

pytestmark = pytest.mark.django_db


class TestPageTypeRules:
    def test_home_page_only_at_the_tree_root(self, demo, root_page):
        assert HomePage.can_create_at(root_page)
        assert not HomePage.can_create_at(demo["home"]["ka"])
        assert not HomePage.can_create_at(demo["programme"]["ka"])

    def test_home_page_leads_to_programme_and_faq(self):
        assert set(HomePage.allowed_subpage_models()) == {
            ProgrammePage,
            FAQPage,
            ApplicationFormPage,
        }

    def test_programme_page_holds_the_faq_the_form_and_the_practitioners(self, demo):
        from pbcert_wagtail.models import PractitionerDirectoryPage

        assert ProgrammePage.allowed_subpage_models() == [
            FAQPage,
            ApplicationFormPage,
            PractitionerDirectoryPage,
        ]
        assert not ProgrammePage.can_create_at(demo["programme"]["ka"])

    def test_faq_page_is_a_leaf_and_one_per_parent(self, demo):
        assert FAQPage.allowed_subpage_models() == []
        assert not FAQPage.can_create_at(demo["home"]["ka"])  # it already has one
        assert FAQPage.can_create_at(demo["programme"]["ka"])

    def test_plugin_pages_are_not_site_roots(self, root_page):
        assert not ProgrammePage.can_create_at(root_page)
        assert not FAQPage.can_create_at(root_page)


@pytest.mark.parametrize("key", ["home", "programme", "faq", "c1"])
@pytest.mark.parametrize("language", ["ka", "en"])
def test_every_demo_page_renders_in_both_languages(client, demo, key, language):
    page = demo[key][language]
    response = client.get(page.url)
    assert response.status_code == 200
    html = soup(response)
    assert html.html["lang"] == language
    assert html.h1.get_text(strip=True) == page.title
    # The skip link is one of our UI strings: it must be in the page's language.
    skip = html.select_one(".skip-link").get_text(strip=True)
    assert skip == {"ka": "გადასვლა ძირითად შინაარსზე", "en": "Skip to content"}[language]


def test_urls_are_language_prefixed(demo):
    assert demo["home"]["ka"].url == "/ka/"
    assert demo["home"]["en"].url == "/en/"
    assert demo["programme"]["ka"].url == "/ka/sertifitsireba/"
    assert demo["programme"]["en"].url == "/en/certification/"
    assert demo["faq"]["en"].url == "/en/faq/"


@pytest.mark.parametrize("key", ["home", "programme", "faq"])
def test_switcher_leads_to_the_same_page_in_the_other_language(client, demo, key):
    ka_html = soup(client.get(demo[key]["ka"].url))
    en_html = soup(client.get(demo[key]["en"].url))
    assert language_switcher_links(ka_html) == {"en": demo[key]["en"].url}
    assert language_switcher_links(en_html) == {"ka": demo[key]["ka"].url}
    # The current language is shown, not linked.
    current = en_html.select_one("nav.language-switcher [aria-current]")
    assert current.get_text(strip=True) == "English"


@pytest.mark.parametrize("key", ["home", "programme", "faq"])
def test_hreflang_alternates_list_every_translation(client, demo, key):
    html = soup(client.get(demo[key]["en"].url))
    assert hreflang_alternates(html) == {
        "ka": "http://testserver" + demo[key]["ka"].url,
        "en": "http://testserver" + demo[key]["en"].url,
        "x-default": "http://testserver" + demo[key]["ka"].url,
    }


def test_switcher_falls_back_to_the_home_page_without_a_translation(client, demo):
    untranslated = ProgrammePage(title="მხოლოდ ქართულად", slug="mkholod-kartulad")
    demo["programme"]["ka"].get_parent().add_child(instance=untranslated)
    untranslated.save_revision().publish()
    html = soup(client.get(untranslated.url))
    assert language_switcher_links(html) == {"en": "/en/"}
    assert set(hreflang_alternates(html)) == {"ka", "x-default"}


def test_draft_translation_is_not_offered(client, demo):
    english = demo["faq"]["en"]
    english.unpublish()
    html = soup(client.get(demo["faq"]["ka"].url))
    assert language_switcher_links(html) == {"en": "/en/"}
    assert "en" not in hreflang_alternates(html)


def test_navigation_lists_the_programme_and_faq_in_the_current_language(client, demo):
    html = soup(client.get(demo["home"]["en"].url))
    nav = [(a.get_text(strip=True), a["href"]) for a in html.select("nav.site-nav a")]
    assert nav == [
        (demo["programme"]["en"].title, demo["programme"]["en"].url),
        (demo["faq"]["en"].title, demo["faq"]["en"].url),
        (demo["c1"]["en"].title, demo["c1"]["en"].url),
        (demo["registry"]["en"].title, demo["registry"]["en"].url),
    ]
    cards = [a["href"] for a in html.select(".cards a")]
    assert cards[:3] == [demo["programme"]["en"].url, demo["faq"]["en"].url, demo["c1"]["en"].url]


class TestLanguageRedirect:
    def test_root_redirects_to_english_for_an_english_browser(self, client, demo):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
        assert response.status_code == 302
        assert response["Location"] == "/en/"

    @pytest.mark.parametrize("accept", ["", "fr-FR,fr;q=0.9", "ka"])
    def test_root_redirects_to_georgian_when_unsure(self, client, demo, accept):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
        assert response["Location"] == "/ka/"


class TestNotFound:
    @pytest.mark.parametrize(
        "url, heading",
        [("/en/no-such-page/", "Page not found"), ("/ka/no-such-page/", "გვერდი ვერ მოიძებნა")],
    )
    def test_unknown_url_gives_a_404_in_the_url_language(self, client, demo, url, heading):
        response = client.get(url)
        assert response.status_code == 404
        html = soup(response)
        assert html.h1.get_text(strip=True) == heading
        assert html.html["lang"] == url[1:3]

    def test_404_switcher_uses_translate_url(self, client, demo):
        html = soup(client.get("/ka/no-such-page/"))
        assert language_switcher_links(html) == {"en": "/en/no-such-page/"}


def test_site_settings_show_in_header_and_footer(client, demo):
    en = soup(client.get(demo["home"]["en"].url))
    ka = soup(client.get(demo["home"]["ka"].url))
    assert (
        en.select_one(".site-header__brand").get_text(strip=True) == "Solidarity Fund PL in Georgia"
    )
    assert (
        ka.select_one(".site-header__brand").get_text(strip=True)
        == "სოლიდარობის ფონდი PL საქართველოში"
    )
    footer = en.select_one(".site-footer")
    assert "certification@example.org" in footer.get_text()
    assert "Tbilisi" in footer.get_text()
    assert "თბილისი" in ka.select_one(".site-footer").get_text()


def test_programme_page_shows_every_block_of_the_demo(client, demo):
    html = soup(client.get(demo["programme"]["en"].url))
    steps = [h.get_text(strip=True) for h in html.select("ol.steps .steps__title")]
    assert len(steps) == 6
    assert steps[0] == "Dates and deadlines"
    assert len(html.select("ul.benefits li")) >= 5
    document_link = html.select_one(".document-link a")
    assert "placeholder" in document_link.get_text().lower()
    cta = html.select_one(".cta a.button")
    assert cta["href"] == demo["faq"]["en"].url  # the chooser points at the Georgian page
    headings = [h.get_text(strip=True) for h in html.select(".rich-text h2")]
    for expected in ["What is certification?", "How to start", "Who decides?", "Results", "Costs"]:
        assert expected in headings


def test_standards_document_is_served(client, demo):
    html = soup(client.get(demo["programme"]["ka"].url))
    response = client.get(html.select_one(".document-link a")["href"])
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"%PDF")


def test_every_page_is_in_the_page_tree_twice(demo):
    for key in ("home", "programme", "faq"):
        assert set(demo[key]) == {"ka", "en"}
        assert demo[key]["ka"].translation_key == demo[key]["en"].translation_key
    assert Page.objects.filter(depth__gt=1).count() >= 6


def test_home_page_shows_the_current_call(client, demo):
    from pbcert_wagtail.models import CertificationCall

    call = CertificationCall.objects.current()
    html = soup(client.get(demo["home"]["en"].url))
    notice = html.select_one(".notice--open").get_text(" ", strip=True)
    assert f"Applications for {call.year} are open." in notice
