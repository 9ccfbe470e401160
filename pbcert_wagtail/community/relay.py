"""The private contact relay: a visitor's message goes to a practitioner only after the
visitor confirmed their own address, through the outbox, with Reply-To the visitor. The
practitioner's address is never shown to the visitor; every message carries a one-click
"stop receiving messages" link and a "report this message" link."""

from email.utils import formataddr

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import notifications
from ..limits import over_key_limit
from ..models.practitioners import ContactRequest, ContactRequestState, Practitioner
from . import confirmation

EVENT = "practitioner_message"
STOP_SALT = "pbcert.community.stop"
REPORT_SALT = "pbcert.community.report"


def sender_limit_key(practitioner, email):
    return f"contact-sender:{practitioner.translation_key}:{confirmation.address_key(email)}"


def practitioner_limit_key(practitioner):
    return f"contact-practitioner:{practitioner.translation_key}"


@transaction.atomic
def submit(practitioner, name, email, message, language, network=""):
    """Keep the visitor's message and ask them to confirm their address. Returns the row,
    or None when this sender already wrote to this practitioner enough today (nothing is
    kept or sent then)."""
    if over_key_limit(sender_limit_key(practitioner, email), "CONTACT_SENDER_LIMIT"):
        return None
    row = ContactRequest.objects.create(
        practitioner=practitioner,
        name=name,
        email=email.strip(),
        message=message,
        consent_to_share=True,
        language=language,
        sender_network=network[:64],
    )
    confirmation.ask(row)
    return row


def link(name, token, language):
    with translation.override(language):
        return notifications.site_url() + reverse(name, kwargs={"token": token})


def stop_token(practitioner):
    return signing.dumps({"p": str(practitioner.translation_key)}, salt=STOP_SALT)


def read_stop_token(token):
    """The practitioner a stop link is for (never expires: any old message's link works)."""
    try:
        data = signing.loads(token, salt=STOP_SALT)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("p"), str):
        return None
    try:
        return Practitioner.objects.filter(translation_key=data["p"]).first()
    except Exception:  # noqa: BLE001 (a signed but malformed uuid)
        return None


def report_token(row):
    return signing.dumps({"r": row.pk}, salt=REPORT_SALT)


def read_report_token(token):
    try:
        data = signing.loads(token, salt=REPORT_SALT)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("r"), int):
        return None
    return ContactRequest.objects.filter(pk=data["r"], anonymised_at__isnull=True).first()


def stop(practitioner):
    """One click from any message: no more messages to this practitioner, in any language."""
    practitioner.copies().update(accepts_contact=False)


def report(row):
    """The practitioner reports a message: staff may now read it (abuse handling)."""
    ContactRequest.objects.filter(pk=row.pk, reported_at__isnull=True).update(
        reported_at=timezone.now()
    )


def hide(practitioner):
    """Staff hide a practitioner at once, in every language."""
    practitioner.copies().update(hidden=True)


def relay(row):
    """Called once, when the visitor has confirmed (in that transaction): the message to
    the practitioner, unless they stopped accepting messages, were hidden, or had enough
    messages today."""
    practitioner = Practitioner.objects.get(pk=row.practitioner_id)
    contactable = Practitioner.objects.contactable().filter(pk=practitioner.pk).exists()
    if not contactable or over_key_limit(
        practitioner_limit_key(practitioner), "CONTACT_PRACTITIONER_LIMIT"
    ):
        ContactRequest.objects.filter(pk=row.pk).update(state=ContactRequestState.NOT_RELAYED)
        row.state = ContactRequestState.NOT_RELAYED
        return None
    language = practitioner.locale.language_code
    context = {
        "practitioner": practitioner,
        "visitor_name": row.name,
        "visitor_email": row.email,
        "message": row.message,
        "stop_url": link("pbcert:practitioner_stop", stop_token(practitioner), language),
        "report_url": link("pbcert:practitioner_report", report_token(row), language),
    }
    headers = {
        "Reply-To": formataddr((row.name, row.email)),
        "List-Unsubscribe": f"<{context['stop_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    message = notifications.queue(
        EVENT,
        practitioner.email,
        language,
        context,
        headers=headers,
        dedupe_key=f"{EVENT}:{row.pk}",
    )
    row.state, row.relayed_at = ContactRequestState.RELAYED, timezone.now()
    ContactRequest.objects.filter(pk=row.pk).update(state=row.state, relayed_at=row.relayed_at)
    return message


def confirmed_text(row):
    """What the visitor reads after confirming."""
    if row.state == ContactRequestState.RELAYED:
        return _(
            "Thank you: your address is confirmed and your message has been passed on. "
            "The answer will come to your address directly."
        )
    if row.state == ContactRequestState.NOT_RELAYED:
        return _(
            "Your address is confirmed, but the message could not be passed on: this "
            "practitioner is not taking messages at the moment. Please try another one or "
            "try again tomorrow."
        )
    return _("Thank you: your address is confirmed.")
