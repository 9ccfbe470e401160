"""The staff overview on the admin home, and the consortium's list of applications ready
for a decision."""

from collections import Counter

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component

from .. import permissions, roles
from ..charts import bar_chart
from ..models import (
    ApplicationStatus,
    CertificationCall,
    InformationRequest,
    ReviewAssignment,
)
from ..models.certificates import tbilisi_today
from ..roles import person_label
from ..scores import bulk_scores
from ..workflow.decision import pending_decisions
from .dashboard import MAX_ITEMS, Item, NextAction, listed
from .headers import NamedPage


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
    """Where the current call stands: its applications by status, as a chart and a table
    whose rows lead to the listing. What waits for whom is in the next-actions panel."""

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
        statuses = [
            {
                "label": label,
                "count": counts[value],
                "url": listing_url(call=call.pk, status=value),
            }
            for value, label in S.choices
        ]
        chart = bar_chart(
            [(s["label"], s["count"]) for s in statuses],
            title=_("Applications by status"),
            value_format="{:.0f}",
        )
        return {"call": call, "statuses": statuses, "chart": chart}


def application_item(application, due=None, note="", today=None):
    """An application named and linked, late when `due` is before `today` (Tbilisi)."""
    return Item(
        f"{application.reference} · {application.municipality.name}",
        reverse("pbcert_applications:review", args=[application.pk]),
        due,
        bool(due and due < (today or tbilisi_today())),
        note,
    )


def questionnaire_due(application):
    """The questionnaire's last day, with the extension staff granted."""
    response = getattr(application, "questionnaire", None)
    return response.due_date() if response else application.call.questionnaire_due


