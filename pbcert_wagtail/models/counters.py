"""Counters that stay exact when requests arrive together: a row per key, raised with F()
inside a transaction (the row is locked until it commits), read back in the same one."""

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _


def increment(model, field, using="default", **key):
    """Raise `field` of the `model` row with `key` by one (making the row if needed) and
    return the new value, which no one else was given."""
    with transaction.atomic(using=using):
        manager = model.objects.using(using)
        manager.get_or_create(**key)  # a racing create is caught inside get_or_create
        manager.filter(**key).update(**{field: F(field) + 1})
        return manager.filter(**key).values_list(field, flat=True).get()


class RateLimitCount(models.Model):
    """The posts of one limited key (a form and an address) in one time window, counted in
    the database so that every process shares one exact count."""

    key = models.CharField(_("key"), max_length=200)
    window_start = models.DateTimeField(_("window start"))
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("rate limit count")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "window_start"], name="pbcert_one_count_per_window"
            )
        ]
        indexes = [models.Index(fields=["window_start"], name="pbcert_ratelimit_window")]

    def __str__(self):
        return f"{self.key} @ {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
