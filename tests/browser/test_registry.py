"""A visitor reads the registry in both languages, filters it by year, opens a
municipality and a certificate, and follows the address a QR code encodes."""

import pytest

pytestmark = pytest.mark.browser

CERTIFIED = """
from pbcert_wagtail.certificates import issuing
from pbcert_wagtail.models import Municipality
from django.utils import timezone
from django.db import transaction
with transaction.atomic():
    made = issuing.record_paper_certificate(Municipality.objects.get(code="telavi"), timezone.localdate(), None)
    document = issuing.new_document(made)
print(made.number, document.code)
"""


def test_registry_in_both_languages_to_the_verification_page(live_site, page_in, screenshot):
    number, code = live_site.run(CERTIFIED).split()
    page = page_in("ka-GE")
    page.goto(live_site + "/ka/")
    page.get_by_role("navigation", name="მთავარი ნავიგაცია").get_by_role(
        "link", name="სერტიფიცირებული მუნიციპალიტეტები"
    ).click()
    page.wait_for_url("**/ka/reestri/")
    assert "სიღნაღი" in page.inner_text("main") and number in page.inner_text("main")
    screenshot(page, "50-registry-ka")
    page.select_option("#filter-year", "2019")
    page.get_by_role("button", name="ჩვენება").click()
    page.wait_for_url("**year=2019**")
    rows = page.locator("table.registry__table tbody tr")
    assert rows.count() == 8 and number not in page.inner_text("main")
    page.get_by_role("link", name="გორი").click()
    page.wait_for_url("**/municipality/gori/")
    screenshot(page, "51-registry-municipality-ka")
    page.get_by_role("link", name="PB-CERT-2019-003").click()
    page.wait_for_url("**/certificate/PB-CERT-2019-003/")
    assert "ვადაგასული" in page.inner_text("main")
    screenshot(page, "52-registry-certificate-ka")

    english = page_in("en-GB")
    english.goto(live_site + "/en/registry/")
    assert "Sighnaghi" in english.inner_text("main") and "expired" in english.inner_text("main")
    screenshot(english, "53-registry-en")
    english.goto(f"{live_site}/verify/{code}/")  # what the QR code holds
    english.wait_for_url(f"**/en/verify/{code}/")
    assert number in english.inner_text("main") and "Valid until" in english.inner_text("main")
    screenshot(english, "54-verification-en")
