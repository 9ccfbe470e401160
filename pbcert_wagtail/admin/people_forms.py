"""The People screen's form (admin/people.py): whom staff invite, to which role, and in
which language the invitation goes."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .. import people


class InviteForm(forms.Form):
    """An invitation: the person's email and name, their role (programme staff only for
    those who may invite staff) and the invitation's language (also their admin's)."""

    email = forms.EmailField(label=_("Email"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), widget=forms.RadioSelect)
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        widget=forms.RadioSelect,
        help_text=_("Their admin will be in this language too; they can change it later."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = people.roles_for(user)
        self.fields["role"].choices = [(role.key, role.label) for role in choices]
        if "staff" not in {role.key for role in choices}:
            self.fields["role"].help_text = _("Only an administrator can invite programme staff.")

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if existing := people.account_with_email(email):
            raise forms.ValidationError(str(people.EmailTaken(existing)), code="taken")
        return email
