"""The experts' side of the admin: their assignments only, the conflict declaration
before any answer, and the review form (drafts, then locked)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import permissions, roles, workflow
from ..answers import answer_sections
from ..changed_answers import changed_since_reviewed
from ..i18n import current_language
from ..models import (
    AnswerRevision,
    ApplicationStatus,
    AssignmentPurpose,
    Certificate,
    ExpertReview,
    MonitoringAssessment,
)
from ..models.questionnaires import QuestionnaireResponse
from ..scores import application_scores, evaluation_criteria
from ..views.questionnaire import serve_attachment
from ..year_on_year import last_year
from .applications import forms
from .dashboard import Item, listed
from .headers import NamedPage

REVIEW_TEXTS = ("scores", "recommendation", "recommendations", "suggested_request")


def own_assignment(request, pk):
    """The assignment, if it is the requesting expert's; 404 otherwise (no hint it exists)."""
    if not permissions.is_expert(request.user):
        raise PermissionDenied
    mine = permissions.assignments_of(request.user)
    return get_object_or_404(
        mine.select_related("application__municipality", "application__call"), pk=pk
    )


class MyAssignmentsView(NamedPage, TemplateView):
    """An expert's listing: only their own assignments."""

    template_name = "pbcert_wagtail/admin/my_assignments.html"
    page_title = gettext_lazy("My reviews")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.is_expert(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        mine = permissions.assignments_of(self.request.user).order_by("due_date", "pk")
        return super().get_context_data(
            **kwargs,
            assignments=mine.select_related("application__municipality", "review"),
            today=timezone.localdate(),
        )


class AssignmentView(WagtailAdminTemplateMixin, FormView):
    """One assignment: declare a conflict first; then read the application and review it.
    Each form on the screen posts to its own URL (the subclasses below); a refused form
    shows the screen again with its errors next to the fields."""

    template_name = "pbcert_wagtail/admin/assignment.html"
    header_icon = "tasks"
    name = "assignment"
    slot = None  # the screen's form this view's form replaces when refused (default: name)

    def dispatch(self, request, pk, **kwargs):
        self.assignment = own_assignment(request, pk)
        self.application = self.assignment.application
        self.review = ExpertReview.objects.filter(assignment=self.assignment).first()
        if self.name != "assignment" and not self.may():
            raise PermissionDenied
        return super().dispatch(request, pk, **kwargs)

    def get_page_title(self):
        return f"{self.application.reference} · {self.application.municipality.name}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("pbcert_reviews:index"), "label": _("My reviews")},
            {"url": "", "label": self.application.reference},
        ]

    def url(self, name):
        return reverse(f"pbcert_reviews:{name}", args=[self.assignment.pk])

    def file_url(self, attachment):
        return reverse("pbcert_reviews:attachment", args=[self.assignment.pk, attachment.pk])

    def build(self, name, data=None):
        """The screen's form called `name`, bound to `data` when it was posted."""
        if name == "declare":
            return forms.DeclareForm(data)
        if name == "review":
            criteria = evaluation_criteria(self.application.call)
            return forms.ReviewForm(data, criteria=criteria, review=self.review)
        if name == "screening":
            return forms.ScreeningForm(data, application=self.application)
        transition = workflow.TRANSITIONS[name]
        form = forms.TransitionForm(data, application=self.application, transition=transition)
        form.fields["comment"].label = _(
            "Comment or reason (the applicant reads a reason for declining)"
        )
        return form

    def get_form(self, form_class=None):
        return self.build(self.name, self.request.POST)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, form=None, **kwargs):
        user, assignment = self.request.user, self.assignment
        shown = []
        if permissions.may_declare(user, assignment):
            shown = ["declare"]
        elif assignment.has_conflict is False and assignment.purpose == "review":
            shown = ["review"]
        elif assignment.has_conflict is False and permissions.may_screen(user, self.application):
            shown = ["screening", "accept_for_review"]
        forms_shown = {name: self.build(name) for name in shown}
        if form is not None:
            forms_shown[self.slot or self.name] = form
        context = super().get_context_data(
            **kwargs,
            form=form,
            forms=forms_shown,
            urls={name: self.url(name) for name in (*shown, "screen_ineligible")},
            assignment=assignment,
            application=self.application,
            review=self.review,
            may_score=permissions.may_score(user, assignment),
            is_screening=assignment.purpose == "screening",
            is_monitoring=assignment.purpose == "monitoring",
        )
        if assignment.purpose == "monitoring":
            certificate = Certificate.objects.filter(decision__application=self.application).first()
            if certificate:
                context["monitoring_url"] = reverse(
                    "monitoringcheckin:certificate", args=[certificate.pk]
                )
        if assignment.may_see_answers:
            language = current_language()  # the questions in the expert's language
            context["answer_sections"] = answer_sections(
                self.application, hide=["contacts"], language=language
            )
            context["changed_since"] = changed_since_reviewed(assignment)
            response = QuestionnaireResponse.objects.filter(application=self.application).first()
            if response:
                context["questionnaire_sections"] = answer_sections(
                    self.application, response, file_url=self.file_url, language=language
                )
            context["last_year"] = last_year(
                self.application, permissions.may_see_reviews(user, self.application)
            )
        if permissions.may_see_reviews(user, self.application):
            context["score_rows"], context["score_total"] = application_scores(self.application)
            context["other_reviews"] = (
                ExpertReview.objects.submitted()
                .filter(assignment__application=self.application)
                .exclude(assignment=assignment)
                .select_related("assignment__expert")
            )
        return context

    def form_invalid(self, form, status=400):
        return self.render_to_response(self.get_context_data(form=form), status=status)

    def refuse(self, form, error, status=400):
        form.add_error(None, error.args[0] if error.args else str(error))
        return self.form_invalid(form, status)


