"""A small per-IP rate limit for the public forms, kept in Django's cache."""

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from .. import conf


def client_ip(request):
    """The visitor's address; behind a proxy, the last one the proxy added to its header."""
    header = conf.get("CLIENT_IP_HEADER")
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def refused(request, scope, form):
    """Count this POST; over the limit in the window, the form says so and True is returned.
    A scope naming what is limited ("questionnaire-submit:42") is not combined with the IP."""
    limit, window = conf.get("FORM_RATE_LIMIT")
    who = "" if ":" in scope else f":{client_ip(request)}"
    key = f"pbcert-rate:{scope}{who}"
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return False
    if count <= limit:
        return False
    form.add_error(None, _("Too many attempts. Please try again in a few minutes."))
    return True
