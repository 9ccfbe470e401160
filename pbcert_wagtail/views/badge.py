"""A municipality's badge for its own website, `/<lang>/badge/<code>.svg` and `.png`.

It exists so that a municipality's site can show its certification and stop claiming it
the day the certificate lapses: every response is drawn from today's state, with
`Cache-Control: no-cache` and an ETag over what is drawn, so browsers ask again on each
page view and get a 304 while nothing changed. The SVG may not run or fetch anything.
`?baked=<verification code>` downloads the PNG with the certificate's signed credential
baked in: the credential carries the recommendations and the progress assessment, which
the public registry does not show, so it goes only to whoever holds the printed code (as
the verification page's JSON does)."""

from django.http import Http404, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language

from .. import badges

SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def badge_of(code):
    certificate = badges.certificate_of(code)
    if certificate is None:
        raise Http404
    return badges.Badge(certificate, (get_language() or "ka")[:2])


def with_headers(response, tag, private=False):
    response["ETag"] = tag
    # A baked badge carries the recommendations: never kept by a shared cache.
    response["Cache-Control"] = "private, no-cache" if private else "no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def badge_svg(request, code):
    """The badge as SVG: what the embed snippet shows."""
    badge = badge_of(code)
    tag = badges.etag(badge, "svg")
    response = get_conditional_response(request, etag=tag) or HttpResponse(
        badges.svg(badge), content_type="image/svg+xml; charset=utf-8"
    )
    response["Content-Security-Policy"] = SVG_POLICY
    return with_headers(response, tag)


def baked(request, code):
    """The badge and credential to bake for `?baked=<verification code>`: the code must be
    a document of one of this municipality's certificates (an older one too: its own badge
    then), look-ups limited per address as on the verification page. (None, badge,
    credential), or (the refusal, None, None)."""
    from .verification import find_document, limited

    refused = limited(request)
    if refused is not None:
        return refused, None, None
    document = find_document(request.GET["baked"])
    if document is None or document.certificate.municipality.code != code:
        raise Http404
    credential = badges.signed_credential(document.certificate)
    if credential is None:
        raise Http404
    return None, badges.Badge(document.certificate, (get_language() or "ka")[:2]), credential


def badge_png(request, code):
    """The badge as PNG, for sites that cannot show SVG; `?baked=<verification code>`
    downloads it with the certificate's signed credential inside (404 until it exists)."""
    credential = None
    if "baked" in request.GET:
        refused, badge, credential = baked(request, code)
        if refused is not None:
            return refused
    else:
        badge = badge_of(code)
    tag = badges.etag(badge, "png", credential)
    response = get_conditional_response(request, etag=tag)
    if response is None:
        response = HttpResponse(badges.png(badge, credential), content_type="image/png")
        if credential is not None:
            filename = f"{badge.certificate.number}-badge.png"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return with_headers(response, tag, private=credential is not None)
