"""The admin sign-in throttle (django-axes, counted in the database): the client address axes
counts by, the page a locked-out sign-in gets, and the staff screen "Locked sign-ins" that
lists the current lock-outs and unlocks them.

Imported only where the site installs django-axes (see wagtail_hooks.py and the site's
settings: AXES_CLIENT_IP_CALLABLE, AXES_LOCKOUT_CALLABLE)."""

import ipaddress
import logging
import math
from dataclasses import dataclass, field

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.account import LoginView
from wagtail.models import Site

from ..limits import client_ip
from ..models import OrganisationSettings
from .headers import NamedPage

logger = logging.getLogger(__name__)

VIEW = "axes.view_accessattempt"  # who sees the lock-outs
UNLOCK = "axes.delete_accessattempt"  # who may unlock


def client_ip_address(request):
    """The address axes counts failures by: the same one the public forms' rate limit uses
    (PBCERT["CLIENT_IP_HEADER"] behind a proxy), or None when it is not an IP address."""
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


# -- what is locked now ------------------------------------------------------------------


@dataclass
class Lockout:
    """One locked account or one locked address, from axes' attempt rows in the window."""

    kind: str  # "username" or "ip_address"
    value: str
    failures: int = 0
    since: object = None
    until: object = None
    usernames: list = field(default_factory=list)
    addresses: list = field(default_factory=list)

    @property
    def minutes_left(self):
        if self.until is None:  # no cool-off: locked until staff unlock
            return None
        return max(1, math.ceil((self.until - timezone.now()).total_seconds() / 60))


def current_lockouts():
    """Every account and every address whose failures in the cool-off window reach the limit,
    oldest lock first."""
    limit, cool_off = get_failure_limit(None, None), get_cool_off()
    attempts = AccessAttempt.objects.order_by("-attempt_time")
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    groups = {}
    for attempt in attempts:
        for kind in ("username", "ip_address"):
            value = getattr(attempt, kind)
            if value is not None and kind in settings.AXES_LOCKOUT_PARAMETERS:
                groups.setdefault((kind, value), []).append(attempt)
    found = []
    for (kind, value), rows in groups.items():  # rows: newest first
        lockout = Lockout(kind, value, failures=sum(row.failures_since_start for row in rows))
        if lockout.failures < limit:
            continue
        # The lock lifts when the newest rows that reach the limit leave the window.
        counted = 0
        for row in rows:
            counted += row.failures_since_start
            if counted >= limit:
                lockout.until = row.attempt_time + cool_off if cool_off else None
                break
        lockout.since = rows[0].attempt_time
        lockout.usernames = sorted({row.username for row in rows if row.username})
        lockout.addresses = sorted({row.ip_address for row in rows if row.ip_address})
        found.append(lockout)
    return sorted(found, key=lambda lockout: lockout.since)


# -- the page a locked-out sign-in gets --------------------------------------------------


def duration(minutes):
    """ "30 minutes", "2 hours": in the active language."""
    if minutes >= 60 and minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def try_again_in(minutes):
    """ "Try again in 30 minutes." (a sentence of its own: Georgian declines the number)."""
    if minutes >= 60 and minutes % 60 == 0:
        hours = minutes // 60
        text = ngettext("Try again in %(count)d hour.", "Try again in %(count)d hours.", hours)
        return text % {"count": hours}
    text = ngettext("Try again in %(count)d minute.", "Try again in %(count)d minutes.", minutes)
    return text % {"count": minutes}


def whom_to_ask():
    """The organisation's contact email (Settings → Organisation), if it has one."""
    site = Site.objects.filter(is_default_site=True).first()
    return OrganisationSettings.for_site(site).email if site else ""


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the Wagtail sign-in page again, status 429, saying in the
    visitor's language that sign-in is paused, for how long and whom to ask. It never says
    whether the account exists or the password was right."""
    username = get_client_username(request, credentials)
    mine = {("username", username), ("ip_address", getattr(request, "axes_ip_address", None))}
    locks = [lock for lock in current_lockouts() if (lock.kind, lock.value) in mine]
    cool_off = get_cool_off(request)
    if cool_off is None:
        minutes = None
    elif locks:
        minutes = max(lock.minutes_left for lock in locks)
    else:
        minutes = max(1, math.ceil(cool_off.total_seconds() / 60))
    view = LoginView()
    view.setup(request)
    form = view.get_form_class()(request, initial={"username": username or ""})
    context = view.get_context_data(form=form)
    context.update(
        lockout_limit=get_failure_limit(request, credentials),
        lockout_try_again=try_again_in(minutes) if minutes else "",
        lockout_contact=whom_to_ask(),
    )
    return render(request, "pbcert_wagtail/admin/login_locked.html", context, status=429)


# -- the staff screen --------------------------------------------------------------------


class UnlockForm(forms.Form):
    """One "Unlock" button: which kind of lock and its account name or address."""

    kind = forms.ChoiceField(choices=[("username", "username"), ("ip_address", "ip_address")])
    value = forms.CharField(max_length=255)

    def clean(self):
        data = super().clean()
        if data.get("kind") == "ip_address" and data.get("value"):
            try:
                data["value"] = str(ipaddress.ip_address(data["value"]))
            except ValueError:
                self.add_error("value", _("Enter a valid IP address."))
        return data


class LockedSignInsView(NamedPage, TemplateView):
    """Staff see who cannot sign in now, and why, and unlock an account or an address
    (someone locked out by a colleague's mistyped password on a shared office address)."""

    template_name = "pbcert_wagtail/admin/locked_sign_ins.html"
    page_title = gettext_lazy("Locked sign-ins")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        cool_off = get_cool_off(self.request)
        minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else 0
        return super().get_context_data(
            **kwargs,
            lockouts=current_lockouts(),
            may_unlock=self.request.user.has_perm(UNLOCK),
            limit=get_failure_limit(self.request, None),
            cool_off=duration(minutes) if minutes else "",
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(UNLOCK):
            raise PermissionDenied
        form = UnlockForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a lock-out from the list to unlock."))
            return self.render_to_response(self.get_context_data(), status=400)
        kind, value = form.cleaned_data["kind"], form.cleaned_data["value"]
        cleared = reset(username=value) if kind == "username" else reset(ip=value)
        logger.info("Sign-in unlocked by %s: %s=%s (%d rows)", request.user, kind, value, cleared)
        if not cleared:
            if kind == "username":
                text = _("Nothing to unlock: the account “%(value)s” was no longer locked.")
            else:
                text = _("Nothing to unlock: the address %(value)s was no longer locked.")
            messages.info(request, text % {"value": value})
            return redirect("pbcert_lockouts:index")
        if kind == "username":
            text = _(
                "The account “%(value)s” is unlocked: its failed sign-in attempts were "
                "cleared, and it can sign in again."
            )
        else:
            text = _(
                "The address %(value)s is unlocked: the failed sign-in attempts from it were "
                "cleared, and sign-in from it works again."
            )
        messages.success(request, text % {"value": value})
        return redirect("pbcert_lockouts:index")


def urlpatterns():
    return [path("", LockedSignInsView.as_view(), name="index")]
