"""Subscribing to the next call: the form, and confirm / unsubscribe pages with a button
(mail scanners open links; only a POST changes anything)."""

from django import forms
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from .. import subscriptions
from ..i18n import current_language
from ..models import ApplicationFormPage
from .public_form import PublicFormView, private_page


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your email"), max_length=254)


class SubscribeView(PublicFormView):
    """POST an address: a confirmation goes to it (and nothing else until confirmed)."""

    form_class = SubscribeForm
    template_name = "pbcert_wagtail/subscriptions/subscribe.html"
    scope = "subscribe"
    success_message = gettext_lazy(
        "Thank you. Please confirm: we have sent a link to your address (if it was already confirmed, there is nothing more to do)."
    )
    indexable = True

    def done(self, form):
        subscriptions.subscribe(form.cleaned_data["email"], current_language())


subscribe = SubscribeView.as_view()


def token_page(request, token, kind, action):
    """The page a signed link opens: a button, and only its POST does `action`."""
    subscription = subscriptions.read_token(token, kind)
    if subscription is None:
        raise Http404
    done = request.method == "POST"
    if done:
        action(subscription)
    context = {"subscription": subscription, "done": done}
    return private_page(request, f"pbcert_wagtail/subscriptions/{kind}.html", context)


@never_cache
def confirm(request, token):
    return token_page(request, token, "confirm", subscriptions.confirm)


@csrf_exempt  # one-click unsubscribe (RFC 8058) posts without a CSRF token; the link is signed
@never_cache
def unsubscribe(request, token):
    return token_page(request, token, "unsubscribe", subscriptions.unsubscribe)


def apply_redirect(request):
    """The application form in the visitor's language (links in emails use this)."""
    pages = ApplicationFormPage.objects.live()
    page = pages.filter(locale__language_code=current_language()).first() or pages.first()
    if page is None:
        raise Http404
    return redirect(page.get_url(request))
