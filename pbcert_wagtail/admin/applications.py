"""Admin for applications: the listing, the review screen with the confirmation gate."""

import datetime
import re

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import ActionColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from .. import conf, permissions, workflow
from ..charts import bar_chart
from ..diffs import word_diff
from ..models import (
    Application,
    Attachment,
    ConsortiumDecision,
    Outcome,
    QuestionnaireResponse,
    Region,
)
from ..scores import application_scores
from ..views.questionnaire import serve_attachment
from .overview import ConsortiumView


def review_url(application):
    return reverse("pbcert_applications:review", args=[application.pk])


class QuestionnaireStateFilter(django_filters.ChoiceFilter):
    def filter(self, queryset, value):
        today = timezone.localdate()
        if value == "draft":
            return queryset.filter(status="questionnaire")
        if value == "submitted":
            return queryset.filter(questionnaire__submitted_at__isnull=False)
        if value == "overdue":
            return queryset.filter(
                status="questionnaire", call__questionnaire_due__lt=today
            ).filter(
                Q(questionnaire__extended_until__isnull=True)
                | Q(questionnaire__extended_until__lt=today)
            )
        return queryset


class ApplicationFilterSet(WagtailFilterSet):
    region = django_filters.ChoiceFilter(
        field_name="municipality__region", choices=Region.choices, label=_("region")
    )
    questionnaire_state = QuestionnaireStateFilter(
        label=_("questionnaire"),
        choices=[
            ("draft", _("being filled in")),
            ("submitted", _("submitted")),
            ("overdue", _("overdue")),
        ],
    )

    class Meta:
        model = Application
        fields = ["call", "status", "language", "region", "municipality", "questionnaire_state"]


class ApplicationIndexView(generic.IndexView):
    def get_base_queryset(self):
        visible = permissions.visible_applications(self.request.user)
        return (
            super()
            .get_base_queryset()
            .filter(pk__in=visible.values("pk"))
            .select_related("municipality", "call")
        )

    def get_header_buttons(self):
        buttons = super().get_header_buttons()
        query = self.request.GET.urlencode()
        for label, kind in ((_("Export CSV"), "csv"), (_("Export XLSX"), "xlsx")):
            buttons.append(
                HeaderButton(
                    label,
                    url=f"{reverse('pbcert_applications:export')}?format={kind}&{query}",
                    icon_name="download",
                )
            )
        if self.request.user.has_perm("pbcert.view_expertreview"):
            buttons.append(
                HeaderButton(
                    _("Export reviews"),
                    url=f"{reverse('pbcert_applications:export_reviews')}?format=xlsx&{query}",
                    icon_name="download",
                )
            )
        return buttons


