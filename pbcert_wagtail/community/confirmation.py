"""STUB of the shared "confirm your own address" flow, written against the interface in
COMMUNITY.md so that nominations can be built before the practitioners branch lands; it is
deleted before `git merge practitioners` (that branch owns this file)."""

from django.conf import settings
from django.core import signing
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SALT = "pbcert.community.confirm"
MAX_AGE = 7 * 24 * 3600
REGISTERED = {}


class ConfirmedByVisitor(models.Model):
    """A visitor's address that must be confirmed before anything else is sent to it."""

    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        abstract = True

    def on_confirmed(self):
        raise NotImplementedError

    def confirmation_purpose(self):
        raise NotImplementedError


def register(model):
    REGISTERED[model._meta.label_lower] = model
    return model


def make_token(obj):
    return signing.dumps({"m": obj._meta.label_lower, "pk": obj.pk}, salt=SALT, compress=True)


def ask(obj):
    """STUB: records that the confirmation was asked (the real one mails the link)."""
    if obj.confirmation_sent_at is None:
        obj.confirmation_sent_at = timezone.now()
        type(obj).objects.filter(pk=obj.pk).update(confirmation_sent_at=obj.confirmation_sent_at)


def confirm(token):
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    model = REGISTERED.get(data.get("m"))
    if model is None:
        return None
    with transaction.atomic():
        done = model.objects.filter(pk=data.get("pk"), confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
        obj = model.objects.filter(pk=data.get("pk")).first()
        if done and obj is not None:
            obj.on_confirmed()
    return obj
