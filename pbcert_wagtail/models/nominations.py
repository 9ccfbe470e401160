"""Nominations: anyone may suggest that a municipality takes part; staff review, and an
approved nomination invites the municipality, at its official address, once per call."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..community.confirmation import ConfirmedByVisitor, register
from .calls import CertificationCall
from .municipalities import Municipality


class NominationStatus(models.TextChoices):
    PENDING = "pending", _("waiting for review")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


@register
class Nomination(ConfirmedByVisitor):
    """A visitor's suggestion that `municipality` should apply, and why. The nominator's
    email is optional; it is confirmed before anything is sent to it, staff never see it,
    and it is removed after PBCERT["NOMINATION_DAYS"]. Nothing is ever sent to the
    municipality from here but the invitation to its official address (MunicipalityInvitation)."""

    # Optional here (the base class requires it): a nomination without an address is
    # reviewed all the same, its nominator just hears nothing back.
    email = models.EmailField(_("email"), blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    reason = models.TextField(_("why this municipality"), max_length=2000)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NominationStatus.choices,
        default=NominationStatus.PENDING,
        db_index=True,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    invitation = models.ForeignKey(
        "pbcert.MunicipalityInvitation",
        verbose_name=_("invitation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
    )
    anonymised_at = models.DateTimeField(_("nominator's address removed"), null=True, blank=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return str(_("Nomination of %(municipality)s") % {"municipality": self.municipality})

    def confirmation_purpose(self):
        return _("your nomination of %(municipality)s") % {"municipality": self.municipality}

    def on_confirmed(self):
        """Once confirmed, a nominator whose nomination was already reviewed hears back."""
        from ..community import nominations

        nominations.tell_nominator(self)


class MunicipalityInvitation(models.Model):
    """The one invitation to apply that a municipality gets for a call, however many
    nominations name it: the unique constraint is what makes it one, also when two staff
    approve two nominations at the same moment."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    call = models.ForeignKey(
        CertificationCall,
        verbose_name=_("call"),
        on_delete=models.PROTECT,
        related_name="municipality_invitations",
    )
    sent_to = models.EmailField(_("sent to (official address)"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation to apply")
        verbose_name_plural = _("invitations to apply")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "call"], name="pbcert_one_invitation_per_call"
            )
        ]

    def __str__(self):
        return f"{self.municipality} · {self.call}"