class ApplicationReviewView(WagtailAdminTemplateMixin, TemplateView):
    """One application as staff see it: answers, contacts, history, and the actions
    the life cycle allows now (confirm that the process starts, or decline)."""

    template_name = "pbcert_wagtail/admin/application_review.html"
    header_icon = "form"

    def dispatch(self, request, pk):
        if not request.user.has_perm("pbcert.view_application") and not request.user.has_perm(
            "pbcert.change_application"
        ):
            raise PermissionDenied
        self.application = get_object_or_404(
            Application.objects.select_related("municipality", "call"), pk=pk
        )
        if not permissions.may_see_application(request.user, self.application):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_page_title(self):
        return f"{self.application.reference} · {self.application.municipality.name}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("pbcert_applications:index"), "label": _("Applications")},
            {"url": "", "label": self.application.reference},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        response = QuestionnaireResponse.objects.filter(application=self.application).first()
        language = (get_language() or "ka")[:2]
        scores = (
            application_scores(self.application)
            if permissions.may_see_reviews(self.request.user, self.application)
            else None
        )
        context.update(
            {
                "questionnaire": response,
                "questionnaire_rows": response.answer_rows() if response else [],
                "attachments": list(self.application.attachments.all()),
                "other_revisions": [
                    {
                        "key": r.key,
                        "when": r.created_at,
                        "diff": word_diff(r.old_value, r.new_value),
                    }
                    for r in self.application.revisions.filter(information_request__isnull=True)
                ],
                "can_decide": self.request.user.has_perm("pbcert.record_decision"),
                "consortium_members": consortium_members(),
                "decision": getattr(self.application, "decision", None)
                if ConsortiumDecision.objects.filter(application=self.application).exists()
                else None,
                "proposed_recommendations": proposed_recommendations(self.application),
                "outcomes": Outcome.choices,
                "information_requests": [
                    {
                        "request": info,
                        "overdue": info.is_overdue(),
                        "revisions": [
                            {"key": r.key, "diff": word_diff(r.old_value, r.new_value)}
                            for r in info.revisions.all()
                        ],
                        "files": [a for a in info.attachments.all()],
                    }
                    for info in self.application.information_requests.prefetch_related(
                        "revisions", "attachments"
                    )
                ],
                "unlockable": [q for q in (response.questions if response else []) if "key" in q],
                "change_notices": list(
                    self.application.change_notices.prefetch_related("attachments")
                ),
                "can_manage": self.request.user.has_perm("pbcert.confirm_application"),
                "checklist": [
                    {
                        "key": key,
                        "label": en if (get_language() or "ka")[:2] == "en" else ka,
                        "checked": self.application.screening.get(key, False),
                    }
                    for key, ka, en in workflow.screening_checklist()
                ],
                "assignments": list(
                    self.application.assignments.select_related("expert", "review").order_by("pk")
                ),
                "experts": expert_choices(),
                "default_due": timezone.localdate()
                + datetime.timedelta(days=conf.get("REVIEW_DAYS")),
                "scores": scores,
                "score_chart": bar_chart(
                    [(row.criterion.name_in(language), row.mean) for row in scores[0]],
                    maximum=max((row.criterion.scale_max for row in scores[0]), default=5),
                    title=_("Mean score per criterion"),
                    value_format="{:.2f}",
                )
                if scores and scores[0]
                else None,
                "expert_recommendations": expert_recommendations(self.application)
                if scores
                else [],
                "application": self.application,
                "answer_rows": self.application.answer_rows(),
                "transitions": workflow.available_transitions(self.application, self.request.user),
                "history_url": reverse("pbcert_applications:history", args=[self.application.pk]),
                "comment": kwargs.get("comment", ""),
            }
        )
        return context

    def post(self, request, pk):
        if "extend_until" in request.POST:
            return self.extend(request)
        if "screening" in request.POST:
            workflow.save_screening(self.application, request.POST.getlist("checked"), request.user)
            messages.success(request, _("Checklist saved."))
            return redirect(review_url(self.application))
        if "assign_expert" in request.POST:
            return self.assign(request)
        if "record_decision" in request.POST:
            return self.record_decision(request)
        if "request_information" in request.POST:
            return self.request_information(request)
        if "extend_request" in request.POST:
            return self.extend_request(request)
        if "withdraw_assignment" in request.POST:
            raw = request.POST.get("withdraw_assignment", "")
            pk = int(raw) if re.fullmatch(r"\d{1,12}", raw, re.ASCII) else 0
            assignment = get_object_or_404(self.application.assignments, pk=pk)
            workflow.withdraw_assignment(assignment, request.user, request.POST.get("comment", ""))
            messages.success(request, _("Assignment withdrawn."))
            return redirect(review_url(self.application))
        name = request.POST.get("transition", "")
        comment = request.POST.get("comment", "")
        allowed = {t.name for t in workflow.available_transitions(self.application, request.user)}
        try:
            if name not in allowed:
                if name in workflow.TRANSITIONS and not request.user.has_perm(
                    "pbcert.confirm_application"
                ):
                    raise PermissionDenied
                raise workflow.TransitionNotAllowed(_("This action is not available here."))
            workflow.fire(self.application, name, request.user, comment=comment)
        except workflow.TransitionNotAllowed as error:
            messages.error(request, str(error.args[0]) if error.args else str(error))
            return self.render_to_response(self.get_context_data(comment=comment), status=409)
        transition = workflow.TRANSITIONS[name]
        done = {"reference": self.application.reference, "action": transition.history}
        if "applicant" in transition.emails:
            message = _("%(reference)s: %(action)s. The applicant has been emailed.")
        else:
            message = _("%(reference)s: %(action)s. Nobody was emailed.")
        messages.success(request, message % done)
        return redirect(review_url(self.application))

    def record_decision(self, request):
        from django.contrib.auth import get_user_model

        User = get_user_model()
        ids = [
            int(v)
            for v in request.POST.getlist("members_present")
            if re.fullmatch(r"\d{1,12}", v, re.ASCII)
        ]
        members = list(User.objects.filter(pk__in=ids))
        votes = {}
        for key, vote in request.POST.items():
            match = re.fullmatch(r"vote-(\d{1,12})", key, re.ASCII)
            if match and vote:
                voter = User.objects.filter(pk=int(match.group(1))).first()
                if voter is None:
                    messages.error(request, _("Only members present at the meeting may vote."))
                    return self.render_to_response(self.get_context_data(), status=409)
                votes[voter] = vote
        try:
            meeting = datetime.date.fromisoformat(request.POST.get("meeting_date", ""))
        except ValueError:
            messages.error(request, _("Give the meeting date."))
            return self.render_to_response(self.get_context_data(), status=400)
        recommendations = []
        for code, text in zip(
            request.POST.getlist("rec_criterion"), request.POST.getlist("rec_text"), strict=False
        ):
            if text.strip():
                recommendations.append({"criterion": code[:50], "text": text.strip()[:3000]})
        try:
            workflow.record_decision(
                self.application,
                request.user,
                meeting_date=meeting,
                members_present=members,
                outcome=request.POST.get("outcome", ""),
                rationale=request.POST.get("rationale", ""),
                rationale_other=request.POST.get("rationale_other", ""),
                recommendations=recommendations,
                progress_assessment=request.POST.get("progress_assessment", ""),
                votes=votes,
            )
        except workflow.TransitionNotAllowed as error:
            messages.error(request, str(error.args[0]))
            return self.render_to_response(self.get_context_data(), status=409)
        messages.success(
            request, _("Decision recorded. It stays internal until the results are published.")
        )
        return redirect(review_url(self.application))

    def request_information(self, request):
        try:
            due = datetime.date.fromisoformat(request.POST.get("info_due", ""))
        except ValueError:
            messages.error(request, _("Give the answer date as a date."))
            return self.render_to_response(self.get_context_data(), status=400)
        try:
            known = {
                q["key"]
                for q in getattr(
                    QuestionnaireResponse.objects.filter(application=self.application).first(),
                    "questions",
                    [],
                )
                if "key" in q
            }
            workflow.request_information(
                self.application,
                request.POST.get("info_text", "")[:5000],
                due,
                [key for key in request.POST.getlist("unlock") if key in known],
                request.user,
            )
        except workflow.TransitionNotAllowed as error:
            messages.error(request, str(error.args[0]))
            return self.render_to_response(self.get_context_data(), status=409)
        messages.success(request, _("Request sent; the applicant has been emailed."))
        return redirect(review_url(self.application))

    def extend_request(self, request):
        info = self.application.information_requests.open().first()
        try:
            until = datetime.date.fromisoformat(request.POST.get("extend_request", ""))
        except ValueError:
            until = None
        if info is None or until is None or until < timezone.localdate():
            messages.error(request, _("Give a new answer date that is not in the past."))
            return self.render_to_response(self.get_context_data(), status=400)
        workflow.extend_information_request(info, until, request.user)
        messages.success(request, _("Deadline extended; the applicant has been emailed."))
        return redirect(review_url(self.application))

    def assign(self, request):
        from django.contrib.auth import get_user_model

        User = get_user_model()
        expert_id = request.POST.get("expert", "")
        expert = (
            User.objects.filter(pk=int(expert_id)).first()
            if re.fullmatch(r"\d{1,12}", expert_id, re.ASCII)
            else None
        )
        try:
            due = datetime.date.fromisoformat(request.POST.get("due_date", ""))
        except ValueError:
            due = None
        if expert is None or due is None:
            messages.error(request, _("Choose an expert and a due date."))
            return self.render_to_response(self.get_context_data(), status=400)
        try:
            purpose = "screening" if request.POST.get("purpose") == "screening" else "review"
            workflow.assign_expert(self.application, expert, due, request.user, purpose=purpose)
        except workflow.TransitionNotAllowed as error:
            messages.error(request, str(error.args[0]))
            return self.render_to_response(self.get_context_data(), status=409)
        messages.success(request, _("Expert assigned and emailed."))
        return redirect(review_url(self.application))

    def extend(self, request):
        try:
            until = datetime.date.fromisoformat(request.POST.get("extend_until", ""))
        except ValueError:
            messages.error(request, _("Give the new last day as a date."))
            return self.render_to_response(self.get_context_data(), status=400)
        if until < timezone.localdate():
            messages.error(request, _("The new last day cannot be in the past."))
            return self.render_to_response(self.get_context_data(), status=400)
        workflow.grant_extension(self.application, until, request.user)
        messages.success(request, _("Deadline extended; the applicant has been emailed."))
        return redirect(review_url(self.application))


