"""The links in a relayed message (community/relay.py): "stop receiving messages" and
"report this message". Each opens a page with a button; only the POST acts."""

from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..community import relay
from .public_form import private_page


def _page(request, kind, target, action):
    if target is None:
        return private_page(
            request, f"pbcert_wagtail/community/{kind}.html", {"invalid": True}, status=404
        )
    done = request.method == "POST"
    if done:
        action(target)
    return private_page(
        request, f"pbcert_wagtail/community/{kind}.html", {"target": target, "done": done}
    )


@csrf_exempt  # one-click List-Unsubscribe (RFC 8058) posts without a CSRF token; it is signed
@never_cache
@require_http_methods(["GET", "POST"])
def stop(request, token):
    """One click from any relayed message: the practitioner receives no more."""
    return _page(request, "stop", relay.read_stop_token(token), relay.stop)


@never_cache
@require_http_methods(["GET", "POST"])
def report(request, token):
    """The practitioner reports a message as abusive: staff may then read it."""
    return _page(request, "report", relay.read_report_token(token), relay.report)