class DeclareView(AssignmentView):
    """The conflict-of-interest declaration, before any answer is shown."""

    name = "declare"

    def may(self):
        return permissions.may_declare(self.request.user, self.assignment)

    def form_valid(self, form):
        conflict = form.cleaned_data["has_conflict"] == "yes"
        note = form.cleaned_data["conflict_note"]
        try:
            workflow.declare_conflict(self.assignment, self.request.user, conflict, note)
        except workflow.TransitionNotAllowed as error:  # answered in another tab meanwhile
            messages.error(self.request, str(error.args[0]))
            return redirect("pbcert_reviews:index")
        if conflict:
            messages.success(self.request, _("Thank you. Staff will assign another expert."))
            return redirect("pbcert_reviews:index")
        messages.success(
            self.request, _("You declared no conflict of interest: the application is below.")
        )
        return redirect(self.url("assignment"))


class ReviewView(AssignmentView):
    """Save the review as a draft, or submit it (then it is locked)."""

    name = "review"

    def may(self):
        return permissions.may_score(self.request.user, self.assignment)

    def form_valid(self, form):
        submit, refusal = "submit" in self.request.POST, None
        texts = {name: form.cleaned_data[name] for name in REVIEW_TEXTS}
        try:
            with transaction.atomic():  # saved and submitted under one lock
                review = workflow.save_review(self.assignment, self.request.user, **texts)
                if submit:
                    try:
                        workflow.submit_review(review, self.request.user)
                    except workflow.TransitionNotAllowed as error:
                        refusal = error  # the draft is kept
        except workflow.TransitionNotAllowed as error:
            refusal = error
        if refusal:
            return self.refuse(form, refusal)
        if not submit:
            messages.success(self.request, _("Draft saved."))
            return redirect(self.url("assignment"))
        messages.success(self.request, _("Your review is submitted and locked."))
        return redirect(self.url("assignment"))


class ScreeningView(AssignmentView):
    """The completeness checklist, ticked by the expert staff asked to check it."""

    name = "screening"

    def may(self):
        assignment = self.assignment
        screener = assignment.purpose == "screening" and assignment.may_see_answers
        return screener and permissions.may_screen(self.request.user, self.application)

    def form_valid(self, form):
        workflow.save_screening(self.application, form.cleaned_data["checked"], self.request.user)
        messages.success(self.request, _("Checklist saved."))
        return redirect(self.url("assignment"))


