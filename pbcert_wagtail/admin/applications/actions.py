"""Each staff action on an application: its own URL, view and form. The view checks who
may act and when, the form checks the input, a workflow service does the work, and the
success message says what happened, emails included, as the outbox recorded it."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ... import georgian, notifications, permissions, workflow
from ...models import Application, ApplicationStatus, ExpertReview
from ...workflow.review import WITHDRAWABLE
from . import forms
from .viewset import review_url

S = ApplicationStatus
REVIEW_STAGES = (S.SUBMITTED, S.SCREENING, S.IN_REVIEW)


def visible_application(request, pk):
    """The application, if this admin user may see it at all (else 403)."""
    user = request.user
    if not (user.has_perm("pbcert.view_application") or user.has_perm("pbcert.change_application")):
        raise PermissionDenied
    application = get_object_or_404(
        Application.objects.select_related("municipality", "call"), pk=pk
    )
    if not permissions.may_see_application(user, application):
        raise PermissionDenied
    return application


def emails_told(application, queued):
    """Whom the emails this action queued go to, as staff should read it."""
    recipients = sorted(
        {
            _("the applicant") if m.recipient == application.contact_email else m.recipient
            for m in queued
        },
        key=str,
    )
    if not recipients:
        return _("Nobody was emailed.")
    return ngettext(
        "Email on its way to %(to)s.", "Emails on their way to %(to)s.", len(recipients)
    ) % {"to": ", ".join(str(r) for r in recipients)}


class ApplicationPage(WagtailAdminTemplateMixin):
    """An admin page about one application: who may see it, its title and breadcrumbs."""

    header_icon = "form"
    label = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.application = visible_application(request, kwargs["pk"])

    def get_page_title(self):
        title = f"{self.application.reference} · {self.application.municipality.name}"
        return f"{self.label} · {title}" if self.label else title

    def get_breadcrumbs_items(self):
        items = [
            {"url": reverse("pbcert_applications:index"), "label": _("Applications")},
            {"url": review_url(self.application), "label": self.application.reference},
        ]
        if self.label:
            items.append({"url": "", "label": self.label})
        else:
            items[-1]["url"] = ""
        return self.breadcrumbs_items + items


class ActionView(ApplicationPage, FormView):
    """One action on one application. Subclasses give the label, who may act (`may`),
    in which statuses (`statuses`), the form, and `perform(form)` returning what was done."""

    template_name = "pbcert_wagtail/admin/action.html"
    name = ""
    help_text = ""
    statuses = ()
    inline = False  # shown with its form on the application screen, not as a link

    @staticmethod
    def may(user, application):
        return permissions.is_staff_member(user)

    @classmethod
    def is_current(cls, application):
        return application.status in cls.statuses

    @classmethod
    def offered(cls, application, user):
        return cls.is_current(application) and cls.may(user, application)

    @classmethod
    def blocked(cls, application):
        """Why the action cannot be done yet, or None."""
        return None

    @classmethod
    def url(cls, application, *args):
        return reverse(f"pbcert_applications:{cls.name}", args=[application.pk, *args])

    def dispatch(self, request, pk, **kwargs):
        if not type(self).may(request.user, self.application):
            raise PermissionDenied
        if not self.is_current(self.application):
            messages.error(request, self.not_now())
            return redirect(review_url(self.application))
        return super().dispatch(request, pk, **kwargs)

    def not_now(self):
        return _("This application is now “%(status)s”: “%(action)s” is not possible now.") % {
            "status": self.application.get_status_display(),
            "action": self.label,
        }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "application": self.application}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            application=self.application,
            action=self,
            help_text=self.help_text,
            blocked=self.blocked(self.application),
            back_url=review_url(self.application),
        )

    def form_invalid(self, form, status=400):
        return self.render_to_response(self.get_context_data(form=form), status=status)

    def form_valid(self, form):
        try:
            with notifications.watch() as queued:
                done = self.perform(form)
        except workflow.TransitionNotAllowed as error:
            message = error.args[0] if error.args else str(error)
            self.application.refresh_from_db()
            if not self.is_current(self.application):  # someone else was quicker
                messages.error(self.request, message)
                return redirect(review_url(self.application))
            form.add_error(None, message)
            return self.form_invalid(form, status=409)
        told = emails_told(self.application, queued)
        messages.success(self.request, f"{self.application.reference}: {done}. {told}")
        return redirect(review_url(self.application))


class TransitionView(ActionView):
    """A row of the life-cycle table fired by a button, with a comment or a reason."""

    transition = None  # set per URL

    @classmethod
    def for_transition(cls, transition):
        return type(
            f"{transition.name.title().replace('_', '')}View",
            (cls,),
            {
                "__doc__": f"Fire “{transition.name}” from the life-cycle table.",
                "transition": transition,
                "name": f"action_{transition.name}",
                "label": transition.label,
                "statuses": transition.sources,
                "inline": not transition.needs_reason,
                "may": staticmethod(transition.may),
                "form_class": partial(forms.TransitionForm, transition=transition),
            },
        )

    @classmethod
    def blocked(cls, application):
        return workflow.blocked_reason(application, cls.transition)

    def perform(self, form):
        comment = form.cleaned_data["comment"]
        workflow.fire(self.application, self.transition.name, self.request.user, comment=comment)
        return self.transition.history


class ScreeningView(ActionView):
    """Tick the completeness checklist (before accepting the application for review)."""

    name = "screening"
    label = _("Save the checklist")
    statuses = (S.SCREENING,)
    inline = True
    form_class = forms.ScreeningForm

    @staticmethod
    def may(user, application):
        return permissions.may_screen(user, application)

    def perform(self, form):
        workflow.save_screening(self.application, form.cleaned_data["checked"], self.request.user)
        return _("Checklist saved")


class AssignExpertView(ActionView):
    """Ask an expert for a review (or, during screening, for a completeness check)."""

    name = "assign_expert"
    label = _("Assign an expert")
    statuses = REVIEW_STAGES
    form_class = forms.AssignExpertForm

    def get_context_data(self, **kwargs):
        count = {"count": self.application.call.experts_per_application}
        self.help_text = _("This call asks for %(count)s expert reviews per application.") % count
        return super().get_context_data(**kwargs)

    def perform(self, form):
        expert, due, purpose = (form.cleaned_data[k] for k in ("expert", "due_date", "purpose"))
        workflow.assign_expert(self.application, expert, due, self.request.user, purpose=purpose)
        if not expert.email:
            warning = _("Expert assigned. They have no email address: tell them yourself.")
            messages.warning(self.request, warning)
        return _("%(expert)s assigned") % {"expert": forms.person_name(expert)}


class WithdrawAssignmentView(ActionView):
    """End an expert's assignment (the expert keeps no access to the application)."""

    name = "withdraw_assignment"
    label = _("Withdraw the assignment")
    statuses = WITHDRAWABLE
    form_class = forms.WithdrawAssignmentForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        active = self.application.assignments.active()
        self.assignment = get_object_or_404(active, pk=kwargs["assignment"])
        self.help_text = forms.person_name(self.assignment.expert)

    def perform(self, form):
        workflow.withdraw_assignment(
            self.assignment, self.request.user, form.cleaned_data["reason"]
        )
        return _("Assignment withdrawn")


