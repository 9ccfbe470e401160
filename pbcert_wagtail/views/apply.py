"""Serving the C1 application form page: call window, honeypot, rate limit, redirect after POST."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .. import notifications, workflow
from ..certificates import renewal
from ..forms import answers_from, bound_items
from ..i18n import current_language
from ..limits import refused, with_retry_after
from ..models import Application, Municipality
from ..templatetags.pbcert_calls import call_context
from .public_form import is_bot, private

SESSION_KEY = "pbcert_applied"


def serve_application_form(page, request):
    """The C1 page: the form while a call is open, its errors, and the page after sending."""
    language = current_language()
    context = page.get_context(request)
    context.update(call_context(language))
    context["form_items"] = page.get_form_items()
    call = context["call"]

    if request.method == "GET" and request.GET.get("sent") and SESSION_KEY in request.session:
        applications = Application.objects.select_related("municipality", "call")
        application = applications.filter(reference=request.session[SESSION_KEY]).first()
        return private(page.render_landing_page(request, application))

    status = 200
    if request.method == "POST":
        form = page.get_form(request.POST, request.FILES, page=page, user=request.user)
        if is_bot(request):
            return redirect(page.get_url(request) + "?sent=1")  # pretend, store nothing
        if refused(request, "apply", form):
            status = 429
        elif call is None:
            closed = _(
                "Applications are not being accepted now, so your application was not sent. What you typed is kept below."
            )
            form.add_error(None, closed)
            status = 409
        elif form.is_valid():
            specs = page.get_form_fields()
            answers = answers_from(form, specs)
            # A C1 form has exactly one municipality and one contacts question.
            keys = {spec.field_type: spec.clean_name for spec in specs}
            municipality = Municipality.objects.get(code=answers[keys["municipality"]])
            holding = renewal.held_certificate(municipality)
            if (
                holding
                and not Application.objects.filter(call=call, municipality=municipality).exists()
            ):
                # Renewals start from the private link, never from this public form.
                form.add_error(keys["municipality"], holder_message(municipality, holding))
                context["renew_from_link"] = True
            elif application := store(page, form, call, municipality, language, answers, keys):
                request.session[SESSION_KEY] = application.reference
                return redirect(page.get_url(request) + "?sent=1")
        else:
            status = 400
    else:
        form = page.get_form(page=page, user=request.user) if call else None
    context["form"] = form
    context["bound_fields"] = bound_items(form, context["form_items"]) if form else []
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    return private(with_retry_after(request, response), index=True)


def holder_message(municipality, certificate):
    message = _(
        "%(municipality)s holds certificate %(number)s: renew it from the private link of last year's application, where it starts from last year's answers."
    )
    return message % {"municipality": municipality.name, "number": certificate.number}


def store(page, form, call, municipality, language, answers, keys):
    """The new application, or None with the municipality's earlier one named on the form
    (and its contact told)."""
    try:
        return workflow.create_application(
            call,
            municipality,
            language,
            answers[keys["contacts"]],
            answers,
            page.questions_snapshot(),  # the form as it was asked
            page,
        )
    except workflow.DuplicateApplication as duplicate:
        notifications.duplicate_application_attempt(duplicate.existing)
        message = _(
            "%(municipality)s has already applied to this call. We have emailed the contact person of that application."
        )
        name = duplicate.existing.municipality.name
        form.add_error(keys["municipality"], message % {"municipality": name})
        return None
