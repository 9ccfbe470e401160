"""The public forms' rate limit: at most N posts per address (or per limited thing) in a
window, counted in the database so that it holds exactly when requests arrive together."""

import ipaddress
import math
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import conf
from .models.counters import RateLimitCount, increment


def client_ip(request):
    """The visitor's address; behind a proxy, the last one the proxy added to its header."""
    header = conf.get("CLIENT_IP_HEADER")
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def client_network(request):
    """What one visitor is counted as: an IPv4 address, or an IPv6 /64 (one household
    or one machine holds a whole /64)."""
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:60]
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)


def refused(request, scope, form):
    """Count this POST; over the limit in its window, the form says so and the seconds to
    wait are returned (also kept as `request.retry_after`), else 0. A scope naming what
    is limited ("questionnaire-submit:42") is not combined with the address."""
    wait = over_limit(request, scope, "FORM_RATE_LIMIT")
    if wait:
        form.add_error(None, _("Too many attempts. Please try again in a few minutes."))
    return wait


def over_limit(request, scope, setting):
    """Count this request against PBCERT[`setting`] (posts or lookups, window seconds);
    over it, the seconds to wait (also `request.retry_after`), else 0."""
    who = "" if ":" in scope else f":{client_network(request)}"
    wait = over_key_limit(f"{scope}{who}", setting)
    if wait:
        request.retry_after = wait
    return wait


def over_key_limit(key, setting):
    """Count one more for `key` (no request needed: an address, a practitioner) against
    PBCERT[`setting`]; over it, the seconds until its window ends, else 0."""
    limit, window = conf.get(setting)
    now = timezone.now()
    start = now - timedelta(seconds=now.timestamp() % window)
    count = increment(RateLimitCount, "count", key=key[:200], window_start=start)
    if count <= limit:
        return 0
    return max(1, math.ceil((start - now).total_seconds() + window))


def with_retry_after(request, response):
    """A 429 says when to try again (the Retry-After header)."""
    if response.status_code == 429 and getattr(request, "retry_after", None):
        response["Retry-After"] = str(request.retry_after)
    return response


def forget_old_windows():
    """The daily job: windows that have ended are no longer needed."""
    window = max(conf.get(name)[1] for name in ("FORM_RATE_LIMIT", "VERIFY_RATE_LIMIT"))
    ended = timezone.now() - timedelta(seconds=max(window, 86400))
    return RateLimitCount.objects.filter(window_start__lt=ended).delete()[0]