def staff_next_actions(user, today):
    """The programme team's work in the current call, stage by stage."""
    if not permissions.is_staff_member(user):
        return []
    call = CertificationCall.objects.current_or_last()
    if call is None:
        return [NextAction("staff", _("Applications"), 0, reverse("pbcert_applications:index"))]
    S = ApplicationStatus
    applications = (
        permissions.visible_applications(user)
        .filter(call=call)
        .select_related("municipality", "call")
        .order_by("created_at", "pk")
    )

    def at(*statuses):
        return applications.filter(status__in=statuses)

    def by_status(status):
        return listing_url(call=call.pk, status=status)

    def action(label, applications, url, order, due=None, note=None):
        def item(a):
            return application_item(a, due(a) if due else None, note(a) if note else "", today)

        return listed("staff", label, applications, url, item, order)

    active = Q(assignments__withdrawn_at__isnull=True, assignments__purpose="review") & ~Q(
        assignments__has_conflict=True
    )
    short_of_experts = (
        at(S.IN_REVIEW)
        .annotate(experts=Count("assignments", filter=active))
        .filter(experts__lt=F("call__experts_per_application"))
    )
    reviewed = Q(assignments__review__submitted_at__isnull=False) & active
    reviews_in = (
        at(S.IN_REVIEW)
        .annotate(reviews=Count("assignments", filter=reviewed))
        .filter(reviews__gte=F("call__experts_per_application"))
    )
    waited_for = active & Q(assignments__review__submitted_at__isnull=True)
    under_way = (
        at(S.IN_REVIEW)
        .annotate(
            experts=Count("assignments", filter=active, distinct=True),
            reviews=Count("assignments", filter=reviewed, distinct=True),
            due=Max("assignments__due_date", filter=waited_for),
        )
        .filter(experts__gte=F("call__experts_per_application"))
        .filter(reviews__lt=F("call__experts_per_application"))
        .order_by("due", "pk")
    )
    overdue_reviews = (
        ReviewAssignment.objects.active()
        .filter(application__in=applications, due_date__lt=today, purpose="review")
        .exclude(has_conflict=True)
        .exclude(review__submitted_at__isnull=False)
        .select_related("application__municipality", "expert")
        .order_by("due_date", "pk")
    )
    requests = (
        InformationRequest.objects.open()
        .filter(application__in=applications)
        .select_related("application__municipality")
        .order_by("due_date", "pk")
    )
    publish_url = reverse("pbcert_applications:publish", args=[call.pk])
    to_publish = pending_decisions(call).filter(application__in=applications)
    actions = [
        action(
            ngettext_lazy("new application to confirm", "new applications to confirm", "count"),
            at(S.AWAITING_CONFIRMATION),
            by_status(S.AWAITING_CONFIRMATION),
            10,
        ),
        action(
            ngettext_lazy("questionnaire overdue", "questionnaires overdue", "count"),
            overdue_questionnaires(applications).select_related("questionnaire"),
            listing_url(call=call.pk, questionnaire_state="overdue"),
            20,
            due=questionnaire_due,
        ),
        action(
            ngettext_lazy(
                "questionnaire submitted: start its completeness check",
                "questionnaires submitted: start their completeness check",
                "count",
            ),
            at(S.SUBMITTED),
            by_status(S.SUBMITTED),
            30,
        ),
        action(
            ngettext_lazy("completeness check to finish", "completeness checks to finish", "count"),
            at(S.SCREENING),
            by_status(S.SCREENING),
            35,
        ),
        action(
            ngettext_lazy(
                "application short of experts: assign them",
                "applications short of experts: assign them",
                "count",
            ),
            short_of_experts,
            by_status(S.IN_REVIEW),
            40,
            note=lambda a: (
                _("%(count)d of %(needed)d experts")
                % {"count": a.experts, "needed": a.call.experts_per_application}
            ),
        ),
        action(
            ngettext_lazy(
                "application in expert review, reviews still to come",
                "applications in expert review, reviews still to come",
                "count",
            ),
            under_way,
            by_status(S.IN_REVIEW),
            45,
            due=lambda a: a.due,
            note=lambda a: (
                _("%(count)d of %(needed)d reviews in")
                % {"count": a.reviews, "needed": a.call.experts_per_application}
            ),
        ),
        listed(
            "staff",
            ngettext_lazy("review overdue", "reviews overdue", "count"),
            overdue_reviews,
            by_status(S.IN_REVIEW),
            lambda r: application_item(r.application, r.due_date, person_label(r.expert), today),
            order=50,
        ),
        listed(
            "staff",
            ngettext_lazy(
                "information request waiting for an answer",
                "information requests waiting for an answer",
                "count",
            ),
            requests,
            by_status(S.INFORMATION_REQUESTED),
            lambda r: application_item(r.application, r.due_date, today=today),
            order=60,
        ),
        action(
            ngettext_lazy(
                "application with all its reviews in: send it to the consortium",
                "applications with all their reviews in: send them to the consortium",
                "count",
            ),
            reviews_in,
            by_status(S.IN_REVIEW),
            55,
        ),
        action(
            ngettext_lazy("decision to record", "decisions to record", "count"),
            at(S.READY_FOR_DECISION),
            reverse("pbcert_applications:consortium"),
            70,
        ),
        listed(
            "staff",
            ngettext_lazy("decision to publish", "decisions to publish", "count"),
            to_publish,
            publish_url,
            lambda d: application_item(d.application),
            order=80,
            due=call.results_at,
            late=call.results_at < today,
        ),
    ]
    return actions


def consortium_next_actions(user, today):
    """A consortium member's list for the next meeting: the applications ready for a
    decision, with their weighted averages where the member may see them."""
    if not roles.holds(user, roles.CONSORTIUM):
        return []
    ready = (
        permissions.visible_applications(user)
        .filter(status=ApplicationStatus.READY_FOR_DECISION)
        .select_related("municipality", "call")
        .order_by("reference")
    )
    first = list(ready[:MAX_ITEMS])
    hidden = permissions.reviews_hidden_from(user, first)
    scores = bulk_scores([a for a in first if a.pk not in hidden])
    items = []
    for application in first:
        total = scores.get(application.pk, ([], None, []))[1]
        note = _("weighted average %(total)s") % {"total": total} if total is not None else ""
        items.append(application_item(application, note=note))
    url = reverse("pbcert_applications:consortium")
    count = ready.count()
    return [
        NextAction(
            "consortium",
            ngettext_lazy(
                "application ready for the consortium's decision",
                "applications ready for the consortium's decision",
                "count",
            ),
            count,
            url,
            items,
        )
    ]


def overview_panel_for(request):
    if not permissions.is_staff_member(request.user):
        return None
    call = CertificationCall.objects.current_or_last()
    return OverviewPanel(call, request.user) if call else None


class ConsortiumView(NamedPage, TemplateView):
    """Applications ready for the consortium, with their weighted averages."""

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
