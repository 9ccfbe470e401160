"""The page an invitation's link opens (people.py): the invited person chooses their
password, then signs in to the admin. Django's password-reset confirm view does the token
work (checked, moved into the session, the address without it); only an active account
still without a usable password may use it, so it is no back door to reset a password."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from .. import people
from .public_form import private


class AcceptInvitationView(auth_views.PasswordResetConfirmView):
    """Choose a password through the invitation's link; then the admin sign-in page."""

    template_name = "pbcert_wagtail/people/set_password.html"
    success_url = reverse_lazy("wagtailadmin_login")

    def dispatch(self, *args, **kwargs):
        return private(super().dispatch(*args, **kwargs))

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and people.awaiting_password(user) else None

    def form_valid(self, form):
        response = super().form_valid(form)
        people.password_chosen(self.user)
        text = _(
            "Your password is set. Sign in with your username “%(username)s” and your new password."
        )
        messages.success(self.request, text % {"username": self.user.get_username()})
        return response


accept_invitation = AcceptInvitationView.as_view()
