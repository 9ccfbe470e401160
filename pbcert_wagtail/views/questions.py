"""Ask an expert: the public form. The question is kept, and the only email it causes is
the confirmation of the asker's own address; once confirmed it goes to the staff's queue."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..community import questions
from ..fields import municipality_choices
from ..i18n import current_language
from ..models import Municipality
from .public_form import PublicFormView

QUESTION_MAX = 4000


class AskForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We send the answer here, once you have confirmed the address."),
    )
    municipality = forms.ChoiceField(
        label=_("Your municipality (if any)"), required=False, choices=()
    )
    question = forms.CharField(
        label=_("Your question"),
        min_length=10,
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    language = forms.ChoiceField(label=_("Language of the answer"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = municipality_choices()
        self.fields["language"].choices = settings.LANGUAGES  # each in its own language
        self.fields["language"].initial = current_language()

    def clean_municipality(self):
        code = self.cleaned_data["municipality"]
        return Municipality.objects.active().filter(code=code).first() if code else None


class AskView(PublicFormView):
    """POST a question: a confirmation link goes to the asker's address (and nothing else
    until it is confirmed); then staff see the question in their queue."""

    form_class = AskForm
    template_name = "pbcert_wagtail/questions/ask.html"
    scope = "ask_expert"
    success_message = _(
        "Thank you. Please confirm your address: we have sent you a link. Your question "
        "reaches our experts once it is confirmed."
    )
    indexable = True

    def done(self, form):
        data = form.cleaned_data
        questions.ask_question(
            data["name"], data["email"], data["question"], data["language"], data["municipality"]
        )


ask = AskView.as_view()