class ScreeningTransitionView(ScreeningView):
    """The end of the completeness check: accept for review, or ineligible with a reason."""

    slot = "accept_for_review"  # one form, a button per transition

    def form_valid(self, form):
        comment = form.cleaned_data["comment"]
        try:
            workflow.fire(self.application, self.name, self.request.user, comment=comment)
        except workflow.TransitionNotAllowed as error:
            return self.refuse(form, error, status=409)
        messages.success(self.request, _("Thank you: the completeness check is recorded."))
        return redirect("pbcert_reviews:index")


ACTIONS = [
    DeclareView,
    ReviewView,
    ScreeningView,
    *[
        type(f"{name.title()}View", (ScreeningTransitionView,), {"name": name})
        for name in sorted(workflow.SCREENING_TRANSITIONS)
    ],
]


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
    ] + [
        path(f"<int:pk>/{view.name.replace('_', '-')}/", view.as_view(), name=view.name)
        for view in ACTIONS
    ]


def expert_next_actions(user, today):
    """An expert's own open tasks: conflicts to declare, reviews and completeness checks to
    do, monitoring assessments, and reviews whose application changed since they were sent."""
    if not roles.holds(user, roles.EXPERTS):
        return []
    P = AssignmentPurpose
    mine = (
        permissions.assignments_of(user)
        .select_related("application__municipality", "review")
        .order_by("due_date", "pk")
    )
    changed_after_review = AnswerRevision.objects.filter(  # as changed_since_reviewed reads it
        application=OuterRef("application"), created_at__gt=OuterRef("review__submitted_at")
    )
    assessed = MonitoringAssessment.objects.filter(
        written_by=user,
        recommendation__certificate__decision__application=OuterRef("application"),
        written_at__gte=OuterRef("assigned_at"),
    )
    S = ApplicationStatus
    # An application that moved on (to the consortium) or ended asks nothing more of them.
    under_review = (S.SUBMITTED, S.SCREENING, S.IN_REVIEW, S.INFORMATION_REQUESTED)
    waiting = mine.filter(Q(purpose=P.MONITORING) | Q(application__status__in=under_review))
    cleared = waiting.filter(has_conflict=False)
    unsent = cleared.exclude(review__submitted_at__isnull=False)
    open_stages = (S.SUBMITTED, S.SCREENING)
    kinds = [
        (
            ngettext_lazy(
                "assignment: declare any conflict of interest",
                "assignments: declare any conflict of interest",
                "count",
            ),
            waiting.filter(has_conflict__isnull=True),
            10,
        ),
        (
            ngettext_lazy("review to write", "reviews to write", "count"),
            unsent.filter(purpose=P.REVIEW),
            20,
        ),
        (
            ngettext_lazy("completeness check to do", "completeness checks to do", "count"),
            cleared.filter(purpose=P.SCREENING, application__status__in=open_stages),
            30,
        ),
        (
            ngettext_lazy(
                "monitoring assessment to write", "monitoring assessments to write", "count"
            ),
            cleared.filter(purpose=P.MONITORING).exclude(Exists(assessed)),
            40,
        ),
        (
            ngettext_lazy(
                "application whose answers changed since your review",
                "applications whose answers changed since your review",
                "count",
            ),
            cleared.filter(review__submitted_at__isnull=False).filter(Exists(changed_after_review)),
            50,
        ),
    ]
    url = reverse("pbcert_reviews:index")
    actions = []
    for label, assignments, order in kinds:

        def item(a, order=order):
            return Item(
                f"{a.application.reference} · {a.application.municipality.name}",
                reverse("pbcert_reviews:assignment", args=[a.pk]),
                a.due_date if order < 50 else None,
                order < 50 and a.due_date < today,
                _("draft saved") if order == 20 and getattr(a, "review", None) else "",
            )

        actions.append(listed("expert", label, assignments, url, item, order))
    return actions
