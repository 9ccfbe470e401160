"""The certificate PDF: page 1 the certificate in Georgian and English with a QR code of
its verification address, then the annex (recommendations, progress assessment, scores).

xhtml2pdf renders it with the plugin's own Noto fonts and fetches nothing: no network,
and local reads only inside the fonts folder, found from this file's path so that an
installed copy works from any directory. User-written text is escaped by the template.

The certificate's signed credential is made first (no issuer key: the render fails and
is retried like any failed render) and attached to the PDF as credential.json."""

import io
from pathlib import Path

import segno
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from wagtail.models import Site
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy

from .. import georgian, notifications
from ..credentials import attach
from ..credentials.certificate import credential_for
from ..models import CertificateSettings, OrganisationSettings
from ..models.certificates import TBILISI
from ..scores import application_scores
from .codes import grouped

FONTS = Path(__file__).resolve().parent.parent / "static" / "pbcert_wagtail" / "fonts"
TEMPLATE = "pbcert_wagtail/pdf/certificate.html"


class RenderError(Exception):
    """xhtml2pdf reported errors."""


def policy():
    return ResourceAccessPolicy(allow_remote=False, base_dir=FONTS, extra_roots=())


def html_to_pdf(html):
    out = io.BytesIO()
    result = pisa.CreatePDF(html, dest=out, encoding="utf-8", resource_policy=policy())
    if result.err:
        raise RenderError(f"xhtml2pdf reported {result.err} error(s)")
    return out.getvalue()


def verification_url(code):
    """The address the QR code holds: the verification page of this document's code, in
    the visitor's language (the site redirects to it)."""
    return f"{notifications.site_url()}/verify/{code}/"


def qr_code(url):
    """An SVG data URI of `url` as a QR code, error correction Q, with its quiet zone."""
    return segno.make(url, error="q").svg_data_uri(scale=4, border=4)


def both_languages(value, case=None):
    """{"ka": …, "en": …} of a date, formatted in each language: alone ("3 თებერვალი
    2027"), or inside a sentence "on", "until" or "from" it (georgian.day_in)."""
    result = {}
    for language in ("ka", "en"):
        with translation.override(language):
            result[language] = (
                georgian.day_in(value, case, language) if case else date_format(value, "j F Y")
            )
    return result


def site_settings(model):
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return model.for_site(site) if site else model()


def certificate_context(document):
    certificate = document.certificate
    application = certificate.decision.application if certificate.decision_id else None
    rows, total = application_scores(application) if application else ([], None)
    url = verification_url(document.code)
    return {
        "certificate": certificate,
        "municipality": certificate.municipality,
        "programme": site_settings(CertificateSettings),
        "organisation": site_settings(OrganisationSettings),
        "valid_from": both_languages(certificate.valid_from),
        "valid_until": both_languages(certificate.valid_until),
        "revoked_on": both_languages(timezone.localdate(certificate.revoked_at, TBILISI), "on")
        if certificate.revoked_at
        else None,
        "recommendations": list(certificate.recommendations.select_related("criterion")),
        "scores": [row for row in rows if row.mean is not None],
        "total": total,
        "url": url,
        "code": grouped(document.code),
        "qr": qr_code(url),
        "fonts": FONTS,
    }


def certificate_html(document):
    with translation.override("ka"):
        return render_to_string(TEMPLATE, certificate_context(document))


def certificate_pdf(document):
    credential = credential_for(document.certificate)
    return attach.embed(html_to_pdf(certificate_html(document)), credential)