class ExtendQuestionnaireView(ActionView):
    """Give one application more days for its questionnaire."""

    name = "extend_questionnaire"
    label = _("Extend the questionnaire deadline")
    statuses = (S.QUESTIONNAIRE,)
    form_class = forms.ExtendQuestionnaireForm

    def perform(self, form):
        until = form.cleaned_data["until"]
        workflow.grant_extension(self.application, until, self.request.user)
        return _("Deadline extended until %(date)s") % {"date": georgian.day_in(until, "until")}


class RequestInformationView(ActionView):
    """Ask the applicant for more, optionally reopening chosen answers."""

    name = "request_information"
    label = workflow.TRANSITIONS["request_information"].label
    statuses = workflow.TRANSITIONS["request_information"].sources
    form_class = forms.RequestInformationForm

    def perform(self, form):
        text, due, unlock = (form.cleaned_data.get(k) for k in ("text", "due_date", "unlock"))
        workflow.request_information(self.application, text, due, unlock or [], self.request.user)
        return workflow.TRANSITIONS["request_information"].history


class ExtendRequestView(ActionView):
    """More time for the open request for information."""

    name = "extend_request"
    label = _("Extend the request's answer date")
    statuses = (S.INFORMATION_REQUESTED,)
    form_class = forms.ExtendRequestForm

    def perform(self, form):
        request = self.application.information_requests.open().first()
        if request is None:
            raise workflow.TransitionNotAllowed(_("This request is no longer open."))
        until = form.cleaned_data["until"]
        workflow.extend_information_request(request, until, self.request.user)
        return _("Answer date moved to %(date)s") % {"date": georgian.day_in(until, "until")}


def proposed_recommendations(application):
    """The experts' recommendations, to pre-fill the consortium's final ones; one made by
    two experts in the same words is proposed once."""
    reviews = ExpertReview.objects.submitted().filter(assignment__application=application)
    proposed = {}
    for item in (item for review in reviews for item in review.recommendations):
        text = (item.get("text") or "").strip()
        if text:
            proposed.setdefault((item.get("criterion") or "", " ".join(text.split())), item)
    return list(proposed.values())


