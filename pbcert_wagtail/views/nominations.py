"""Nominate a municipality: the public form (public-form base: honeypot, per-IP limit,
length limits, CSRF, errors next to the fields, redirect after POST)."""

from django import forms
from django.utils.translation import gettext_lazy

from ..community import nominations
from ..fields import municipality_choices
from ..i18n import current_language
from ..models import Municipality
from .public_form import PublicFormView

REASON_MAX = 2000


class NominationForm(forms.Form):
    """Which municipality, why, and (optionally) where to tell the nominator what came of it."""

    municipality = forms.ChoiceField(
        label=gettext_lazy("Municipality"), choices=municipality_choices
    )
    reason = forms.CharField(
        label=gettext_lazy("Why should it take part?"),
        help_text=gettext_lazy(
            "What the municipality already does with its residents, or why it should start."
        ),
        max_length=REASON_MAX,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    email = forms.EmailField(
        label=gettext_lazy("Your email (optional)"),
        help_text=gettext_lazy(
            "Only to tell you what the programme team decided, once you have confirmed it. "
            "It is never shown to anyone, nor passed on to the municipality."
        ),
        max_length=254,
        required=False,
    )

    def clean_municipality(self):
        code = self.cleaned_data["municipality"]
        municipality = Municipality.objects.active().filter(code=code).first()
        if municipality is None:
            raise forms.ValidationError(gettext_lazy("Choose a municipality from the list."))
        return municipality


class NominateView(PublicFormView):
    """Anyone may suggest that a municipality takes part; staff review it before the
    municipality hears anything."""

    form_class = NominationForm
    template_name = "pbcert_wagtail/nominations/nominate.html"
    scope = "nominate"
    success_message = gettext_lazy(
        "Thank you for your nomination. The programme team will review it; if you gave your "
        "email, please confirm it with the link we have sent, and we will tell you what was decided."
    )
    indexable = True

    def done(self, form):
        data = form.cleaned_data
        nominations.nominate(
            data["municipality"], data["reason"], data["email"], current_language()
        )


nominate = NominateView.as_view()
