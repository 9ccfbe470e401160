"""The certified municipality answers the invitation to the handover conference, from
its private link."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from ..certificates.conference import record_answer
from ..limits import refused
from ..models import ConferenceAnswer, HandoverConference
from .certificates import published_certificate
from .public_form import linked_application, private_page

YES_NO = [(True, gettext_lazy("Yes, we are coming")), (False, gettext_lazy("No, we cannot come"))]


class ConferenceAnswerForm(forms.ModelForm):
    attending = forms.TypedChoiceField(
        label=gettext_lazy("Are you coming?"),
        choices=YES_NO,
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = ConferenceAnswer
        fields = [
            "attending",
            "people",
            "names_and_roles",
            "needs_travel",
            "needs_hotel",
            "dietary_needs",
        ]
        widgets = {
            "names_and_roles": forms.Textarea(attrs={"rows": 4}),
            "dietary_needs": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "people": gettext_lazy("At most 10."),
            "names_and_roles": gettext_lazy("One person a line: name, role."),
        }

    def clean(self):
        data = super().clean()
        if data.get("attending"):
            if not data.get("people"):
                self.add_error("people", _("Say how many of you are coming."))
            if not (data.get("names_and_roles") or "").strip():
                self.add_error("names_and_roles", _("Name those who are coming, with their roles."))
            elif (
                data.get("people")
                and len(data["names_and_roles"].strip().splitlines()) > data["people"]
            ):
                self.add_error("names_and_roles", _("There are more names than people coming."))
        return data


@never_cache
def conference_answer(request, token):
    """The invitation (date, place, programme) and the answer form."""
    application = linked_application(token)
    certificate = published_certificate(application)
    conference = certificate and HandoverConference.objects.filter(call=certificate.call_id).first()
    if not conference or certificate.revoked_at:
        raise Http404
    existing = ConferenceAnswer.objects.filter(
        conference=conference, certificate=certificate
    ).first()
    form = ConferenceAnswerForm(request.POST or None, instance=existing)
    if request.method == "POST" and not refused(request, f"conference:{certificate.pk}", form):
        if form.is_valid():
            record_answer(conference, certificate, dict(form.cleaned_data))
            messages.success(
                request,
                _("Thank you: your answer is saved. You can change it here until the conference."),
            )
            return redirect("pbcert:application_status", token=token)
    context = {"conference": conference, "certificate": certificate, "form": form, "token": token}
    status = 429 if getattr(request, "retry_after", 0) else 400 if form.errors else 200
    return private_page(request, "pbcert_wagtail/applicant/conference.html", context, status)
