"""The application screen: what to do next at the top, then the read-only panels of its
life cycle. Every action posts to its own URL (actions.py)."""

from django.urls import reverse
from django.views.generic import TemplateView

from .actions import ApplicationPage, offered_actions
from .panels import panels_for


class ApplicationReviewView(ApplicationPage, TemplateView):
    """One application as staff, experts and the consortium see it: a short summary with
    links to its sections, the actions open to this user now (with what blocks them),
    then one panel per stage, finished stages folded to a line."""

    template_name = "pbcert_wagtail/admin/application_review.html"

    def get_context_data(self, **kwargs):
        facts, panels = panels_for(self.application, self.request.user)
        return super().get_context_data(
            **kwargs,
            application=self.application,
            facts=facts,
            panels=panels,
            actions=offered_actions(self.application, self.request.user),
            history_url=reverse("pbcert_applications:history", args=[self.application.pk])
            if self.request.user.has_perm("pbcert.change_application")
            else "",
        )
