"""The staff overview on the admin home, and the consortium's list of applications ready
for a decision."""

from collections import Counter

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import permissions
from ..charts import bar_chart
from ..models import (
    ApplicationStatus,
    Certificate,
    CertificateDocument,
    CertificationCall,
    InformationRequest,
    OutboxStatus,
    PdfState,
    ReviewAssignment,
)
from ..scores import bulk_scores
from ..workflow.decision import pending_decisions
from .outbox import visible_emails


def listing_url(**filters):
    return reverse("pbcert_applications:index") + "?" + urlencode(filters)


def overdue_questionnaires(applications):
    """Applications whose questionnaire is still open after its deadline (or extension)."""
    today = timezone.localdate()
    return applications.filter(
        status=ApplicationStatus.QUESTIONNAIRE, call__questionnaire_due__lt=today
    ).filter(
        Q(questionnaire__extended_until__isnull=True) | Q(questionnaire__extended_until__lt=today)
    )


class OverviewPanel(Component):
    """Where the current call stands: applications by status, and what waits for whom."""

    name = "pbcert_overview"
    order = 50
    template_name = "pbcert_wagtail/admin/overview_panel.html"

    def __init__(self, call, user):
        self.call, self.user = call, user

    def get_context_data(self, parent_context):
        call, S = self.call, ApplicationStatus
        # Counted as the listing shows them: without those this user may not see.
        applications = permissions.visible_applications(self.user).filter(call=call)
        counts = Counter(dict(applications.values_list("status").annotate(Count("pk"))))
        url = {value: listing_url(call=call.pk, status=value) for value in S.values}
        statuses = [
            {"label": label, "count": counts[value], "url": url[value]}
            for value, label in S.choices
        ]
        chart = bar_chart(
            [(s["label"], s["count"]) for s in statuses],
            title=_("Applications by status"),
            value_format="{:.0f}",
        )
        reviews_overdue = (
            ReviewAssignment.objects.active()
            .filter(application__in=applications, due_date__lt=timezone.localdate())
            .filter(purpose="review")
            .exclude(has_conflict=True)
            .exclude(review__submitted_at__isnull=False)
        )
        requests = InformationRequest.objects.open().filter(application__in=applications)
        awaiting = S.AWAITING_CONFIRMATION
        questionnaires_overdue = overdue_questionnaires(applications)
        overdue_url = listing_url(call=call.pk, questionnaire_state="overdue")
        consortium_url = reverse("pbcert_applications:consortium")
        publish_url = reverse("pbcert_applications:publish", args=[call.pk])
        waiting = [  # (label, how many, where they are listed)
            (_("Confirmations waiting"), counts[awaiting], url[awaiting]),
            (_("Questionnaires overdue"), questionnaires_overdue.count(), overdue_url),
            (_("Reviews overdue"), reviews_overdue.count(), url[S.IN_REVIEW]),
            (_("Information requests waiting"), requests.count(), url[S.INFORMATION_REQUESTED]),
            (_("Decisions pending"), counts[S.READY_FOR_DECISION], consortium_url),
            (_("Decisions to publish"), pending_decisions(call).count(), publish_url),
        ]
        if self.user.has_perm("pbcert.view_outboxmessage"):
            undelivered = visible_emails(self.user).filter(status=OutboxStatus.FAILED)
            outbox_url = reverse("pbcert_outbox:index") + "?status=failed"
            waiting.append(
                (_("Emails that could not be delivered"), undelivered.count(), outbox_url)
            )
        if self.user.has_perm("pbcert.view_certificate"):
            certificates = Certificate.objects.filter(call=call)
            pdfs = reverse("certificate:index") + f"?call={call.pk}&pdf="
            pending = CertificateDocument.objects.filter(
                certificate__in=certificates, replaced_at__isnull=True, state=PdfState.PENDING
            )
            waiting += [
                (_("Certificate PDFs being rendered"), pending.count(), pdfs + "pending"),
                (
                    _("Certificate PDFs that failed"),
                    pending.exclude(last_error="").count(),
                    pdfs + "failed",
                ),
            ]
        return {"call": call, "statuses": statuses, "chart": chart, "waiting": waiting}


def overview_panel_for(request):
    if not permissions.is_staff_member(request.user):
        return None
    call = CertificationCall.objects.current_or_last()
    return OverviewPanel(call, request.user) if call else None


class ConsortiumView(WagtailAdminTemplateMixin, TemplateView):
    """Applications ready for the consortium, with their weighted totals."""

    template_name = "pbcert_wagtail/admin/consortium.html"
    page_title = _("Ready for the consortium")
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perms(["pbcert.view_application", "pbcert.view_expertreview"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        applications = list(
            permissions.visible_applications(self.request.user)
            .filter(status=ApplicationStatus.READY_FOR_DECISION)
            .select_related("municipality", "call")
            .order_by("reference")
        )
        hidden = permissions.reviews_hidden_from(self.request.user, applications)
        scores = bulk_scores([a for a in applications if a.pk not in hidden])
        context["rows"] = [
            {
                "application": application,
                "total": total,
                "reviews": len(reviews),
                "recommendations": ", ".join(r.get_recommendation_display() for r in reviews),
            }
            for application in applications
            for _rows, total, reviews in [scores.get(application.pk, ([], None, []))]
        ]
        return context
