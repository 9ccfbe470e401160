"""The page a certificate's QR code opens: is this printed document genuine, and is the
certificate valid today? Public, so it shows only what the certificate itself prints."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from ..certificates.codes import grouped, normalise
from ..limits import over_limit, with_retry_after
from ..models import CertificateDocument, OrganisationSettings
from ..models.certificates import tbilisi_today


def noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Vary"] = "Accept, Accept-Language, Cookie"
    return response


@never_cache
def verify(request, code):
    """One overall state (revoked > expired > not yet valid > valid), the facts printed on
    the certificate, and whether this document was replaced by a newer one."""
    if over_limit(request, "verify", "VERIFY_RATE_LIMIT"):
        page = render(request, "pbcert_wagtail/verification/limited.html", status=429)
        return noindex(with_retry_after(request, page))
    document = (
        CertificateDocument.objects.select_related("certificate__municipality", "certificate__call")
        .filter(code=normalise(code))
        .first()
        if normalise(code)
        else None
    )
    if document is None:
        page = render(request, "pbcert_wagtail/verification/not_found.html", status=404)
        return noindex(page)
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
