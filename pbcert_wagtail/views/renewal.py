"""Renewing from the private link: the page that starts the renewal application, and what
the questionnaire of a renewal adds (answers carried over, last year's files to keep, and
the progress made on each of last year's recommendations)."""

from django import forms
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from .. import workflow
from ..certificates import monitoring, renewal
from ..forms import ApplicationFormBuilder, answers_from
from ..i18n import current_language
from ..limits import refused
from ..models import AccessToken
from .certificates import published_certificate
from .public_form import linked_application, posted_ids, private_page

PROGRESS_LIMIT = 5000


class RenewalForm(forms.Form):
    contact_email = forms.EmailField(
        label=gettext_lazy("Contact email for this year's application"),
        max_length=254,
        help_text=gettext_lazy(
            "We write to this address about the new application. If it is a new person, our team confirms the change before the process starts."
        ),
    )


@never_cache
def renew(request, token):
    """The holder of last year's private link starts this year's renewal application."""
    previous = linked_application(token)
    certificate = published_certificate(previous)
    found = certificate and renewal.offer(certificate)
    if not found:
        raise Http404
    form = RenewalForm(
        request.POST if request.method == "POST" else None,
        initial={"contact_email": previous.contact_email},
    )
    asked = renewal.asked_again(previous, current_language())
    form.fields.update(ApplicationFormBuilder(asked).formfields)
    status = 200
    if found.renewal is None and form.is_bound:
        if refused(request, "renew", form):
            status = 429
        elif form.is_valid():
            email = form.cleaned_data["contact_email"]
            try:
                given = answers_from(form, asked)
                application = renewal.start_renewal(
                    certificate, previous, email, current_language(), given
                )
            except workflow.DuplicateApplication as duplicate:
                found.renewal = duplicate.existing
            except renewal.NotRenewable as error:
                form.add_error(None, str(error))
                status = 409
            else:
                new_token = AccessToken.issue(application)
                return redirect("pbcert:application_status", token=new_token)
        else:
            status = 400
    context = {
        "application": previous,
        "certificate": certificate,
        "call": found.call,
        "renewal": found.renewal,
        "recommendations": list(certificate.recommendations.all()),
        "form": form,
        "fields": [(form["contact_email"], "email")]
        + [(form[spec.clean_name], spec.field_type) for spec in asked],
        "token": token,
    }
    return private_page(request, "pbcert_wagtail/applicant/renew.html", context, status)


def progress_rows(application, response, errors=None):
    """Last year's recommendations, each with its monitoring record and what this year's
    questionnaire says of it: [{"recommendation", "record", "text", "error"}]."""
    if application.renews_id is None:
        return []
    errors = errors or {}
    return [
        {
            "recommendation": recommendation,
            "record": record,
            "name": f"progress-{recommendation.uid}",
            "text": response.progress.get(str(recommendation.uid), ""),
            "error": errors.get(str(recommendation.uid), ""),
        }
        for recommendation, record in monitoring.record_of(application.renews)
    ]


def save_renewal_parts(request, application, response, form, specs, before):
    """On a save of a renewal's questionnaire: keep the ticked files of last year, take off
    the marks of answers checked or changed, and store the progress statements. Returns
    {recommendation uid: error} for the statements a submission still lacks."""
    if application.renews_id is None:
        return {}
    for spec in specs:
        if spec.field_type == "files":
            key = spec.clean_name
            ids = posted_ids(request, f"{key}-keep-file")
            if ids:
                most = spec.settings.get("max_files", 5)
                room = max(most - application.attachments.filter(question_key=key).count(), 0)
                if renewal.keep_files(application, key, ids, form, room) == renewal.NO_ROOM:
                    message = _("At most %(count)s files for this question.") % {"count": most}
                    form.add_error(key, message)
    ticked = [spec.clean_name for spec in specs if request.POST.get(f"{spec.clean_name}-checked")]
    changed = [key for key in response.prefilled if response.answers.get(key) != before.get(key)]
    renewal.checked(response, ticked + changed)
    statements, missing = {}, {}
    for recommendation in application.renews.recommendations.all():
        uid = str(recommendation.uid)
        text = request.POST.get(f"progress-{uid}", "").strip()[:PROGRESS_LIMIT]
        statements[uid] = text
        if not text:
            missing[uid] = _("Say what progress was made on this recommendation.")
    response.progress = statements
    response.save(update_fields=["prefilled", "progress"])
    return missing


def renewal_context(application, response, specs, errors=None):
    """What the questionnaire template shows of a renewal."""
    if application.renews_id is None:
        return {"renewing": False}
    kept = set(application.attachments.values_list("question_key", "original_name", "size"))
    last_year = {}
    for key in [spec.clean_name for spec in specs if spec.field_type == "files"]:
        files = renewal.last_years_files(application, key)
        last_year[key] = [f for f in files if (key, f.original_name, f.size) not in kept]
    rows = progress_rows(application, response, errors)
    return {
        "renewing": True,
        "prefilled": list(response.prefilled),
        "last_year_files": last_year,
        "progress_rows": rows,
        # for the error summary: each statement still missing, linked to its box
        "progress_errors": [
            {
                "id": f"id_{row['name']}",
                "label": row["recommendation"].text,
                "errors": [row["error"]],
            }
            for row in rows
            if row["error"]
        ],
        "previous_year": application.renews.call.year if application.renews.call_id else None,
    }
