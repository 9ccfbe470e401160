"""Subscribing to the next call: signed links, double opt-in, one notice per call."""

from django.core import signing
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone, translation

from . import notifications
from .i18n import in_language
from .models import CallSubscription, CertificationCall, OutboxMessage

SALT = "pbcert.subscription"
CONFIRM_MAX_AGE = 14 * 24 * 3600


def make_token(subscription, action):
    return signing.dumps({"s": subscription.pk, "a": action}, salt=SALT, compress=True)


def read_token(token, action):
    """The subscription a signed link is for, or None."""
    max_age = CONFIRM_MAX_AGE if action == "confirm" else None
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if data.get("a") == action:
        return CallSubscription.objects.filter(pk=data.get("s")).first()


def link(subscription, action):
    name = "pbcert:subscription_confirm" if action == "confirm" else "pbcert:unsubscribe"
    with translation.override(subscription.language):
        path = reverse(name, kwargs={"token": make_token(subscription, action)})
    return notifications.site_url() + path


def subscriber_email(subscription, event, context, dedupe_key=None):
    """An email to a subscriber, built for `notifications.queue_many`, with the one-click
    unsubscribe link in its headers and its text."""
    url = link(subscription, "unsubscribe")
    headers = {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    context = {**context, "unsubscribe_url": url}
    return notifications.build(
        event, subscription.email, subscription.language, context, subscription, headers, dedupe_key
    )


@transaction.atomic
def subscribe(email, language):
    """Ask `email` to confirm. Confirmed addresses get nothing; at most one confirmation a day."""
    email = email.strip().lower()
    subscription, created = CallSubscription.objects.get_or_create(
        email=email, defaults={"language": language}
    )
    now = timezone.now()
    if subscription.unsubscribed_at:
        subscription.unsubscribed_at = None
        subscription.confirmed_at = None
    if subscription.confirmed_at:
        return subscription
    recently = (
        subscription.confirmation_sent_at and (now - subscription.confirmation_sent_at).days < 1
    )
    if recently and not created:
        return subscription
    subscription.language = language
    subscription.confirmation_sent_at = now
    subscription.save()
    # The only email an unconfirmed address ever gets.
    context = {"confirm_url": link(subscription, "confirm")}
    notifications.queue_many([subscriber_email(subscription, "subscription_confirm", context)])
    return subscription


def confirm(subscription):
    if subscription.confirmed_at is None or subscription.unsubscribed_at:
        subscription.confirmed_at = timezone.now()
        subscription.unsubscribed_at = None
        subscription.save(update_fields=["confirmed_at", "unsubscribed_at"])


def unsubscribe(subscription):
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])


def notify_open_call(batch_size=200):
    """Tell confirmed subscribers that the current call is open: once each (the email's
    dedupe key), a batch per run. Returns how many were queued."""
    call = CertificationCall.objects.current()
    if call is None:
        return 0
    told = OutboxMessage.objects.filter(
        dedupe_key=Concat(Value(f"call_opened:{call.pk}:"), Cast(OuterRef("pk"), CharField()))
    )
    waiting = (
        CallSubscription.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)
        .filter(~Exists(told))
        .order_by("pk")[:batch_size]
    )
    messages = [call_opened(sub, call) for sub in waiting]
    return notifications.queue_many(messages) if messages else 0


def call_opened(subscription, call):
    """The notice that `call` is open: once per subscriber per call."""
    with translation.override(subscription.language):
        apply_url = notifications.site_url() + reverse("pbcert:apply_redirect")
    context = {"call": call, "apply_url": apply_url}
    context["note"] = in_language(call, "note", subscription.language)
    key = f"call_opened:{call.pk}:{subscription.pk}"
    return subscriber_email(subscription, "call_opened", context, key)
