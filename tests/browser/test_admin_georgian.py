"""The admin's main screens in a real browser, in Georgian: no English word of Wagtail's,
Django's or our interface is visible (text, placeholders, labels read aloud, the tab's
title), from the sign-in page to the page editor and the translation editor."""

import json
import re
from pathlib import Path

import polib
import pytest
import wagtail

from .test_decision import login

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = Path(wagtail.__file__).resolve().parents[1]
# Names that are the same in Georgian: the product and the file formats.
SAME_IN_GEORGIAN = {"Wagtail", "CSV", "XLSX", "PDF", "URL", "English", "ID"}

VISIBLE_TEXT = """() => {
  const out = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || element.closest("script, style, template, noscript")) continue;
    if (!element.getClientRects().length) continue;
    if (getComputedStyle(element).visibility === "hidden") continue;
    out.push(node.textContent);
  }
  for (const element of document.querySelectorAll("[placeholder], [aria-label], [title]")) {
    if (!element.getClientRects().length) continue;
    for (const name of ["placeholder", "aria-label", "title"]) {
      if (element.getAttribute(name)) out.push(element.getAttribute(name));
    }
  }
  return out;
}"""


def english_interface():
    """One pattern matching every English msgid of the admin's catalogues in full (a
    placeholder matches anything)."""
    catalogues = [
        *PACKAGES.glob("wagtail/**/locale/en/LC_MESSAGES/*.po"),
        *PACKAGES.glob("wagtail_localize/locale/en/LC_MESSAGES/*.po"),
        *PACKAGES.glob("django/contrib/*/locale/en/LC_MESSAGES/django.po"),
        PACKAGES / "django/conf/locale/en/LC_MESSAGES/django.po",
        ROOT / "pbcert_wagtail/locale/ka/LC_MESSAGES/django.po",
        ROOT / "locale/ka/LC_MESSAGES/django.po",
    ]
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
    msgids = set()
    for path in catalogues:
        for entry in polib.pofile(str(path)):
            for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
                text = " ".join(re.sub(r"<[^>]+>", " ", msgid).split())
                words = placeholder.sub(" ", text)
                if re.search(r"[A-Za-z]{2}", words) and text not in SAME_IN_GEORGIAN:
                    msgids.add(text)
    patterns = sorted(
        (".+".join(map(re.escape, placeholder.split(msgid))) for msgid in msgids),
        key=len,
        reverse=True,
    )
    return re.compile("(?:" + "|".join(patterns) + ")")


def english_on(page, pattern, content=()):
    """The interface's English on the page; `content` is English the page edits."""
    texts = {" ".join(text.split()) for text in page.evaluate(VISIBLE_TEXT)} - set(content)
    return sorted(text for text in texts if text and pattern.fullmatch(text))


def ids(live_site):
    code = (
        "from pbcert_wagtail.models import ProgrammePage, FAQEntry; "
        "ka = ProgrammePage.objects.get(locale__language_code='ka'); "
        "en = ProgrammePage.objects.get(locale__language_code='en'); "
        "faq = FAQEntry.objects.filter(locale__language_code='ka').first(); "
        "print(ka.pk, en.pk, faq.pk, ka.get_parent().pk)"
    )
    return live_site.run(code).split()


def english_content(live_site):
    """What the translation editor shows as the page's English: its translated segments."""
    code = (
        "import json; from wagtail_localize.models import StringTranslation; "
        "texts = StringTranslation.objects.filter(locale__language_code='en')"
        ".values_list('data', flat=True); "
        "print(json.dumps([' '.join(t.split()) for t in texts]))"
    )
    return json.loads(live_site.run(code))


def test_the_admin_main_screens_show_no_english(live_site, page_in, screenshot):
    pattern = english_interface()
    ka, en, faq, home = ids(live_site)
    content = english_content(live_site)
    page = page_in("ka-GE")
    found = {}
    page.goto(live_site + "/admin/login/")
    found["login"] = english_on(page, pattern)
    screenshot(page, "ka-admin-01-login")
    login(page, live_site, "admin")
    screens = {
        "dashboard": "/admin/",
        "applications": "/admin/pbcert_applications/",
        "explorer": f"/admin/pages/{home}/",
        "faq-entry": f"/admin/snippets/pbcert/faqentry/edit/{faq}/",
        "page-editor": f"/admin/pages/{ka}/edit/",
        "translation-editor": f"/admin/pages/{en}/edit/",
        "images": "/admin/images/",
        "account": "/admin/account/",
    }
    for number, (name, path) in enumerate(screens.items(), start=2):
        page.goto(live_site + path)
        page.wait_for_load_state("networkidle")
        found[name] = english_on(page, pattern, content if name == "translation-editor" else ())
        screenshot(page, f"ka-admin-{number:02}-{name}")
    assert {name: texts for name, texts in found.items() if texts} == {}