def consortium_members():
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(groups__name="Consortium members", is_active=True)
        .order_by("last_name", "first_name", "username")
    )


def expert_recommendations(application):
    """Each submitted review's expert and overall recommendation."""
    from ..models import ExpertReview

    return list(
        ExpertReview.objects.filter(
            assignment__application=application,
            submitted_at__isnull=False,
            assignment__withdrawn_at__isnull=True,
        ).select_related("assignment__expert")
    )


def proposed_recommendations(application):
    """The experts' recommendations, to pre-fill the consortium's final ones."""
    from ..models import ExpertReview

    items = []
    for review in ExpertReview.objects.filter(
        assignment__application=application,
        submitted_at__isnull=False,
        assignment__withdrawn_at__isnull=True,
    ):
        items += [item for item in review.recommendations if item.get("text")]
    return items


def expert_choices():
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(groups__permissions__codename="review_assigned")
            | Q(user_permissions__codename="review_assigned")
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def export_applications(request):
    """CSV or XLSX of the applications of one call (the listing's call filter)."""
    from django.http import HttpResponse

    from .. import exports
    from ..models import CertificationCall

    if not (
        request.user.has_perm("pbcert.view_application")
        or request.user.has_perm("pbcert.change_application")
    ):
        raise PermissionDenied
    call_id = request.GET.get("call", "")
    call = (
        CertificationCall.objects.filter(pk=int(call_id)).first()
        if re.fullmatch(r"\d{1,12}", call_id, re.ASCII)
        else CertificationCall.objects.current()
        or CertificationCall.objects.order_by("-year").first()
    )
    # The listing's other filters apply too; the export is always of one call.
    filters = request.GET.copy()
    filters.pop("call", None)
    visible = permissions.visible_applications(request.user).filter(call=call)
    filtered = ApplicationFilterSet(filters, queryset=visible).qs
    queryset = exports.export_queryset(filtered)
    kind = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    if kind == "xlsx":
        content = exports.to_xlsx(queryset)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = exports.to_csv(queryset)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    year = call.year if call else "none"
    response["Content-Disposition"] = f'attachment; filename="applications-{year}.{kind}"'
    return response


