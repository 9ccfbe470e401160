"""/.well-known/did.json: the issuer's DID document (did:web), so that anyone can check a
credential's signature against the site's public keys — current and retired — without
an account. Public keys only; the DID comes from the settings, never from the request."""

import json

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from .. import conf
from ..credentials import keys

DID_JSON = "application/did+json"


@require_safe
def did_document(request):
    """The DID document, as application/did+json to a client that asks for it, else as
    application/json (what a browser or a did:web resolver expects)."""
    if not keys.issuer_did():
        raise Http404("No issuer DID is configured.")
    document = keys.did_document()
    wants_did_json = DID_JSON in request.headers.get("Accept", "")
    response = HttpResponse(
        json.dumps(document, indent=2),
        content_type=DID_JSON if wants_did_json else "application/json",
    )
    response["Cache-Control"] = f"public, max-age={int(conf.get('DID_DOCUMENT_MAX_AGE'))}"
    response["Access-Control-Allow-Origin"] = "*"  # verifiers in a browser may read it
    response["Vary"] = "Accept"
    return response
