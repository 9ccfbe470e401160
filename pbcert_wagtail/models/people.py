"""The programme's people: the invitation that brought an expert, a consortium member or a
colleague on staff into the admin (their account itself is Django's user)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Invitation(models.Model):
    """Staff invited this person by email: who did, in which language, when it was last
    sent, and when the person chose their password through its link. The account stays
    without a usable password until then. Its permissions say who manages people."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="pbcert_invitation",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    times_sent = models.PositiveIntegerField(default=0)
    accepted_at = models.DateTimeField(_("password chosen"), null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        default_permissions = ()
        permissions = [
            (
                "manage_people",
                _("Can invite, deactivate and reactivate experts and consortium members"),
            ),
            ("invite_staff", _("Can invite, deactivate and reactivate programme staff")),
        ]

    def __str__(self):
        return str(self.user)
