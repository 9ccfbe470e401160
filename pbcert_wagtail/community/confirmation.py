"""The shared "confirm your own address" flow of the community forms.

A visitor's request (a message to a practitioner, a question, a nomination) is a
`ConfirmedByVisitor` row. `ask(obj)` mails its address one signed link — the only email
an unconfirmed address ever gets, once per row. The link opens a page with a button (mail
scanners follow links with GET: GET never confirms); its POST runs `confirm(token)`: a
conditional UPDATE sets `confirmed_at` once, whatever the number of simultaneous posts,
then `obj.on_confirmed()` does the real work in the same transaction (emails go through
the outbox, so they leave after commit). Only models passed to `register` can be
confirmed through a link.

    class ContactRequest(ConfirmedByVisitor):
        def on_confirmed(self): ...           # what happens once, after confirmation
        def confirmation_purpose(self): ...   # "your message to Nino (…)"

    register(ContactRequest)
    ask(request_row)
"""

from django.conf import settings
from django.core import signing
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

SALT = "pbcert.community.confirm"
MAX_AGE = 7 * 24 * 3600
EVENT = "address_confirmation"

_registered = {}


class ConfirmedByVisitor(models.Model):
    """Something a visitor asked for that is done only once they confirm their address."""

    email = models.EmailField(_("email"))
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("address confirmed"), null=True, blank=True)

    class Meta:
        abstract = True

    def on_confirmed(self):
        """What happens once, right after the visitor confirmed (in the same transaction)."""
        raise NotImplementedError

    def confirmation_purpose(self):
        """One line saying what is confirmed, e.g. "your message to Nino (…)"."""
        raise NotImplementedError

    def confirmed_text(self):
        """What the page says once confirmed (subclasses may say more)."""
        return _("Thank you: your address is confirmed.")

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


def register(model):
    """Allow rows of `model` (a ConfirmedByVisitor) to be confirmed through a link; usable
    as a class decorator."""
    if not issubclass(model, ConfirmedByVisitor):
        raise TypeError(f"{model} is not a ConfirmedByVisitor")
    _registered[model._meta.label_lower] = model
    return model


def registered(label):
    return _registered.get(label)


def _fingerprint(obj):
    # Binds the link to the address too: a reused pk or a changed address never matches.
    return salted_hmac(SALT, f"{obj.pk}:{obj.email.lower()}").hexdigest()[:16]


def make_token(obj):
    label = obj._meta.label_lower
    if registered(label) is None:
        raise ValueError(f"{label} is not registered for confirmation")
    return signing.dumps({"m": label, "k": obj.pk, "f": _fingerprint(obj)}, salt=SALT)


def read_token(token):
    """The row a signed, unexpired link names, or None (wrong, forged, expired, unregistered)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    model = registered(data.get("m"))
    if model is None or not isinstance(data.get("k"), int):
        return None
    obj = model._default_manager.filter(pk=data["k"]).first()
    if obj is None or not obj.email or data.get("f") != _fingerprint(obj):
        return None
    return obj


def confirm_url(obj):
    """The link of the email, in the visitor's language."""
    from .. import notifications

    with translation.override(obj.language):
        path = reverse("pbcert:confirm_address", kwargs={"token": make_token(obj)})
    return notifications.site_url() + path


def dedupe_key(obj):
    return f"{EVENT}:{obj._meta.label_lower}:{obj.pk}"


def address_key(email):
    """An address as limits and logs may keep it: a keyed hash, not the address."""
    return salted_hmac(SALT, email.strip().lower()).hexdigest()[:24]


def already_asked(obj):
    from ..notifications import already_queued

    return bool(already_queued([dedupe_key(obj)]))


class TooManyConfirmations(Exception):
    """The address had its day's confirmation links: the form says so next to it."""


def ask(obj):
    """Mail `obj.email` the link to confirm (in `obj.language`), once per row and at most
    PBCERT["CONFIRMATION_EMAIL_LIMIT"] a day to one address (then TooManyConfirmations);
    returns the outbox row, or None when nothing was sent (already sent or confirmed)."""
    from .. import notifications
    from ..limits import over_key_limit

    if obj.confirmed_at is not None or already_asked(obj):
        return None
    if over_key_limit(f"confirm-mail:{address_key(obj.email)}", "CONFIRMATION_EMAIL_LIMIT"):
        # This address got enough of them today, so the forms cannot flood it; the caller's
        # transaction then keeps nothing of what could never be confirmed.
        raise TooManyConfirmations(
            _(
                "We have already sent several confirmation links to this address today. "
                "Please use one of them, or try again tomorrow."
            )
        )
    with transaction.atomic():
        with translation.override(obj.language):
            purpose = str(obj.confirmation_purpose())
        context = {"confirm_url": confirm_url(obj), "purpose": purpose}
        message = notifications.queue(
            EVENT, obj.email, obj.language, context, dedupe_key=dedupe_key(obj)
        )
        if message is not None:
            obj.confirmation_sent_at = timezone.now()
            type(obj)._default_manager.filter(pk=obj.pk).update(
                confirmation_sent_at=obj.confirmation_sent_at
            )
    return message


def confirm(token):
    """Confirm the row the link names: `confirmed_at` is set once (a conditional UPDATE),
    and only the request that set it runs `on_confirmed()`. Returns the row (with
    `just_confirmed` True or False), or None for a wrong or expired link."""
    obj = read_token(token)
    if obj is None:
        return None
    model = type(obj)
    with transaction.atomic():
        now = timezone.now()
        won = model._default_manager.filter(pk=obj.pk, confirmed_at__isnull=True).update(
            confirmed_at=now
        )
        obj.refresh_from_db()
        obj.just_confirmed = bool(won)
        if won:
            obj.on_confirmed()
    return obj
