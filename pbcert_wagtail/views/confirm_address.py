"""The page a confirmation link opens (community/confirmation.py): what is being confirmed
and a button. Mail scanners follow links with GET, so only the POST confirms."""

from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..community import confirmation
from .public_form import private_page

TEMPLATE = "pbcert_wagtail/community/confirm_address.html"


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_address(request, token):
    """GET: the purpose and a button; POST: confirm (once) and say so. A wrong, forged or
    expired link gets a clear page (404), never an error."""
    if request.method == "POST":
        obj = confirmation.confirm(token)
    else:
        obj = confirmation.read_token(token)
    if obj is None:
        return private_page(request, TEMPLATE, {"invalid": True}, status=404)
    context = {"obj": obj, "purpose": obj.confirmation_purpose(), "done": obj.is_confirmed}
    if obj.is_confirmed:
        context["result"] = obj.confirmed_text()
    return private_page(request, TEMPLATE, context)
