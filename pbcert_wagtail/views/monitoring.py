"""The certified municipality's progress record, from its private link: where it stands on
each recommendation, with evidence files, and the report it sends for each check-in."""

from contextlib import suppress

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from ..certificates import monitoring as service
from ..limits import refused
from ..models import ProgressStatus
from ..uploads import atomic_with_files, store_files
from ..workflow import TransitionNotAllowed
from .certificates import published_certificate
from .public_form import linked_application, private_page
from .questionnaire import Refused

MAX_FILES = 5


class ProgressForm(forms.Form):
    """A status and a note per recommendation (fields s<pk>, n<pk>)."""

    def __init__(self, *args, record=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = []
        for recommendation, progress in record:
            status = forms.ChoiceField(
                label=gettext_lazy("Progress"),
                choices=ProgressStatus.choices,
                initial=progress.status,
                widget=forms.RadioSelect,
            )
            note = forms.CharField(
                label=gettext_lazy("What was done"),
                required=False,
                max_length=3000,
                initial=progress.note,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"s{recommendation.pk}"] = status
            self.fields[f"n{recommendation.pk}"] = note
            self.items.append((recommendation, progress))

    def rows(self):
        """(recommendation, progress, status field, note field, files field name)."""
        return [(r, p, self[f"s{r.pk}"], self[f"n{r.pk}"], f"f{r.pk}") for r, p in self.items]

    def summary_label(self, bound):
        """The error summary names the recommendation too: "2. Publish the report — Progress"."""
        for number, (recommendation, _progress) in enumerate(self.items, start=1):
            if bound.name[1:] == str(recommendation.pk):
                text = Truncator(recommendation.text).chars(80)
                return f"{number}. {text} — {bound.label}"
        return bound.label

    def entries(self):
        return {
            r.pk: (self.cleaned_data[f"s{r.pk}"], self.cleaned_data[f"n{r.pk}"].strip())
            for r, _p in self.items
        }


@never_cache
def progress_record(request, token):
    """The record, saved as a draft any time during the year or sent as the report of the
    check-in that is due."""
    application = linked_application(token)
    certificate = published_certificate(application)
    if certificate is None or not service.monitored(certificate):
        raise Http404
    record = service.record_of(certificate)
    due = service.report_due(certificate)
    form = ProgressForm(request.POST or None, record=record)
    if request.method == "POST" and not refused(request, f"progress:{certificate.pk}", form):
        uploads = {r.pk: request.FILES.getlist(f"f{r.pk}") for r, _p in record}
        if any(len(files) > MAX_FILES for files in uploads.values()):
            form.add_error(None, _("At most 5 files at a time."))
        elif form.is_valid():
            sending = "send" in request.POST and due is not None
            with suppress(Refused, TransitionNotAllowed), atomic_with_files():
                rows = service.save_progress(certificate, form.entries())
                for pk, files in uploads.items():
                    key = f"progress-{pk}"
                    store_files(application, files, key, form, f"n{pk}", progress=rows[pk])
                if form.errors:
                    raise Refused  # the record and its files roll back together
                if sending:
                    service.send_report(certificate, due)
                    messages.success(
                        request,
                        _("Thank you: your report for “%(check_in)s” is sent.")
                        % {"check_in": due.label},
                    )
                else:
                    messages.success(request, _("Your progress record is saved."))
                return redirect("pbcert:progress_record", token=token)
            if not form.errors:
                form.add_error(None, _("This certificate is no longer monitored."))
    context = {
        "application": application,
        "certificate": certificate,
        "form": form,
        "due": due,
        "reports": certificate.monitoring_reports.select_related("check_in"),
        "check_ins": service.check_ins_of(certificate),
        "token": token,
        "max_files": MAX_FILES,
    }
    status = 429 if getattr(request, "retry_after", 0) else 400 if form.errors else 200
    return private_page(request, "pbcert_wagtail/applicant/monitoring.html", context, status)
