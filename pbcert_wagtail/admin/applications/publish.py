"""Publishing a call's results early, with a preview of who is told what."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from ... import workflow
from ...models import Certificate, CertificationCall
from ..certificates import pdf_summary
from ..headers import NamedPage


class PublishResultsView(NamedPage, TemplateView):
    """Publish a call's results before the results date: shows what will be sent to whom."""

    template_name = "pbcert_wagtail/admin/publish_results.html"
    header_icon = "mail"

    def dispatch(self, request, pk):
        if not request.user.has_perms(["pbcert.confirm_application", "pbcert.record_decision"]):
            raise PermissionDenied
        self.call = get_object_or_404(CertificationCall, pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Publish the results of %(call)s") % {"call": self.call}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["call"] = self.call
        context["pending"] = list(workflow.decision.pending_decisions(self.call))
        context["pdf_summary"] = pdf_summary(Certificate.objects.filter(call=self.call))
        return context

    def post(self, request, pk):
        if told := workflow.publish_results(self.call, user=request.user):
            messages.success(
                request,
                ngettext(
                    "Published; %(count)d applicant is being emailed.",
                    "Published; %(count)d applicants are being emailed.",
                    told,
                )
                % {"count": told},
            )
        else:
            messages.error(
                request, _("These results are already published: nothing was sent again.")
            )
        return redirect("pbcert_applications:publish", pk)
