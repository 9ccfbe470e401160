"""The experts' side of the admin: their assignments only, the conflict declaration
before any answer, and the review form (drafts, then locked)."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import permissions, workflow
from ..answers import answer_sections
from ..i18n import current_language, in_language
from ..models import ExpertReview, Recommendation
from ..models.questionnaires import QuestionnaireResponse
from ..scores import application_scores, freeze_criteria
from ..views.questionnaire import serve_attachment


def own_assignment(request, pk):
    """The assignment, if it is the requesting expert's; 404 otherwise (no hint it exists)."""
    if not permissions.is_expert(request.user):
        raise PermissionDenied
    assignment = (
        permissions.assignments_of(request.user)
        .select_related("application__municipality", "application__call")
        .filter(pk=pk)
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


class MyAssignmentsView(WagtailAdminTemplateMixin, TemplateView):
    """An expert's listing: only their own assignments."""

    template_name = "pbcert_wagtail/admin/my_assignments.html"
    page_title = gettext_lazy("My reviews")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.is_expert(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assignments"] = (
            permissions.assignments_of(self.request.user)
            .select_related("application__municipality", "review")
            .order_by("due_date", "pk")
        )
        context["today"] = timezone.localdate()
        return context


class AssignmentView(WagtailAdminTemplateMixin, TemplateView):
    """One assignment: declare a conflict first; then read the application and review it."""

    template_name = "pbcert_wagtail/admin/assignment.html"
    header_icon = "tasks"

    def dispatch(self, request, pk):
        self.assignment = own_assignment(request, pk)
        self.application = self.assignment.application
        return super().dispatch(request, pk)

    def get_page_title(self):
        return f"{self.application.reference} · {self.application.municipality.name}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("pbcert_reviews:index"), "label": _("My reviews")},
            {"url": "", "label": self.application.reference},
        ]

    def file_url(self, attachment):
        return reverse("pbcert_reviews:attachment", args=[self.assignment.pk, attachment.pk])

    def criteria(self):
        return [c for c in freeze_criteria(self.application.call) if c.stage == "evaluation"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assignment = self.assignment
        review = ExpertReview.objects.filter(assignment=assignment).first()
        scores = kwargs.get("scores") or (review.scores if review else {})
        context.update(
            {
                "assignment": assignment,
                "application": self.application,
                "review": review,
                "may_declare": permissions.may_declare(self.request.user, assignment),
                "may_score": permissions.may_score(self.request.user, assignment),
                "criteria": [
                    {
                        "criterion": c,
                        "name": c.name_in(current_language()),
                        "scale": range(0, c.scale_max + 1),
                        "entry": scores.get(c.code, {}),
                    }
                    for c in self.criteria()
                ],
                "recommendation_choices": Recommendation.choices,
                "is_screening": assignment.purpose == "screening",
                "may_screen": assignment.purpose == "screening"
                and permissions.may_screen(self.request.user, self.application),
                "checklist": [
                    {
                        "key": key,
                        "label": in_language((ka, en)),
                        "checked": self.application.screening.get(key, False),
                    }
                    for key, ka, en in workflow.screening_checklist()
                ],
                "errors": kwargs.get("errors", []),
            }
        )
        if assignment.may_see_answers:
            response = QuestionnaireResponse.objects.filter(application=self.application).first()
            context["answer_sections"] = answer_sections(self.application, hide=["contacts"])
            if response:
                context["questionnaire_sections"] = answer_sections(
                    self.application, response, file_url=self.file_url
                )
        if permissions.may_see_reviews(self.request.user, self.application):
            rows, total = application_scores(self.application)
            context["score_rows"] = rows
            context["score_total"] = total
            context["other_reviews"] = (
                ExpertReview.objects.filter(
                    assignment__application=self.application, submitted_at__isnull=False
                )
                .exclude(assignment=assignment)
                .select_related("assignment__expert")
            )
        return context

    def again(self, status, **kwargs):
        """The screen again, with what was typed and what is wrong."""
        return self.render_to_response(self.get_context_data(**kwargs), status=status)

    def post(self, request, pk):
        if "declare" in request.POST:
            has_conflict = request.POST.get("has_conflict")
            if has_conflict not in ("yes", "no"):
                messages.error(request, _("Say whether you have a conflict of interest."))
                return self.again(400)
            workflow.declare_conflict(
                self.assignment,
                request.user,
                has_conflict == "yes",
                request.POST.get("conflict_note", ""),
            )
            if has_conflict == "yes":
                messages.success(request, _("Thank you. Staff will assign another expert."))
                return redirect("pbcert_reviews:index")
            return redirect("pbcert_reviews:assignment", pk)
        if "screening" in request.POST or "transition" in request.POST:
            return self.screen(request, pk)
        if not permissions.may_score(request.user, self.assignment):
            raise PermissionDenied
        scores, errors = self.read_scores(request)
        recommendation = request.POST.get("recommendation", "")
        if recommendation and recommendation not in Recommendation.values:
            errors.append(_("Choose a recommendation from the list."))
        recommendations = self.read_recommendations(request)
        if errors:
            return self.again(400, scores=scores, errors=errors)
        review, _created = ExpertReview.objects.get_or_create(assignment=self.assignment)
        review.scores = scores
        review.recommendation = recommendation
        review.recommendations = recommendations
        suggestion = request.POST.get("suggested_request", "").strip()[:3000]
        suggested_now = suggestion and suggestion != review.suggested_request
        review.suggested_request = suggestion
        review.saved_at = timezone.now()
        review.save()
        if suggested_now:
            workflow.suggest_information_request(review, request.user)
        if "submit" in request.POST:
            try:
                workflow.submit_review(review, request.user)
            except workflow.TransitionNotAllowed as error:
                return self.again(400, scores=scores, errors=[str(error.args[0])])
            messages.success(request, _("Your review is submitted and locked."))
        else:
            messages.success(request, _("Draft saved."))
        return redirect("pbcert_reviews:assignment", pk)

    def screen(self, request, pk):
        """The completeness check, by the expert staff asked to do it."""
        if not (self.assignment.purpose == "screening" and self.assignment.may_see_answers):
            raise PermissionDenied
        if "screening" in request.POST:
            workflow.save_screening(self.application, request.POST.getlist("checked"), request.user)
            messages.success(request, _("Checklist saved."))
            return redirect("pbcert_reviews:assignment", pk)
        name = request.POST.get("transition", "")
        if name not in workflow.SCREENING_TRANSITIONS:
            raise PermissionDenied
        try:
            workflow.fire(
                self.application, name, request.user, comment=request.POST.get("comment", "")
            )
        except workflow.TransitionNotAllowed as error:
            return self.again(409, errors=[str(error.args[0])])
        messages.success(request, _("Thank you: the completeness check is recorded."))
        return redirect("pbcert_reviews:index")

    def read_scores(self, request):
        """Each criterion's comment and optional score (0 to the scale's top), and the errors."""
        scores, errors = {}, []
        for criterion in self.criteria():
            code = criterion.code
            entry = {"comment": request.POST.get(f"comment-{code}", "").strip()[:5000]}
            raw = request.POST.get(f"score-{code}", "").strip().replace(",", ".")
            try:
                value = Decimal(raw) if raw else None
            except InvalidOperation:
                value = Decimal("NaN")
            if value is not None and not (value.is_finite() and 0 <= value <= criterion.scale_max):
                errors.append(
                    _("“%(name)s”: the score must be between 0 and %(max)s.")
                    % {"name": criterion.name_in(current_language()), "max": criterion.scale_max}
                )
            elif value is not None:
                entry["score"] = str(value.normalize())
            scores[code] = entry
        return scores, errors

    def read_recommendations(self, request):
        codes = {c.code for c in self.criteria()}
        result = []
        for code, text in zip(
            request.POST.getlist("rec_criterion"), request.POST.getlist("rec_text"), strict=False
        ):
            text = text.strip()[:3000]
            if text and code in codes:
                result.append({"criterion": code, "text": text})
        return result


def expert_attachment(request, pk, attachment_pk):
    """A questionnaire file, for the assigned expert without a conflict only."""
    assignment = own_assignment(request, pk)
    if not assignment.may_see_answers:
        raise Http404
    attachment = get_object_or_404(assignment.application.attachments, pk=attachment_pk)
    return serve_attachment(attachment)


def urlpatterns():
    return [
        path("", MyAssignmentsView.as_view(), name="index"),
        path("<int:pk>/", AssignmentView.as_view(), name="assignment"),
        path("<int:pk>/file/<int:attachment_pk>/", expert_attachment, name="attachment"),
    ]
