"""A visitor's walk through the demo site in a real browser."""

import json
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser


def faq_anchors(page):
    return page.eval_on_selector_all(".faq__entry", "els => els.map(e => e.id)")


def test_visitor_walks_from_root_to_faq_and_switches_to_english(live_site, page_in, screenshot):
    page = page_in("ka-GE")
    requested_hosts = set()
    page.on("request", lambda request: requested_hosts.add(urlparse(request.url).hostname))

    page.goto(live_site + "/")
    assert urlparse(page.url).path == "/ka/"
    assert page.get_attribute("html", "lang") == "ka"
    assert page.inner_text("h1") == "სამოქალაქო ბიუჯეტის სერტიფიცირება"
    screenshot(page, "01-home-ka")

    page.get_by_role("navigation", name="მთავარი ნავიგაცია").get_by_role(
        "link", name="მუნიციპალიტეტის სერტიფიცირება"
    ).click()
    page.wait_for_url("**/ka/sertifitsireba/")
    assert page.inner_text("h1") == "მუნიციპალიტეტის სერტიფიცირება"
    assert page.locator("ol.steps > li").count() == 6
    assert page.locator("iframe").count() == 0  # the video waits for the visitor
    screenshot(page, "02-programme-ka")

    page.get_by_role("navigation", name="მთავარი ნავიგაცია").get_by_role(
        "link", name="ხშირად დასმული კითხვები"
    ).click()
    page.wait_for_url("**/ka/kitkhvebi/")
    georgian_anchors = faq_anchors(page)
    structured = json.loads(page.inner_text('script[type="application/ld+json"]'))
    assert len(structured["mainEntity"]) == len(georgian_anchors) >= 12
    page.locator(".faq__toc a[href='#costs']").click()
    assert page.url.endswith("#costs")
    screenshot(page, "03-faq-ka")

    page.get_by_role("navigation", name="ენა").get_by_role("link", name="English").click()
    page.wait_for_url("**/en/faq/")
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("h1") == "Frequently asked questions"
    # The same page: same questions (anchors) in the same order, and it points back.
    assert faq_anchors(page) == georgian_anchors
    assert page.get_attribute('link[hreflang="ka"]', "href").endswith("/ka/kitkhvebi/")
    screenshot(page, "04-faq-en")

    page.get_by_role("navigation", name="Language").get_by_role("link", name="ქართული").click()
    page.wait_for_url("**/ka/kitkhvebi/")

    assert requested_hosts == {"127.0.0.1"}, "no third-party request on any page"


@pytest.mark.parametrize(
    "locale, landing", [("en-GB", "/en/"), ("fr-FR", "/ka/"), ("ka-GE", "/ka/")]
)
def test_root_follows_the_browser_language_georgian_when_unsure(
    live_site, page_in, locale, landing
):
    page = page_in(locale)
    page.goto(live_site + "/")
    assert urlparse(page.url).path == landing


def test_keyboard_user_can_skip_to_content(live_site, page_in):
    page = page_in("en-GB")
    page.goto(live_site + "/en/certification/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    assert page.evaluate("document.activeElement.innerText") == "Skip to content"
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#main'")
    assert page.evaluate("document.activeElement.id") == "main"


def test_georgian_text_renders_with_a_georgian_font(live_site, page_in, screenshot):
    page = page_in("ka-GE")
    page.goto(live_site + "/ka/sertifitsireba/")
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    loaded = page.evaluate(
        "Array.from(document.fonts).filter("
        "f => f.family.includes('Noto Sans Georgian') && f.status === 'loaded').length"
    )
    assert loaded >= 1  # the bundled font was fetched from this site and used
    width = page.evaluate(
        "(() => { const s = document.querySelector('h1'); return s.getBoundingClientRect().width; })()"
    )
    assert width > 100  # glyphs, not an empty line
    screenshot(page, "05-programme-ka-font")
