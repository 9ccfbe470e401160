"""The page a certificate's QR code opens, and the form where a number and a code are
typed: is this printed document genuine, and is the certificate valid today? Public, so
it shows only what the certificate itself prints; the same address answers JSON to
`Accept: application/json`. Look-ups are limited per address, so codes (80 random bits)
cannot be tried one after another.

The page also offers the certificate's signed credential (credential.json, or the same
address with `Accept: application/vc+ld+json` / `application/ld+json`; with the code, as
the PDF carrying it) and shows the checks a verifier makes on it, with the status list
read from our database: a revocation shows in the same request."""

import re

from django import forms
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from .. import notifications
from ..certificates.codes import grouped, normalise
from ..credentials import attach
from ..credentials import status as status_lists
from ..credentials import verify as verifier
from ..credentials.certificate import signed_credential
from ..limits import over_limit, with_retry_after
from ..models import CertificateDocument, CertificateState, OrganisationSettings
from ..models.certificates import TBILISI, tbilisi_today

NOT_FOUND = (
    _("Certificate not found"),
    _(
        "No certificate document has this verification code. Check the code printed under "
        "the QR code, letter by letter."
    ),
)
NO_MATCH = _("No certificate has this number with this code. Check both, letter by letter.")
TOO_MANY = (
    _("Too many checks"),
    _("Too many certificates were checked from your address. Please try again in a few minutes."),
)


CREDENTIAL_TYPES = ("application/vc+ld+json", "application/ld+json")


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def wanted_credential_type(request):
    """The credential's media type the request asks for by name, or None."""
    asked = [
        part.split(";")[0].strip().lower()
        for part in request.headers.get("Accept", "").split(",")
        if not re.search(r";\s*q\s*=\s*0(\.0*)?\s*(;|$)", part)  # q=0: "not this one"
    ]
    return next((kind for kind in asked if kind in CREDENTIAL_TYPES), None)


def noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Vary"] = "Accept, Accept-Language, Cookie"
    return response


def message(request, heading, text, status):
    if wants_json(request) or wanted_credential_type(request):
        return noindex(JsonResponse({"error": str(heading), "detail": str(text)}, status=status))
    context = {"heading": heading, "text": text}
    page = render(request, "pbcert_wagtail/verification/message.html", context, status=status)
    return noindex(page)


def limited(request):
    """A 429 when this address has looked up too much, else None."""
    if over_limit(request, "verify", "VERIFY_RATE_LIMIT"):
        return with_retry_after(request, message(request, *TOO_MANY, status=429))
    return None


def find_document(code):
    code = normalise(code)
    if not code:
        return None
    related = ("certificate__municipality", "certificate__call", "certificate__superseded_by__call")
    return CertificateDocument.objects.select_related(*related).filter(code=code).first()


def state_date(certificate, state):
    """The date the state is about: when it was revoked, until or from when it is valid."""
    if state == CertificateState.REVOKED:
        return tbilisi_date(certificate.revoked_at)
    if state == CertificateState.NOT_YET_VALID:
        return certificate.valid_from
    return certificate.valid_until


def tbilisi_date(moment):
    return timezone.localdate(moment, TBILISI)


def facts(request, document):
    """What a check shows, for the page and for JSON alike."""
    certificate = document.certificate
    state = certificate.state()
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    issuer = OrganisationSettings.for_site(site) if site else None
    successor = certificate.superseded_by
    if successor and successor.valid_from > tbilisi_today():
        successor = None  # a renewal supersedes from its first day, not before
    return {
        "certificate": certificate,
        "document": document,
        "code": grouped(document.code),
        "state": state,
        "state_date": state_date(certificate, state),
        "superseded_year": (
            (successor.call.year if successor.call else successor.valid_from.year)
            if successor
            else None
        ),
        "issuer": issuer,
        "site_name": site.site_name if site else "",
        "today": tbilisi_today(),
        **credential_checks(certificate),
    }


def credential_checks(certificate):
    """The signed credential (or None) and the checks a verifier makes on it, in words."""
    credential = signed_credential(certificate)
    if credential is None:
        return {"credential": None, "checks": [], "checks_ok": False, "checks_revoked": False}
    report = verifier.verify_credential(
        credential, fetch_status_list=status_lists.fetch_for_verifier
    )
    return {
        "credential": credential,
        "checks": report.checks,
        "checks_ok": report.ok,
        "checks_revoked": report.revoked,
    }