def export_reviews(request):
    """CSV or XLSX of the expert reviews of one call, one row per review."""
    from django.http import HttpResponse

    from .. import exports
    from ..models import CertificationCall, ExpertReview

    if not request.user.has_perm("pbcert.view_expertreview"):
        raise PermissionDenied
    call_id = request.GET.get("call", "")
    call = (
        CertificationCall.objects.filter(pk=int(call_id)).first()
        if re.fullmatch(r"\d{1,12}", call_id, re.ASCII)
        else CertificationCall.objects.current()
        or CertificationCall.objects.order_by("-year").first()
    )
    visible = permissions.visible_applications(request.user).filter(call=call)
    reviews = (
        ExpertReview.objects.filter(
            assignment__application__in=visible, assignment__withdrawn_at__isnull=True
        )
        .select_related("assignment__application__municipality", "assignment__expert")
        .order_by("assignment__application__reference", "pk")
    )
    blocked = [
        a.application_id
        for a in permissions.assignments_of(request.user).filter(review__submitted_at__isnull=True)
    ]
    reviews = reviews.exclude(assignment__application_id__in=blocked)
    kind = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    content = exports.write(exports.review_rows(reviews), kind)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if kind == "xlsx"
        else "text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="reviews-{call.year if call else "none"}.{kind}"'
    )
    return response


