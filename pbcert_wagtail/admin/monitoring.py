"""Monitoring in the admin: staff set a call's check-ins; the overview across certified
municipalities (who reported, who is late, how much is done, with a chart and an export);
one certificate's record with its reports, where staff or the monitoring expert assess
each recommendation after a check-in, and staff assign that expert."""

from itertools import chain

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from .. import conf, exports, permissions, roles
from ..certificates import monitoring as service
from ..charts import bar_chart
from ..models import (
    Certificate,
    MonitoringAssessment,
    MonitoringCheckIn,
    MonitoringReport,
    ProgressStatus,
)
from ..workflow import TransitionNotAllowed
from ..year_on_year import year_by_year
from .dashboard import Item, NextAction

VIEW = "pbcert.view_monitoringcheckin"


class MonitoringViewSet(ModelViewSet):
    """A call's monitoring check-ins (dates, names in both languages); the menu opens the
    overview."""

    model = MonitoringCheckIn
    icon = "list-ul"
    menu_label = gettext_lazy("Monitoring")
    add_to_admin_menu = False
    url_prefix = "monitoring"
    copy_view_enabled = False
    form_fields = ["call", "due_date", "label_ka", "label_en"]
    list_display = [
        "label_ka",
        "label_en",
        "call",
        Column(
            "due_date", label=gettext_lazy("report due"), accessor=lambda c: date_format(c.due_date)
        ),
    ]
    list_filter = ["call"]

    @property
    def menu_url(self):
        return reverse(self.get_url_name("overview"))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("overview/", OverviewView.as_view(), name="overview"),
            path("certificate/<int:pk>/", CertificateMonitoringView.as_view(), name="certificate"),
            path(
                "certificate/<int:pk>/assess/<int:check_in>/",
                AssessView.as_view(),
                name="assess",
            ),
            path("certificate/<int:pk>/assign/", AssignView.as_view(), name="assign"),
        ]


def certificate_url(certificate):
    return reverse("monitoringcheckin:certificate", args=[certificate.pk])


