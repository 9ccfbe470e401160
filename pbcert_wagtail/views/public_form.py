"""What every public form shares: a honeypot, a per-IP limit, redirect after POST with a
message, and private headers."""

import re

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView

from ..community.confirmation import TooManyConfirmations
from ..forms import HONEYPOT_FIELD
from ..limits import refused, with_retry_after
from ..models import AccessToken

ID = re.compile(r"\d{1,12}", re.ASCII)


def posted_ids(request, name):
    """The row ids posted under `name`; anything that is not a plain id is ignored."""
    return {int(value) for value in request.POST.getlist(name) if ID.fullmatch(value)}


def private(response, index=False):
    """Never cached, never indexed (unless `index`), the URL never sent to another site
    ("same-origin": with no referrer, browsers send `Origin: null` and CSRF refuses forms)."""
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    if not index:
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def private_page(request, template, context, status=200):
    """A page of a private link: private headers, and no links to its other languages."""
    context["private_page"] = True
    response = TemplateResponse(request, template, context, status=status)
    return private(with_retry_after(request, response))


def linked_application(token):
    """The application a private link opens; 404 for a wrong, revoked or expired link."""
    application = AccessToken.application_for(token)
    if application is None:
        raise Http404
    return application


def is_bot(request):
    """True when the hidden honeypot field was filled in: answer as if all went well."""
    return bool(request.POST.get(HONEYPOT_FIELD))


class PublicFormView(FormView):
    """A public form: set form_class, template_name, `scope` (of the limit) and
    `success_message`, and do the work in `done(form)`. Over the limit: 429; invalid: 400;
    valid: `done` (skipped for a bot), then the message on the same page with ?sent=1."""

    scope = ""
    success_message = ""
    indexable = False

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        response = with_retry_after(request, super().dispatch(request, *args, **kwargs))
        return private(response, index=self.indexable)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if refused(request, self.scope, form):
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if not is_bot(request):
            try:
                refusal = self.done(form)
            except TooManyConfirmations as over:  # nothing was kept
                form.add_error("email", str(over))
                return self.render_to_response(self.get_context_data(form=form), status=429)
            if refusal:  # `done` refused it: why, next to the address
                form.add_error("email", refusal)
                return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, self.success_message)
        return redirect(request.path + "?sent=1")

    def done(self, form):
        """Do the work of a valid form; a message returned refuses it (shown by the email)."""
        raise NotImplementedError
