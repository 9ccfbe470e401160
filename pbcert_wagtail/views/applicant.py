"""The applicant's private pages, opened by the link mailed to them."""

from contextlib import suppress

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from .. import tasks, workflow
from ..answers import answer_sections
from ..certificates import monitoring, renewal
from ..forms import ChangeNoticeForm, LostLinkForm
from ..limits import refused
from ..models import (
    ChangeNotice,
    ConferenceAnswer,
    ConsortiumDecision,
    HandoverConference,
    QuestionnaireResponse,
)
from ..uploads import atomic_with_files, store_files
from .certificates import published_certificate
from .public_form import PublicFormView, linked_application, private_page
from .questionnaire import Refused


class ContactEmailForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("New contact email"), max_length=254)


def timeline(application):
    """What happened to the application, as the applicant may see it."""
    labels = workflow.APPLICANT_SEES
    entries = application.log_entries.filter(action__in=list(labels))
    return [
        {"when": entry.timestamp, "label": labels[entry.action], "action": entry.action}
        for entry in entries.order_by("timestamp", "pk")
    ]


@never_cache
def application_status(request, token):
    """The status page: status, timeline, answers as submitted, contacts."""
    application = linked_application(token)
    form = ContactEmailForm(request.POST if request.method == "POST" else None)
    if form.is_bound and not refused(request, "contact", form) and form.is_valid():
        new_email = form.cleaned_data["email"]
        if new_email.lower() == application.contact_email.lower():
            form.add_error("email", _("This is already the contact email."))
        else:
            workflow.change_contact_email(application, new_email)
            context = {"application": application, "new_email": new_email}
            return private_page(request, "pbcert_wagtail/applicant/contact_changed.html", context)
    response = QuestionnaireResponse.objects.filter(application=application).first()
    published = ConsortiumDecision.objects.filter(published_at__isnull=False)
    decision = published.filter(application=application).first()
    status_label, status_class = workflow.status_for_applicant(application, bool(decision))
    requested = application.status == "information_requested"
    call = application.call
    due = response.due_date() if response else call.questionnaire_due

    def file_url(attachment):
        return reverse("pbcert:attachment", kwargs={"token": token, "pk": attachment.pk})

    questionnaire_url = reverse("pbcert:questionnaire", kwargs={"token": token})
    submitted = response and response.is_submitted
    sections = answer_sections(application, response, file_url=file_url) if submitted else []
    certificate = published_certificate(application) if decision else None
    conference = certificate and HandoverConference.objects.filter(call=certificate.call_id).first()
    monitored = bool(certificate) and monitoring.monitored(certificate)
    context = {
        "monitored": monitored,
        "renewal_offer": certificate and not certificate.revoked_at and renewal.offer(certificate),
        "report_due": monitored and monitoring.report_due(certificate),
        "conference": conference,
        "conference_answer": conference
        and ConferenceAnswer.objects.filter(conference=conference, certificate=certificate).first(),
        "application": application,
        "decision": decision,
        "certificate": certificate,
        "certificate_document": certificate and certificate.current_document(),
        "status_label": status_label,
        "status_class": status_class,
        "token": token,
        "open_requests": list(application.information_requests.open()) if requested else [],
        "questionnaire_url": questionnaire_url if call.questionnaire_id else "",
        "questionnaire_started": bool(response and response.answers),
        "questionnaire_due": due,
        # The status page's promise of instruction emails holds only when the call has some.
        "instructions_by_email": application.status == "questionnaire"
        and bool(call.questionnaire_id)
        and call.instruction_emails.exists(),
        "answer_sections": answer_sections(application),
        "questionnaire_sections": sections,
        "timeline": timeline(application),
        "email_form": form,
    }
    status = 429 if getattr(request, "retry_after", 0) else 400 if form.errors else 200
    return private_page(request, "pbcert_wagtail/applicant/status.html", context, status)


class LostLinkView(PublicFormView):
    """Mail a new private link. The worker looks the address up and mails, so the answer is
    the same, and as quick, whether or not the address is known."""

    form_class = LostLinkForm
    template_name = "pbcert_wagtail/applicant/lost_link.html"
    scope = "lost-link"
    success_message = gettext_lazy(
        "If this address is the contact email of an application, a new private link is on its way to it. Check your inbox (and spam folder) in a few minutes."
    )

    def done(self, form):
        tasks.enqueue_new_links(form.cleaned_data["email"])


lost_link = LostLinkView.as_view()


@never_cache
def change_notice(request, token):
    """The applicant tells the team that details changed (text and optional files)."""
    application = linked_application(token)
    form = ChangeNoticeForm(request.POST if request.method == "POST" else None)
    uploads = request.FILES.getlist("files")
    if request.method == "POST" and not refused(request, "change", form) and form.is_valid():
        if len(uploads) > 5:
            form.add_error(None, _("At most 5 files at a time."))
        else:
            with suppress(Refused), atomic_with_files():  # Refused: rolled back, files too
                text = form.cleaned_data["text"]
                notice = ChangeNotice.objects.create(application=application, text=text)
                store_files(application, uploads, "change-notice", form, change_notice=notice)
                if form.errors:
                    raise Refused
                workflow.record_change_notice(application, notice)
                messages.success(request, _("Thank you: the team has been told about the change."))
                return redirect("pbcert:application_status", token=token)
    context = {"application": application, "form": form, "token": token}
    status = 429 if getattr(request, "retry_after", 0) else 400 if form.errors else 200
    return private_page(request, "pbcert_wagtail/applicant/change_notice.html", context, status)
