"""The applicant's private pages, opened by the link mailed to them."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from wagtail.models import ModelLogEntry

from .. import tasks, workflow
from ..forms import HONEYPOT_FIELD, LostLinkForm
from ..models import AccessToken, Application
from .throttle import refused


def private(response):
    """Private pages: never cached, never indexed, the token never sent to another site.

    "same-origin", not "no-referrer": with no referrer at all, browsers send
    `Origin: null` on the page's own forms and Django's CSRF check refuses them.
    """
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class ContactEmailForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("New contact email"), max_length=254)


def timeline(application):
    """What happened to the application, as the applicant may see it."""
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Application),
        object_id=str(application.pk),
        action__in=list(workflow.APPLICANT_SEES),
    ).order_by("timestamp", "pk")
    return [
        {
            "when": entry.timestamp,
            "label": workflow.APPLICANT_SEES[entry.action],
            "action": entry.action,
        }
        for entry in entries
    ]


@never_cache
def application_status(request, token):
    """The status page: status, timeline, answers as submitted, contacts."""
    application = AccessToken.application_for(token)
    if application is None:
        raise Http404
    email_form = ContactEmailForm()
    if request.method == "POST":
        email_form = ContactEmailForm(request.POST)
        if not refused(request, "contact", email_form) and email_form.is_valid():
            new_email = email_form.cleaned_data["email"]
            if new_email.lower() == application.contact_email.lower():
                email_form.add_error("email", _("This is already the contact email."))
            else:
                workflow.change_contact_email(application, new_email)
                return private(
                    TemplateResponse(
                        request,
                        "pbcert_wagtail/applicant/contact_changed.html",
                        {"application": application, "new_email": new_email, "private_page": True},
                    )
                )
    response = (
        getattr(application, "questionnaire", None)
        if hasattr(application, "questionnaire")
        else None
    )
    has_questionnaire = application.call.questionnaire_id is not None
    from ..models import ConsortiumDecision

    decision = ConsortiumDecision.objects.filter(
        application=application, published_at__isnull=False
    ).first()
    status_label, status_class = workflow.status_for_applicant(application, bool(decision))
    context = {
        "decision": decision,
        "status_label": status_label,
        "status_class": status_class,
        "private_page": True,
        "change_url": reverse("pbcert:change_notice", kwargs={"token": token}),
        "open_requests": list(application.information_requests.open())
        if application.status == "information_requested"
        else [],
        "questionnaire_url": reverse("pbcert:questionnaire", kwargs={"token": token})
        if has_questionnaire
        else "",
        "questionnaire_started": bool(response and response.answers),
        "questionnaire_rows": response.answer_rows() if response and response.is_submitted else [],
        "attachments": list(application.attachments.filter(change_notice__isnull=True)),
        "token": token,
        "questionnaire_due": response.due_date()
        if response
        else application.call.questionnaire_due,
        "application": application,
        "timeline": timeline(application),
        "answer_rows": application.answer_rows(),
        "email_form": email_form,
        "is_declined": application.status == "declined",
    }
    return private(TemplateResponse(request, "pbcert_wagtail/applicant/status.html", context))


@never_cache
def lost_link(request):
    """Mail a new private link; the answer is the same whether or not the address is known."""
    form = LostLinkForm(request.POST if request.method == "POST" else None)
    sent = False
    status = 200
    if request.method == "POST":
        if refused(request, "lost-link", form):
            status = 429
        elif form.is_valid():
            if not request.POST.get(HONEYPOT_FIELD):
                # Looked up and mailed by the worker, so the answer takes the same time
                # whether or not the address is known.
                tasks.enqueue_new_links(form.cleaned_data["email"])
            request.session["pbcert_link_sent"] = True
            return redirect(request.path + "?sent=1")
    if request.GET.get("sent") and request.session.pop("pbcert_link_sent", False):
        sent = True
    return private(
        TemplateResponse(
            request,
            "pbcert_wagtail/applicant/lost_link.html",
            {"form": form, "sent": sent},
            status=status,
        )
    )


class ChangeNoticeForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("What has changed?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


@never_cache
def change_notice(request, token):
    """The applicant tells the team that details changed (text and optional files)."""
    from django.contrib import messages
    from django.db.models import Sum

    from ..fields import clean_text
    from ..models import ChangeNotice
    from ..uploads import atomic_with_files, check_upload, store_attachment

    application = AccessToken.application_for(token)
    if application is None:
        raise Http404
    form = ChangeNoticeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not refused(request, "change", form) and form.is_valid():
            checked = []
            stored = application.attachments.aggregate(total=Sum("size"))["total"] or 0
            uploads = request.FILES.getlist("files")
            if len(uploads) > 5:
                form.add_error(None, _("At most 5 files at a time."))
                uploads = []
            for uploaded in uploads:
                try:
                    checked.append((uploaded, *check_upload(uploaded, already_stored=stored)))
                    stored += uploaded.size
                except forms.ValidationError as error:
                    form.add_error(None, error.messages)
            if not form.errors:
                with atomic_with_files():
                    notice = ChangeNotice.objects.create(
                        application=application, text=clean_text(form.cleaned_data["text"])
                    )
                    for uploaded, _kind, content_type, name in checked:
                        store_attachment(
                            application,
                            uploaded,
                            content_type,
                            name,
                            "change-notice",
                            change_notice=notice,
                        )
                    workflow.record_change_notice(application, notice)
                messages.success(request, _("Thank you: the team has been told about the change."))
                return redirect("pbcert:application_status", token=token)
    return private(
        TemplateResponse(
            request,
            "pbcert_wagtail/applicant/change_notice.html",
            {"application": application, "form": form, "token": token, "private_page": True},
            status=200 if request.method == "GET" or not form.errors else 400,
        )
    )
