"""The staff action "Remove this application's personal data" (retention.py does the work):
for an application that has ended, on request or before its retention period is over."""

from django import forms as django_forms
from django.utils.translation import gettext_lazy as _

from ... import retention, workflow
from .actions import ActionView
from .forms import ActionForm


class RemovePersonalDataForm(ActionForm):
    """A confirmation, since the removal cannot be undone."""

    confirm = django_forms.BooleanField(
        label=_("I understand that this cannot be undone"),
        error_messages={"required": _("Tick the box to confirm: the removal cannot be undone.")},
    )


class RemovePersonalDataView(ActionView):
    """Remove the contacts, contact email, personal answers, files, change notices, private
    links and email texts of an application that has ended; its statistics and History stay
    (Georgia's Law on Personal Data Protection: kept no longer than needed)."""

    name = "remove_personal_data"
    label = _("Remove this application's personal data")
    help_text = _(
        "This cannot be undone. The contact people, the contact email, the answers that "
        "identify a person, every file, the change notices, the private links and the texts "
        "of the emails are removed. The municipality, call, status, scores, decision and "
        "History stay."
    )
    statuses = retention.ENDED
    form_class = RemovePersonalDataForm

    @classmethod
    def is_current(cls, application):
        return application.status in cls.statuses and not retention.is_removed(application)

    def not_now(self):
        if retention.is_removed(self.application):
            return _("This application's personal data has already been removed.")
        return super().not_now()

    @classmethod
    def blocked(cls, application):
        return retention.refusal(application)

    def perform(self, form):
        if problem := self.blocked(self.application):
            raise workflow.TransitionNotAllowed(problem)
        try:
            counts = retention.remove_personal_data(self.application, self.request.user)
        except retention.CannotRemove as error:
            raise workflow.TransitionNotAllowed(str(error)) from None
        self.application.refresh_from_db()
        return _("Personal data removed: %(what)s") % {"what": retention.summary(counts)}
