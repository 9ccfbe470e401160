"""Serving the C1 application form page: call window, honeypot, rate limit, redirect after POST."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .. import notifications, workflow
from ..forms import HONEYPOT_FIELD, answers_from
from ..models import Application, Municipality
from ..templatetags.pbcert_calls import call_context
from .throttle import over_limit

SESSION_KEY = "pbcert_applied"


def create_application(page, form, call, language):
    """The application from a valid C1 form: its answers and the form as it was asked."""
    specs = page.get_form_fields()
    answers = answers_from(form, specs)
    municipality_key = next(s.clean_name for s in specs if s.field_type == "municipality")
    contacts_key = next(s.clean_name for s in specs if s.field_type == "contacts")
    return workflow.create_application(
        call,
        Municipality.objects.get(code=answers[municipality_key]),
        language,
        answers[contacts_key],
        answers,
        page.questions_snapshot(),
        page,
    )


def serve_application_form(page, request):
    language = (get_language() or "ka")[:2]
    context = page.get_context(request)
    context.update(call_context(language))
    context["form_items"] = page.get_form_items()
    call = context["call"]

    if request.method == "GET" and request.GET.get("sent") and SESSION_KEY in request.session:
        application = (
            Application.objects.filter(reference=request.session[SESSION_KEY])
            .select_related("municipality", "call")
            .first()
        )
        return page.render_landing_page(request, application)

    status = 200
    if request.method == "POST":
        form = page.get_form(request.POST, request.FILES, page=page, user=request.user)
        if request.POST.get(HONEYPOT_FIELD):
            return redirect(page.get_url(request) + "?sent=1")  # a bot: pretend, store nothing
        if over_limit(request, "apply"):
            form.is_valid()
            form.add_error(
                None, _("Too many attempts from your network. Please try again in a few minutes.")
            )
            status = 429
        elif call is None:
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Applications are not being accepted now, so your application was not sent. What you typed is kept below."
                ),
            )
            status = 409
        elif form.is_valid():
            try:
                application = create_application(page, form, call, language)
            except workflow.DuplicateApplication as duplicate:
                notifications.duplicate_application_attempt(duplicate.existing)
                municipality_key = next(
                    s.clean_name for s in page.get_form_fields() if s.field_type == "municipality"
                )
                form.add_error(
                    municipality_key,
                    _(
                        "%(municipality)s has already applied to this call. We have emailed the contact person of that application."
                    )
                    % {"municipality": duplicate.existing.municipality.name},
                )
            else:
                request.session[SESSION_KEY] = application.reference
                return redirect(page.get_url(request) + "?sent=1")
    else:
        form = page.get_form(page=page, user=request.user) if call else None
    context["form"] = form
    context["bound_fields"] = _bound_items(form, context["form_items"]) if form else []
    return TemplateResponse(request, page.get_template(request), context, status=status)


def _bound_items(form, items):
    """Section headings and bound fields, in form order, for the template."""
    result = []
    for item in items:
        if isinstance(item, dict):
            result.append({"section": item["section"], "text": item.get("text", "")})
        else:
            result.append({"field": form[item.clean_name], "type": item.field_type})
    return result