def attachment_for_staff(request, pk):
    """A questionnaire file, for staff who may see the application."""
    if not (
        request.user.has_perm("pbcert.view_application")
        or request.user.has_perm("pbcert.change_application")
    ):
        raise PermissionDenied
    attachment = get_object_or_404(Attachment, pk=pk)
    if not permissions.may_see_application(request.user, attachment.application):
        raise PermissionDenied
    return serve_attachment(attachment)


class PublishResultsView(WagtailAdminTemplateMixin, TemplateView):
    """Publish a call's results before the results date: shows what will be sent to whom."""

    template_name = "pbcert_wagtail/admin/publish_results.html"
    header_icon = "mail"

    def dispatch(self, request, pk):
        from ..models import CertificationCall

        if not (
            request.user.has_perm("pbcert.confirm_application")
            and request.user.has_perm("pbcert.record_decision")
        ):
            raise PermissionDenied
        self.call = get_object_or_404(CertificationCall, pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Publish the results of %(call)s") % {"call": self.call}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["call"] = self.call
        context["pending"] = list(workflow.decision.pending_decisions(self.call))
        return context

    def post(self, request, pk):
        if not workflow.decision.pending_decisions(self.call).exists():
            messages.error(
                request, _("These results are already published: nothing was sent again.")
            )
            return redirect(reverse("pbcert_applications:publish", args=[self.call.pk]))
        told = workflow.publish_results(self.call, user=request.user)
        messages.success(
            request,
            ngettext(
                "Published; %(count)d applicant is being emailed.",
                "Published; %(count)d applicants are being emailed.",
                told,
            )
            % {"count": told},
        )
        return redirect(reverse("pbcert_applications:publish", args=[self.call.pk]))


class ApplicationEditView(generic.EditView):
    """Staff may correct only the contact email; the old address is told."""

    def save_instance(self):
        new_email = self.form.cleaned_data["contact_email"]
        application = Application.objects.get(pk=self.object.pk)
        if new_email.lower() != application.contact_email.lower():
            workflow.change_contact_email(application, new_email, user=self.request.user)
        return Application.objects.get(pk=self.object.pk)

    def get_success_url(self):
        return review_url(self.object)


class CommentedActionColumn(ActionColumn):
    """The action column of History, with the comment staff wrote under each action."""

    cell_template_name = "wagtailadmin/generic/history/action_cell.html"


class ApplicationHistoryView(generic.HistoryView):
    """History of an application: every transition with its actor, time and comment."""

    @cached_property
    def columns(self):
        columns = list(super().columns)
        action = columns[0]
        columns[0] = CommentedActionColumn(
            "message",
            label=action.label,
            object=self.object,
            url_names=action.url_names,
            user_can_unschedule=False,
        )
        return columns


class ApplicationViewSet(ModelViewSet):
    """Applications of every call; staff open one to review and confirm it."""

    model = Application
    name = "pbcert_applications"
    icon = "form"
    menu_label = _("Applications")
    add_to_admin_menu = False
    list_display = [
        TitleColumn("reference", label=_("reference number"), get_url=review_url),
        Column("municipality", label=_("municipality")),
        Column("status", label=_("status"), accessor="get_status_display"),
        "call",
        "contact_email",
        "language",
        "created_at",
    ]
    filterset_class = ApplicationFilterSet
    search_fields = ["reference", "contact_email", "municipality__name_ka", "municipality__name_en"]
    search_backend_name = None
    form_fields = ["contact_email"]
    copy_view_enabled = False
    index_view_class = ApplicationIndexView
    edit_view_class = ApplicationEditView
    history_view_class = ApplicationHistoryView
    list_export = [
        "reference",
        "municipality",
        "status",
        "call",
        "contact_email",
        "language",
        "created_at",
    ]
    ordering = ["-created_at"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("review/<int:pk>/", ApplicationReviewView.as_view(), name="review"),
            path("file/<int:pk>/", attachment_for_staff, name="attachment"),
            path("export/", export_applications, name="export"),
            path("export-reviews/", export_reviews, name="export_reviews"),
            path("publish/<int:pk>/", PublishResultsView.as_view(), name="publish"),
            path("consortium/", ConsortiumView.as_view(), name="consortium"),
        ]
