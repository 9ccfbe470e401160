"""A visitor finds the demo's Participation Academy alumna in Georgian, writes to her,
confirms their own address from the mailed link (a page with a button: opening it confirms
nothing), and the message reaches her through the outbox with Reply-To the visitor; her
address is in no page the visitor saw and in none of the visitor's emails."""

import email
import json
import re
from email import policy
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

VISITOR = "levan-browser-visitor@example.org"
ALUMNA = "თამარ გელაშვილი"
ALUMNA_EMAIL = "tamar.practitioner@example.org"  # home/management/commands/load_initial_data.py
DIRECTORY = "/ka/sertifitsireba/praktikosebi/"

STATE = """
import json
from pbcert_wagtail.models import ContactRequest, OutboxMessage
row = ContactRequest.objects.get(email="{visitor}")
sent = OutboxMessage.objects.filter(event="practitioner_message")
print(json.dumps({{"confirmed": row.confirmed_at is not None, "state": row.state,
                   "relayed": sent.count()}}))
"""

PRACTITIONER_MESSAGE = """
import json
from pbcert_wagtail.models import OutboxMessage
message = OutboxMessage.objects.get(event="practitioner_message")
print(json.dumps({"recipient": message.recipient, "headers": message.headers,
                  "status": message.status, "body": message.body_text}))
"""


def delivered(mail_dir):
    """Every email the site delivered (the file backend), oldest first, parsed."""
    files = sorted(mail_dir.glob("*.log"), key=lambda path: path.stat().st_mtime)
    messages = []
    for path in files:
        for raw in path.read_text(errors="replace").split("-" * 79):
            if raw.strip():
                parsed = email.message_from_bytes(raw.strip().encode(), policy=policy.default)
                messages.append((raw, parsed))
    return messages


def mailbox(mail_dir, recipient):
    """The emails addressed To `recipient` (not those merely naming it in Reply-To)."""
    return [
        (raw, message)
        for raw, message in delivered(mail_dir)
        if recipient in str(message.get("To", ""))
    ]


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def test_a_visitor_writes_to_an_academy_alumna_in_georgian(live_site, page_in, screenshot):
    seen = []  # the HTML of every page the visitor was shown
    page = page_in("ka-GE")
    page.goto(live_site + "/ka/")  # from the programme page's call to action
    page.locator("nav").get_by_role("link", name="მუნიციპალიტეტის სერტიფიცირება").first.click()
    page.locator(".cta", has_text="დაუკავშირდით პრაქტიკოსს").get_by_role("link").click()
    page.wait_for_url(f"**{DIRECTORY}")
    assert page.get_attribute("html", "lang") == "ka"
    assert page.inner_text("h1") == "პრაქტიკოსები"
    seen.append(page.content())

    # Filter: alumni of the Participation Academy, in Kakheti, who speak Georgian.
    page.get_by_label("ვინ", exact=True).select_option(
        label="„მონაწილეობის აკადემიის“ კურსდამთავრებული"
    )
    page.get_by_label("რეგიონი", exact=True).select_option("kakheti")
    page.get_by_label("საუბრობს", exact=True).select_option(label="ქართული")
    page.get_by_role("button", name="ჩვენება", exact=True).click()
    page.wait_for_url(re.compile(r"/praktikosebi/\?.*kind=alumnus"))
    names = page.locator(".practitioner h2").all_inner_texts()
    assert names == [ALUMNA], names
    assert "კურსდამთავრებული" in page.inner_text(".practitioner__kind")
    seen.append(page.content())
    screenshot(page, "80-practitioners-filtered-ka")

    page.get_by_role("link", name=f"მიწერა: {ALUMNA}").click()
    page.wait_for_url("**/ka/practitioners/*/contact/")
    assert page.inner_text("h1") == f"მიწერა: {ALUMNA}"
    seen.append(page.content())
    page.get_by_label("თქვენი სახელი").fill("ლევან ბერიძე")
    page.get_by_label("თქვენი ელფოსტა").fill(VISITOR)
    page.get_by_label("თქვენი წერილი").fill(
        "გამარჯობა! როგორ მოამზადეთ სამოქალაქო ბიუჯეტის პირველი კენჭისყრა?"
    )
    page.get_by_label("თანახმა ვარ, ჩემი სახელი და ელფოსტა გადაეცეს ამ პრაქტიკოსს").check()
    page.locator("main").get_by_role("button", name="გაგზავნა", exact=True).click()
    page.wait_for_url("**/contact/?sent=1")
    assert "შეამოწმეთ ელფოსტა" in page.inner_text("main")
    seen.append(page.content())
    screenshot(page, "81-practitioner-contact-sent-ka")

    # Only the visitor was mailed so far: the link to confirm their own address.
    assert json.loads(live_site.run(STATE.format(visitor=VISITOR)))["relayed"] == 0
    visitor_mail = mailbox(live_site.mail_dir, VISITOR)
    assert len(visitor_mail) == 1
    link = re.search(r"https?://\S+/ka/confirm-address/[\w:.-]+/", text_of(visitor_mail[0][1]))
    assert link, text_of(visitor_mail[0][1])

    # Opening the link (as a mail scanner would) shows a button and confirms nothing.
    page.goto(live_site + urlparse(link.group(0)).path)
    assert page.inner_text("h1") == "დაადასტურეთ თქვენი მისამართი"
    assert ALUMNA in page.inner_text("main")
    button = page.get_by_role("button", name="დიახ, ვადასტურებ ჩემს მისამართს")
    assert button.is_visible()
    seen.append(page.content())
    screenshot(page, "82-confirm-address-ka")
    state = json.loads(live_site.run(STATE.format(visitor=VISITOR)))
    assert state == {"confirmed": False, "state": "waiting", "relayed": 0}, state

    button.click()
    page.wait_for_load_state()
    confirmed = page.inner_text(".notice--open")
    assert "მისამართი დადასტურებულია და წერილი გადაეცა" in confirmed, confirmed
    assert page.get_by_role("button", name="დიახ, ვადასტურებ ჩემს მისამართს").count() == 0
    seen.append(page.content())
    screenshot(page, "83-address-confirmed-ka")
    state = json.loads(live_site.run(STATE.format(visitor=VISITOR)))
    assert state["confirmed"] and state["state"] == "relayed" and state["relayed"] == 1, state

    # The practitioner's email, from the outbox: to her, Reply-To the visitor.
    sent = json.loads(live_site.run(PRACTITIONER_MESSAGE))
    assert sent["recipient"] == ALUMNA_EMAIL
    assert sent["status"] == "sent"
    assert VISITOR in sent["headers"]["Reply-To"]
    assert "პირველი კენჭისყრა" in sent["body"]
    # And as delivered: the Reply-To header is on the email she gets.
    (_raw, delivered_to_her), *_ = mailbox(live_site.mail_dir, ALUMNA_EMAIL)
    assert VISITOR in str(delivered_to_her["Reply-To"])
    assert VISITOR not in str(delivered_to_her["To"])

    # Her address: in none of the pages the visitor saw, in none of the visitor's emails.
    for html in seen:
        assert ALUMNA_EMAIL not in html
        assert ".practitioner@example.org" not in html  # nor any practitioner's
    visitor_mail = mailbox(live_site.mail_dir, VISITOR)
    assert visitor_mail  # the confirmation link (the answer comes from her, not the site)
    for raw, message in visitor_mail:
        assert ALUMNA_EMAIL not in raw
        assert ALUMNA_EMAIL not in text_of(message)