def as_json(found):
    certificate = found["certificate"]
    issuer = found["issuer"]
    return {
        "number": certificate.number,
        "state": found["state"].value,
        "state_label": str(found["state"].label),
        "state_date": found["state_date"].isoformat(),
        "municipality": {
            "code": certificate.municipality.code,
            "ka": certificate.municipality.name_ka,
            "en": certificate.municipality.name_en,
        },
        "call_year": certificate.call.year if certificate.call else None,
        "valid_from": certificate.valid_from.isoformat(),
        "valid_until": certificate.valid_until.isoformat(),
        "revocation_reason": (
            str(certificate.get_revocation_reason_display()) if certificate.revoked_at else ""
        ),
        "document_replaced": found["document"].replaced_at is not None,
        "superseded_by_year": found["superseded_year"],
        "issuer": {"ka": issuer.name_ka, "en": issuer.name_en} if issuer else None,
        "checked_by": found["site_name"],
        "checked_on": found["today"].isoformat(),
        "credential": (
            {
                "url": found["credential_url"],
                "checks": [
                    {"name": c.name, "outcome": c.outcome, "detail": str(c.detail)}
                    for c in found["checks"]
                ],
                "ok": found["checks_ok"],
                "revoked": found["checks_revoked"],
            }
            if found["credential"]
            else None
        ),
    }


def credential_response(credential, media_type, download_name=None):
    response = HttpResponse(attach.as_bytes(credential), content_type=media_type)
    response["X-Content-Type-Options"] = "nosniff"
    if download_name:
        response["Content-Disposition"] = f'attachment; filename="{download_name}"'
    return noindex(response)


NO_CREDENTIAL = (
    _("No signed credential yet"),
    _("The signed credential of this certificate is being prepared. Try again in a few minutes."),
)


@never_cache
def verify(request, code):
    """One overall state (revoked > expired > not yet valid > valid) with its date, what
    the certificate prints, and whether this document was replaced or the certificate
    superseded. A revoked certificate keeps its page (200, with a banner)."""
    if refusal := limited(request):
        return refusal
    document = find_document(code)
    if document is None:
        return message(request, *NOT_FOUND, status=404)
    if media_type := wanted_credential_type(request):
        credential = signed_credential(document.certificate)
        if credential is None:
            return message(request, *NO_CREDENTIAL, status=404)
        return credential_response(credential, media_type)
    found = facts(request, document)
    path = reverse("pbcert:verify_credential", kwargs={"code": document.code})
    found["credential_url"] = f"{notifications.site_url()}{path}"
    if wants_json(request):
        return noindex(JsonResponse(as_json(found), json_dumps_params={"ensure_ascii": False}))
    return noindex(render(request, "pbcert_wagtail/verification/certificate.html", found))


@never_cache
def credential_download(request, code):
    """The certificate's signed credential as a file, for the holder of the code."""
    if refusal := limited(request):
        return refusal
    document = find_document(code)
    if document is None:
        return message(request, *NOT_FOUND, status=404)
    credential = signed_credential(document.certificate)
    if credential is None:
        return message(request, *NO_CREDENTIAL, status=404)
    name = f"{document.certificate.number}.credential.json"
    return credential_response(credential, attach.MEDIA_TYPE, download_name=name)


class CheckForm(forms.Form):
    number = forms.CharField(
        label=_("Certificate number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("The 16 letters and digits printed under the QR code."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


@never_cache
def check(request):
    """The form: a number and a code typed from a printed certificate. They must belong
    together; then the check of that code opens."""
    form = CheckForm(request.GET or None)
    status = 200
    if form.is_bound:
        if refusal := limited(request):
            return refusal
        status = 400
        if form.is_valid():
            document = find_document(form.cleaned_data["code"])
            number = form.cleaned_data["number"].strip().upper()
            if document and document.certificate.number.upper() == number:
                return redirect("pbcert:verify", code=document.code)
            form.add_error(None, NO_MATCH)
            status = 404
    page = render(request, "pbcert_wagtail/verification/check.html", {"form": form}, status=status)
    return noindex(page)
