"""Building C1 form posts for tests."""

import re

from django.core import mail

from pbcert_wagtail.models import Application, OutboxMessage


def c1_post(municipality="kutaisi", email="nino@example.org", **overrides):
    data = {
        "municipality": municipality,
        "population": "41 465",
        "office_email": "",
        "office_phone": "",
        "contacts-0-name": "ნინო ბერიძე",
        "contacts-0-role": "სამოქალაქო ბიუჯეტის კოორდინატორი",
        "contacts-0-email": email,
        "contacts-0-phone": "+995 431 00 00 00",
        "pb_running": "yes",
        "pb_since": "2019",
        "standards": ["georgian_standards", "council_regulation"],
        "regulation_date": "2019-03-01",
        "pb_website": "",
        "motivation": "გვინდა სამოქალაქო ბიუჯეტის გაუმჯობესება.",
        "declaration": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def submit(client, page, **overrides):
    return client.post(page.url, c1_post(**overrides))


def link_from(message):
    """The private link in an outbox email."""
    return re.search(r"https?://\S+/application/[\w-]+/", message.body_text).group(0)


def sent_link(recipient):
    """The private link in the last email actually sent to `recipient`."""
    sent = [m for m in mail.outbox if recipient in m.to]
    assert sent, f"nothing was sent to {recipient}"
    return re.search(r"https?://\S+/application/[\w-]+/", sent[-1].body).group(0)


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def latest_email(event, recipient=None):
    rows = OutboxMessage.objects.filter(event=event)
    if recipient:
        rows = rows.filter(recipient=recipient)
    return rows.order_by("-pk").first()


__all__ = [
    "Application",
    "c1_post",
    "latest_email",
    "link_from",
    "mail",
    "path_of",
    "sent_link",
    "submit",
]
