"""Subscribing to the next call: signed links, double opt-in, one notice per call."""

from itertools import groupby
from operator import attrgetter

from django.core import signing
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation

from . import notifications
from .certificates.expiry import call_opened_key, tell_holders
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


def link(subscription, name, action=None, token=None):
    """The address of the view `name` in the subscriber's language, signed for `action`."""
    token = token or (make_token(subscription, action) if action else None)
    kwargs = {"token": token} if token else {}
    with translation.override(subscription.language):
        return notifications.site_url() + reverse(name, kwargs=kwargs)


def subscriber_email(subscription, event, context, dedupe_key=None, token=None):
    """An email to a subscriber, for `notifications.queue_many`, with a one-click unsubscribe
    (signed for the subscription, or carrying `token`)."""
    url = link(subscription, "pbcert:unsubscribe", "unsubscribe", token)
    headers = {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    context = {**context, "unsubscribe_url": url}
    return notifications.build(
        event, subscription.email, subscription.language, context, None, headers, dedupe_key
    )


@transaction.atomic
def subscribe(email, language):
    """Ask `email` to confirm. Confirmed addresses get nothing; at most one confirmation a day."""
    email = email.strip().lower()
    subscription, _created = CallSubscription.objects.get_or_create(
        email=email, defaults={"language": language}
    )
    now, sent = timezone.now(), subscription.confirmation_sent_at
    if subscription.unsubscribed_at:
        subscription.unsubscribed_at = None
        subscription.confirmed_at = None
    if subscription.confirmed_at or (sent and (now - sent).days < 1):
        return subscription
    subscription.language = language
    subscription.confirmation_sent_at = now
    subscription.save()
    # The only email an unconfirmed address ever gets.
    context = {"confirm_url": link(subscription, "pbcert:subscription_confirm", "confirm")}
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


def notify_open_call(chunk=500):
    """The job, every minute: tell those who hold a current or recent certificate (with
    their private link), then every confirmed subscriber, that the current call is open —
    one email per address and call (the dedupe key). A chunk of subscribers per short
    transaction, so that other requests never wait long. Returns how many were queued."""
    call = CertificationCall.objects.current()
    if call is None:
        return 0
    with notifications.batched():
        queued = tell_holders(call)
    told = OutboxMessage.objects.filter(
        dedupe_key__startswith=f"call_opened:{call.pk}:", recipient=OuterRef("email")
    )
    confirmed = CallSubscription.objects.filter(
        confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ).filter(~Exists(told))
    after = 0
    while waiting := list(confirmed.filter(pk__gt=after).order_by("pk")[:chunk]):
        with transaction.atomic():
            queued += len(notifications.queue_many(list(calls_opened(waiting, call))))
        after = waiting[-1].pk
    return queued


PLACEHOLDER = "pbcert-unsubscribe-token"
FIELDS = [f for f in OutboxMessage._meta.concrete_fields if not f.primary_key]


def calls_opened(subscriptions, call):
    """The notice that `call` is open, for each subscriber: rendered once per language,
    then given each subscriber's address, unsubscribe link and dedupe key."""
    for language, group in groupby(
        sorted(subscriptions, key=attrgetter("language")), attrgetter("language")
    ):
        group = list(group)
        context = {"call": call, "apply_url": link(group[0], "pbcert:apply_redirect")}
        context["note"] = in_language(call, "note", language)
        shared = subscriber_email(group[0], "call_opened", context, token=PLACEHOLDER)
        for subscription in group:
            token = make_token(subscription, "unsubscribe")
            message = OutboxMessage(**{f.attname: getattr(shared, f.attname) for f in FIELDS})
            message.recipient = subscription.email
            message.dedupe_key = call_opened_key(call, subscription.email)
            message.message_id = notifications.new_message_id(message)
            for field in ("body_text", "body_html"):
                setattr(message, field, getattr(shared, field).replace(PLACEHOLDER, token))
            message.headers = {
                key: value.replace(PLACEHOLDER, token) for key, value in shared.headers.items()
            }
            yield message
