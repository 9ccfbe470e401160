"""A municipality applies in Georgian, follows its private link, and staff confirm it."""

import re
import sqlite3
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser


def outbox_row(database, event, recipient):
    """What the outbox holds: the email's status and its stored (link-masked) text."""
    with sqlite3.connect(database) as connection:
        row = connection.execute(
            "SELECT status, body_text FROM pbcert_outboxmessage WHERE event = ? AND recipient = ? "
            "ORDER BY id DESC LIMIT 1",
            (event, recipient),
        ).fetchone()
    assert row, f"no {event} email to {recipient} in the outbox"
    return row


def mailbox(mail_dir, recipient):
    """Every email delivered to `recipient`, oldest first, as raw text."""
    files = sorted(mail_dir.glob("*.log"), key=lambda path: path.stat().st_mtime)
    messages = []
    for path in files:
        for raw in path.read_text(errors="replace").split("-" * 79):
            if f"To: {recipient}" in raw:
                messages.append(raw)
    return messages


def decoded(raw):
    import email
    from email import policy

    message = email.message_from_bytes(raw.strip().encode("utf-8"), policy=policy.default)
    return message.get_body(preferencelist=("plain",)).get_content()


def test_apply_follow_the_link_and_staff_confirm(live_site, page_in, screenshot):
    page = page_in("ka-GE")
    page.goto(live_site + "/ka/")
    page.get_by_role("navigation", name="მთავარი ნავიგაცია").get_by_role(
        "link", name="განაცხადის ფორმა C1"
    ).click()
    page.wait_for_url("**/ka/gantskhadi/")

    # A first try with mistakes: errors show next to the fields, in Georgian.
    page.select_option("select[name=municipality]", "zugdidi")
    page.fill("input[name=population]", "ორმოცი")
    page.click("button[type=submit]")
    assert "ჩაწერეთ რიცხვი" in page.inner_text('[data-key="population"] .field__errors')
    assert page.locator('[data-key="declaration"] .field__errors').count() == 1
    screenshot(page, "10-apply-errors-ka")

    page.fill("input[name=population]", "105 000")
    page.fill("input[name='contacts-0-name']", "თამარ კაპანაძე")
    page.fill("input[name='contacts-0-role']", "მერიის წარმომადგენელი")
    page.fill("input[name='contacts-0-email']", "zugdidi@example.org")
    page.check("input[name=pb_running][value=yes]")
    page.check("input[name=standards][value=georgian_standards]")
    page.fill("textarea[name=motivation]", "გვინდა პროცესის გაუმჯობესება.")
    page.check("input[name=declaration]")
    page.click("button[type=submit]")
    page.wait_for_url("**/ka/gantskhadi/?sent=1")
    reference = re.search(r"PB-\d{4}-\d{3}", page.inner_text("main")).group(0)
    screenshot(page, "11-apply-sent-ka")

    # The worker sent the email; the outbox keeps a copy with the link masked.
    status, stored = outbox_row(live_site.database, "application_received", "zugdidi@example.org")
    assert status == "sent"
    assert "/application/…/" in stored
    # The private link, as the applicant reads it in the email.
    body = decoded(mailbox(live_site.mail_dir, "zugdidi@example.org")[0])
    link = re.search(r"https?://\S+/ka/application/[\w-]+/", body).group(0)
    status_url = live_site + urlparse(link).path
    page.goto(status_url)
    assert page.inner_text("h1") == "ზუგდიდი"
    assert "ელოდება დადასტურებას" in page.inner_text(".status-badge")
    screenshot(page, "12-status-awaiting-ka")

    # Staff confirm in the admin.
    staff = page_in("en-GB")
    staff.goto(live_site + "/admin/login/")
    staff.fill("input[name=username]", "admin")
    staff.fill("input[name=password]", "pbcert-demo")
    staff.click("button[type=submit]")
    staff.wait_for_url("**/admin/")
    staff.goto(live_site + "/admin/pbcert_applications/")
    staff.get_by_role("link", name=reference).click()
    staff.wait_for_url("**/review/**")
    staff.fill("textarea[name=comment]", "Talked to the City Hall.")
    staff.locator("#next-steps").get_by_role(
        "button", name="Confirm that the process starts"
    ).click()
    staff.wait_for_load_state()
    assert "Email on its way to the applicant." in staff.inner_text(".messages")
    screenshot(staff, "13-admin-confirmed")

    page.goto(status_url)
    assert "ანკეტა გახსნილია" in page.inner_text(".status-badge")
    assert "დადასტურდა" in page.inner_text(".timeline")
    screenshot(page, "14-status-confirmed-ka")
    confirmation = decoded(mailbox(live_site.mail_dir, "zugdidi@example.org")[-1])
    assert "ანკეტის ჩაბარების ბოლო დღე" in confirmation