class OverviewView(WagtailAdminTemplateMixin, TemplateView):
    """Every monitored certificate: its recommendations by progress, its reports per
    check-in (sent, late, to come), the last update; totals, a chart and an export."""

    template_name = "pbcert_wagtail/admin/monitoring/overview.html"
    page_title = gettext_lazy("Monitoring")
    header_icon = "list-ul"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW):
            raise PermissionDenied
        if request.GET.get("format") in ("csv", "xlsx"):
            return self.export(request.GET["format"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        rows = service.overview()
        late = [row for row in rows if any(is_late for _c, _r, is_late in row.reports)]
        totals = {
            "certificates": len(rows),
            "reported": sum(1 for row in rows if any(r for _c, r, _l in row.reports)),
            "late": len(late),
            "recommendations": sum(row.total for row in rows),
            "done": sum(row.counts[ProgressStatus.DONE] for row in rows),
        }
        chart = bar_chart(
            [(row.certificate.municipality.name, row.done_share) for row in rows],
            maximum=100,
            title=_("Recommendations done, per cent"),
            value_format="{:g} %",
        )
        return {
            **super().get_context_data(**kwargs),
            "rows": rows,
            "totals": totals,
            "chart": chart if rows else "",
            "statuses": ProgressStatus.choices,
            "check_ins_url": reverse("monitoringcheckin:index"),
        }

    def export(self, kind):
        header = [
            _("municipality"),
            _("certificate"),
            *(label for _value, label in ProgressStatus.choices),
            _("Recommendations done, per cent"),
            _("Reports"),
            _("Late"),
            _("Last update"),
        ]
        lines = (
            [
                row.certificate.municipality.name,
                row.certificate.number,
                *(row.counts[value] for value in ProgressStatus.values),
                "" if row.done_share is None else row.done_share,
                sum(1 for _c, report, _l in row.reports if report),
                sum(1 for _c, _r, is_late in row.reports if is_late),
                row.last_update.date().isoformat() if row.last_update else "",
            ]
            for row in service.overview()
        )
        return exports.response(chain([header], lines), kind, "monitoring")


def experts():
    """Users who may be assigned (the Experts group's permission)."""
    User = get_user_model()
    perm = Q(groups__permissions__codename="review_assigned") | Q(is_superuser=True)
    return User.objects.filter(perm, is_active=True).distinct().order_by("username")


class AssignMonitorForm(forms.Form):
    expert = forms.ModelChoiceField(label=gettext_lazy("Expert"), queryset=None)
    due_date = forms.DateField(
        label=gettext_lazy("Assessment due"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts()
        self.fields["expert"].label_from_instance = roles.person_label


class AssessmentForm(forms.Form):
    """A text per recommendation (empty: none)."""

    def __init__(self, *args, recommendations=(), existing=None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = existing or {}
        for recommendation in recommendations:
            self.fields[f"r{recommendation.pk}"] = forms.CharField(
                label=recommendation.text,
                required=False,
                max_length=3000,
                initial=existing.get(recommendation.pk, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def texts(self):
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class CertificateMonitoringView(WagtailAdminTemplateMixin, TemplateView):
    """One certificate's year: its record, its reports per check-in with the record as
    sent, the assessments (a form each where the user may assess), and staff's assignment
    of a monitoring expert. Staff and that expert (without a conflict) only."""

    template_name = "pbcert_wagtail/admin/monitoring/certificate.html"
    header_icon = "list-ul"

    def dispatch(self, request, pk, **kwargs):
        self.certificate = get_object_or_404(
            Certificate.objects.select_related("municipality", "call", "decision__application"),
            pk=pk,
            decision__isnull=False,
        )
        user = request.user
        self.staff = user.has_perm(VIEW) and permissions.may_see_application(
            user, self.certificate.decision.application
        )
        self.assignment = service.monitoring_assignment(self.certificate, user)
        if not self.staff and not service.may_assess(user, self.certificate):
            if self.assignment and self.assignment.has_conflict is None:
                return redirect("pbcert_reviews:assignment", self.assignment.pk)
            raise PermissionDenied
        return super().dispatch(request, pk, **kwargs)

    def get_page_title(self):
        return _("Monitoring: %(municipality)s, %(number)s") % {
            "municipality": self.certificate.municipality.name,
            "number": self.certificate.number,
        }

    def get_breadcrumbs_items(self):
        if self.staff:
            up = {"url": reverse("monitoringcheckin:overview"), "label": _("Monitoring")}
        else:
            up = {"url": reverse("pbcert_reviews:index"), "label": _("My reviews")}
        return [*self.breadcrumbs_items, up, {"url": "", "label": self.get_page_title()}]

    def file_url(self, attachment):
        if self.staff:
            return reverse("pbcert_applications:attachment", args=[attachment.pk])
        return reverse("pbcert_reviews:attachment", args=[self.assignment.pk, attachment.pk])

    def get_context_data(self, bound=None, assign_form=None, **kwargs):
        certificate = self.certificate
        record = service.record_of(certificate)
        recommendations = [recommendation for recommendation, _progress in record]
        reports = {
            r.check_in_id: r for r in MonitoringReport.objects.filter(certificate=certificate)
        }
        assessments = {}
        for assessment in MonitoringAssessment.objects.filter(
            recommendation__certificate=certificate
        ).select_related("written_by"):
            assessments.setdefault(assessment.check_in_id, {})[assessment.recommendation_id] = (
                assessment
            )
        today, may_assess = timezone.localdate(), service.may_assess(self.request.user, certificate)
        check_ins = []
        for check_in in service.check_ins_of(certificate):
            report = reports.get(check_in.pk)
            written = assessments.get(check_in.pk, {})
            open_for_assessment = bool(report) or check_in.due_date <= today
            form = None
            if may_assess and open_for_assessment:
                if bound is not None and bound[0] == check_in.pk:
                    form = bound[1]
                else:
                    existing = {pk: a.text for pk, a in written.items()}
                    form = AssessmentForm(recommendations=recommendations, existing=existing)
            sent = report.progress if report else {}
            lines = [
                {
                    "recommendation": recommendation,
                    "sent": sent.get(str(recommendation.uid)),
                    "assessment": written.get(recommendation.pk),
                    "field": form[f"r{recommendation.pk}"] if form else None,
                }
                for recommendation in recommendations
            ]
            check_ins.append(
                {
                    "check_in": check_in,
                    "report": report,
                    "late": report is None and check_in.due_date < today,
                    "lines": lines,
                    "form": form,
                    "assess_url": reverse(
                        "monitoringcheckin:assess", args=[certificate.pk, check_in.pk]
                    ),
                }
            )
        monitors = certificate.decision.application.assignments.active().filter(
            purpose="monitoring"
        )
        return {
            **super().get_context_data(**kwargs),
            "certificate": certificate,
            "record": [
                {
                    "recommendation": recommendation,
                    "progress": progress,
                    "files": [(a, self.file_url(a)) for a in progress.evidence.all()]
                    if progress.pk
                    else [],
                }
                for recommendation, progress in record
            ],
            "check_ins": check_ins,
            "staff": self.staff,
            "monitors": monitors.select_related("expert"),
            "assign_form": (assign_form or AssignMonitorForm()) if self.staff else None,
            "assign_url": reverse("monitoringcheckin:assign", args=[certificate.pk]),
            "years": year_by_year(certificate.municipality) if self.staff else None,
            "statuses": dict(ProgressStatus.choices),
            "reminder_days": conf.days("MONITORING_REMINDER_DAYS"),
        }


class AssessView(CertificateMonitoringView):
    """Save the assessments of one check-in."""

    http_method_names = ["post"]

    def post(self, request, pk, check_in):
        check_in = get_object_or_404(MonitoringCheckIn, pk=check_in)
        recommendations = list(self.certificate.recommendations.all())
        form = AssessmentForm(request.POST, recommendations=recommendations)
        if form.is_valid():
            try:
                service.save_assessments(self.certificate, check_in, form.texts(), request.user)
            except TransitionNotAllowed as refusal:
                form.add_error(None, str(refusal.args[0]))
            else:
                messages.success(request, _("Assessment saved."))
                return redirect(certificate_url(self.certificate))
        context = self.get_context_data(bound=(check_in.pk, form))
        return self.render_to_response(context, status=400)


class AssignView(CertificateMonitoringView):
    """Staff ask an expert to assess this certificate's check-ins."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if not self.staff or not permissions.is_staff_member(request.user):
            raise PermissionDenied
        form = AssignMonitorForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                service.assign_monitor(
                    self.certificate, data["expert"], data["due_date"], request.user
                )
            except TransitionNotAllowed as refusal:
                form.add_error("expert", str(refusal.args[0]))
            else:
                messages.success(request, _("The expert is assigned and emailed."))
                return redirect(certificate_url(self.certificate))
        return self.render_to_response(self.get_context_data(assign_form=form), status=400)


def monitoring_next_actions(user, today):
    """For staff: the municipalities late with a monitoring report."""
    if not user.has_perm(VIEW) or not permissions.is_staff_member(user):
        return []
    late = []
    for row in service.overview(today):
        due = [check_in.due_date for check_in, _r, is_late in row.reports if is_late]
        if due:
            late.append(Item(row.certificate.municipality.name, certificate_url(row.certificate),
                             min(due), True))  # fmt: skip
    url = reverse("monitoringcheckin:overview")
    return [
        NextAction(
            "staff",
            ngettext_lazy("monitoring report late", "monitoring reports late", "count"),
            len(late),
            url,
            late,
            order=90,
            late=bool(late),
        )
    ]
