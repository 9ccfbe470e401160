"""The review screen of one application: answers, history and the actions allowed now."""

import datetime
import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ... import conf, permissions, workflow
from ...charts import bar_chart
from ...diffs import word_diff
from ...models import Application, ConsortiumDecision, Outcome, QuestionnaireResponse
from ...scores import application_scores
from .viewset import review_url


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
        if expert.email:
            messages.success(request, _("Expert assigned and emailed."))
        else:
            messages.warning(
                request, _("Expert assigned. They have no email address: tell them yourself.")
            )
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
    from ...models import ExpertReview

    return list(
        ExpertReview.objects.submitted()
        .filter(assignment__application=application)
        .select_related("assignment__expert")
    )


def proposed_recommendations(application):
    """The experts' recommendations, to pre-fill the consortium's final ones."""
    from ...models import ExpertReview

    items = []
    for review in ExpertReview.objects.submitted().filter(assignment__application=application):
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
