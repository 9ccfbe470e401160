"""What a verifier checks without trusting the site: each certificate's signed Open
Badges credential (signed once, never changed) and the signed revocation status lists
its credential points to (credentials/certificate.py and credentials/status.py)."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .certificates import Certificate


class StatusList(models.Model):
    """A W3C Bitstring Status List of revocations: one bit per issued credential, at a
    random index, set when its certificate is revoked. Its number makes its address
    stable (/credentials/status/<number>.json); `credential` is the signed
    BitstringStatusListCredential served there, signed again with each revocation in
    the revoking transaction, so a verifier never reads a list older than the site's."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    bits = models.BinaryField(_("bits"))
    credential = models.JSONField(_("signed list"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("revocation status list")
        verbose_name_plural = _("revocation status lists")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}"


class IssuedCredential(models.Model):
    """A certificate's signed OpenBadgeCredential, exactly as signed: one per certificate
    (unique, so two workers rendering at once keep one), returned as stored ever after, so
    the PDF, the download and the baked badge carry the same signed document. Its place
    in a status list (list and index, unique together) is where its revocation is told;
    `uid` is the random part of the credential's own address."""

    certificate = models.OneToOneField(
        Certificate,
        verbose_name=_("certificate"),
        on_delete=models.CASCADE,
        related_name="credential",
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    credential = models.JSONField(_("signed credential"))
    status_list = models.ForeignKey(
        StatusList, on_delete=models.PROTECT, related_name="credentials"
    )
    status_index = models.PositiveIntegerField(_("index in the status list"))
    created_at = models.DateTimeField(default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("signed credential")
        verbose_name_plural = _("signed credentials")
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="pbcert_credential_status_entry"
            )
        ]

    def __str__(self):
        return f"{self.certificate_id}: {self.status_list_id}#{self.status_index}"