class RecordDecisionView(ActionView):
    """The consortium's decision, recorded by a member: internal until publication."""

    name = "record_decision"
    label = _("Record the consortium's decision")
    help_text = _("It stays internal until the results are published.")
    statuses = (S.READY_FOR_DECISION,)
    form_class = forms.DecisionForm
    template_name = "pbcert_wagtail/admin/decision_form.html"

    @staticmethod
    def may(user, application):
        return user.has_perm("pbcert.record_decision")

    def get_form_kwargs(self):
        may_see = permissions.may_see_reviews(self.request.user, self.application)
        proposed = proposed_recommendations(self.application) if may_see else []
        return {**super().get_form_kwargs(), "proposed": proposed}

    def perform(self, form):
        data = form.cleaned_data
        workflow.record_decision(
            self.application,
            self.request.user,
            **{k: data[k] for k in (*forms.DECISION_TEXTS, "meeting_date", "votes")},
            members_present=list(data["members_present"]),
        )
        return _("Decision recorded; it stays internal until the results are published")


class AmendDecisionView(RecordDecisionView):
    """Correct the decision before its publication (a published one is locked)."""

    name = "amend_decision"
    label = _("Correct the decision")
    help_text = _("Possible until the results are published.")
    statuses = (S.DECIDED,)

    def not_now(self):
        if getattr(self.application, "decision", None):
            return _("A published decision cannot be changed.")
        return super().not_now()

    @classmethod
    def is_current(cls, application):
        decision = getattr(application, "decision", None)
        return application.status == S.DECIDED and decision and not decision.is_published

    def get_form_kwargs(self):
        decision = self.application.decision
        kwargs = super().get_form_kwargs()
        initial = {f: getattr(decision, f) for f in forms.DECISION_TEXTS}
        return {**kwargs, "proposed": decision.recommendations, "amend": True, "initial": initial}

    def perform(self, form):
        decision, data = self.application.decision, form.cleaned_data
        changed = {k: data[k] for k in forms.DECISION_TEXTS if data[k] != getattr(decision, k)}
        if not changed:
            return _("Nothing was changed")
        workflow.amend_decision(decision, self.request.user, **changed)
        return _("Decision corrected; it stays internal until the results are published")


TRANSITION_VIEWS = [
    TransitionView.for_transition(t) for t in workflow.TRANSITIONS.values() if t.button
]
# The order the application screen offers them in.
ACTIONS = [
    ScreeningView,  # before the acceptance that needs it
    *[v for v in TRANSITION_VIEWS if v.inline],
    RecordDecisionView,
    AmendDecisionView,
    RequestInformationView,
    ExtendRequestView,
    ExtendQuestionnaireView,
    AssignExpertView,
    *[v for v in TRANSITION_VIEWS if not v.inline],
]


class PublishLink:
    """Not an action on one application: the way to the page that publishes the call's
    results, offered on an application whose decision is recorded and not yet published."""

    name = "publish"
    label = _("Publish the call's results")

    @staticmethod
    def offered(application, user):
        decision = getattr(application, "decision", None)
        return (
            decision is not None
            and decision.published_at is None
            and user.has_perms(["pbcert.confirm_application", "pbcert.record_decision"])
        )


def offered_actions(application, user):
    """The actions this user may take on the application now, with what blocks each."""
    publish = [
        {
            "view": PublishLink,
            "url": reverse("pbcert_applications:publish", args=[application.call_id]),
            "blocked": None,
            "form": None,
        }
    ]
    return publish * PublishLink.offered(application, user) + [
        {
            "view": view,
            "url": view.url(application),
            "blocked": view.blocked(application),
            "form": view.form_class(application=application, auto_id=f"id_{view.name}_%s")
            if view.inline
            else None,
        }
        for view in ACTIONS
        if view.offered(application, user)
    ]


def slug(name):
    return name.removeprefix("action_").replace("_", "-")


def urlpatterns():
    return [
        path(f"review/<int:pk>/{slug(view.name)}/", view.as_view(), name=view.name)
        for view in ACTIONS
    ] + [
        path(
            "review/<int:pk>/withdraw-assignment/<int:assignment>/",
            WithdrawAssignmentView.as_view(),
            name=WithdrawAssignmentView.name,
        )
    ]


# Last: it subclasses ActionView (privacy.py imports this module).
from .privacy import RemovePersonalDataView  # noqa: E402

ACTIONS.append(RemovePersonalDataView)
