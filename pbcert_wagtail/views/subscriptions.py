"""Subscribing to the next call: the form, and confirm / unsubscribe pages with a button
(mail scanners open links; only a POST changes anything)."""

from django import forms
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from .. import subscriptions
from ..forms import HONEYPOT_FIELD
from ..models import ApplicationFormPage
from .applicant import private
from .throttle import refused


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your email"), max_length=254)


def subscribe(request):
    """POST an address: a confirmation goes to it (and nothing else until confirmed)."""
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if refused(request, "subscribe", form):
            status = 429
        elif form.is_valid():
            if not request.POST.get(HONEYPOT_FIELD):
                subscriptions.subscribe(form.cleaned_data["email"], (get_language() or "ka")[:2])
            request.session["pbcert_subscribed"] = True
            return redirect(request.path + "?sent=1")
        else:
            status = 400
    sent = bool(request.GET.get("sent") and request.session.pop("pbcert_subscribed", False))
    return TemplateResponse(
        request,
        "pbcert_wagtail/subscriptions/subscribe.html",
        {"form": form, "sent": sent},
        status=status,
    )


@never_cache
def confirm(request, token):
    subscription = subscriptions.read_token(token, "confirm")
    if subscription is None:
        raise Http404
    done = False
    if request.method == "POST":
        subscriptions.confirm(subscription)
        done = True
    return private(
        TemplateResponse(
            request,
            "pbcert_wagtail/subscriptions/confirm.html",
            {"subscription": subscription, "done": done, "private_page": True},
        )
    )


@csrf_exempt  # one-click unsubscribe (RFC 8058) posts without a CSRF token; the link is signed
@never_cache
def unsubscribe(request, token):
    subscription = subscriptions.read_token(token, "unsubscribe")
    if subscription is None:
        raise Http404
    done = False
    if request.method == "POST":
        subscriptions.unsubscribe(subscription)
        done = True
    return private(
        TemplateResponse(
            request,
            "pbcert_wagtail/subscriptions/unsubscribe.html",
            {"subscription": subscription, "done": done, "private_page": True},
        )
    )


def apply_redirect(request):
    """The application form in the visitor's language (links in emails use this)."""
    from wagtail.models import Locale

    locale = Locale.objects.filter(language_code=(get_language() or "ka")[:2]).first()
    page = (
        ApplicationFormPage.objects.live().filter(locale=locale).first()
        or ApplicationFormPage.objects.live().first()
    )
    if page is None:
        raise Http404
    return redirect(page.get_url(request))
