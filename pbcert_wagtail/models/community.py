"""People around the programme: subscribers to the next call."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CallSubscription(models.Model):
    """An address that wants to hear when a call opens (double opt-in: only the confirmation
    email goes to it until it is confirmed)."""

    email = models.EmailField(_("email"), unique=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("subscribed"), default=timezone.now)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("call subscription")
        verbose_name_plural = _("call subscriptions")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email
