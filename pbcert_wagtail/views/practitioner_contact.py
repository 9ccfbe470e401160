"""Writing to a practitioner: the visitor's name, address, message and consent. Nothing
goes to the practitioner until the visitor confirmed their own address
(community/confirmation.py); the practitioner's address is never shown."""

from django import forms
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from ..community import relay
from ..i18n import current_language
from ..limits import client_network
from ..models import Practitioner, PractitionerDirectoryPage
from .public_form import PublicFormView


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We first send you a link to confirm it; only then is the message passed on."),
    )
    message = forms.CharField(
        label=_("Your message"), min_length=10, max_length=4000, widget=forms.Textarea
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my name and email are passed on to this practitioner so that they can answer me."
        ),
        error_messages={"required": _("Without your consent we cannot pass your message on.")},
    )


class PractitionerContactView(PublicFormView):
    """The contact form of one practitioner who accepts messages (404 otherwise)."""

    form_class = ContactForm
    template_name = "pbcert_wagtail/community/contact.html"
    scope = "practitioner-contact"
    success_message = _(
        "Thank you. Please check your email: we have sent you a link to confirm your address. "
        "Your message goes to the practitioner only once you have confirmed."
    )

    def dispatch(self, request, *args, **kwargs):
        self.practitioner = get_object_or_404(Practitioner.objects.contactable(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["practitioner"] = self.practitioner
        context["directory"] = PractitionerDirectoryPage.for_locale(self.practitioner.locale)
        return context

    def done(self, form):
        data = form.cleaned_data
        row = relay.submit(
            self.practitioner,
            data["name"],
            data["email"],
            data["message"],
            current_language(),
            client_network(self.request),
        )
        if row is None:
            return _(
                "You have already written to this practitioner today. Please wait for the answer or try again tomorrow."
            )
        return None


contact = PractitionerContactView.as_view()
