"""The page a certificate's QR code opens: is this printed document genuine, and is the
certificate valid today? Public, so it shows only what the certificate itself prints."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from ..certificates.codes import grouped, normalise
from ..limits import over_limit, with_retry_after
from ..models import CertificateDocument, OrganisationSettings
from ..models.certificates import tbilisi_today

NOT_FOUND = (
    _("Certificate not found"),
    _(
        "No certificate document has this verification code. Check the code printed under "
        "the QR code, letter by letter."
    ),
)
TOO_MANY = (
    _("Too many checks"),
    _("Too many certificates were checked from your address. Please try again in a few minutes."),
)


def message(request, heading, text, status):
    context = {"heading": heading, "text": text}
    return render(request, "pbcert_wagtail/verification/message.html", context, status=status)


def noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Vary"] = "Accept, Accept-Language, Cookie"
    return response


@never_cache
def verify(request, code):
    """One overall state (revoked > expired > not yet valid > valid), the facts printed on
    the certificate, and whether this document was replaced by a newer one."""
    if over_limit(request, "verify", "VERIFY_RATE_LIMIT"):
        return noindex(with_retry_after(request, message(request, *TOO_MANY, status=429)))
    document = (
        CertificateDocument.objects.select_related("certificate__municipality", "certificate__call")
        .filter(code=normalise(code))
        .first()
        if normalise(code)
        else None
    )
    if document is None:
        return noindex(message(request, *NOT_FOUND, status=404))
    certificate = document.certificate
    today = tbilisi_today()
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    context = {
        "certificate": certificate,
        "document": document,
        "code": grouped(document.code),
        "state": certificate.state(today),
        "today": today,
        "issuer": OrganisationSettings.for_site(site) if site else None,
        "site_name": site.site_name if site else "",
    }
    return noindex(render(request, "pbcert_wagtail/verification/certificate.html", context))
