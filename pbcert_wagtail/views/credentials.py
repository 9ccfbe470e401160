"""The signed documents a verifier fetches by address, outside the language prefix: the
revocation status lists (public, short-cached, so a revocation is seen within minutes by
those who cache) and a credential by its own random address (its `id`)."""

import json

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from ..credentials import attach, status
from ..models import IssuedCredential, StatusList

MEDIA_TYPE = attach.MEDIA_TYPE
STATUS_MAX_AGE = 300  # seconds a verifier may cache a status list


def signed_json(document, media_type=MEDIA_TYPE):
    response = HttpResponse(attach.as_bytes(document), content_type=media_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"  # verifiers in a browser may read it
    return response


@require_safe
def status_list(request, number):
    """A BitstringStatusListCredential; 503 while it cannot be signed (never stale)."""
    credential = status.status_list_credential(number)
    if credential is None:
        if not StatusList.objects.filter(number=number).exists():
            raise Http404
        response = HttpResponse(
            json.dumps({"error": "The status list cannot be signed at the moment."}),
            content_type="application/json",
            status=503,
        )
        response["Cache-Control"] = "no-store"
        response["Retry-After"] = "300"
        return response
    response = signed_json(credential)
    response["Cache-Control"] = f"public, max-age={STATUS_MAX_AGE}"
    return response


@require_safe
def credential(request, uid):
    """A signed credential at its own address: the random uid is known only from the
    credential itself (the PDF, the verification page), as the verification code is."""
    found = IssuedCredential.objects.filter(uid=uid).values_list("credential", flat=True).first()
    if found is None:
        raise Http404
    response = signed_json(found)
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
