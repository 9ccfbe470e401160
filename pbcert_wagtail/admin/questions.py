"""Ask an expert in the admin: staff's queue (filters, assigning an expert, the FAQ draft)
and the experts' own questions (only those assigned to them) with the answer form.
Each form posts to its own URL; a GET of any of them shows the question's screen."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.menu import MenuItem

from .. import permissions, roles
from ..community import questions as service
from ..models import ExpertQuestion, QuestionStatus
from .dashboard import Item, listed
from .headers import NamedPage

S = QuestionStatus


def may_open(user):
    return permissions.may_manage_questions(user) or permissions.is_expert(user)


class AssignForm(forms.Form):
    expert = forms.ModelChoiceField(label=gettext_lazy("Expert"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = service.experts()
        self.fields["expert"].label_from_instance = roles.person_label


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Your answer"),
        min_length=20,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=gettext_lazy(
            "Mailed to the person who asked as soon as you save it, in the language they "
            "asked in; it cannot be changed afterwards."
        ),
    )


class FAQDraftForm(forms.Form):
    topic = forms.ModelChoiceField(label=gettext_lazy("FAQ topic"), queryset=None)
    question = forms.CharField(label=gettext_lazy("Question"), max_length=300)
    answer = forms.CharField(
        label=gettext_lazy("Answer"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10})
    )

    def __init__(self, *args, expert_question, **kwargs):
        self.expert_question = expert_question
        initial = {
            "question": service.without_identity(expert_question.question, expert_question)[:300],
            "answer": service.without_identity(expert_question.answer, expert_question),
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["topic"].queryset = service.topics_for(expert_question)

    def clean(self):
        data = super().clean()
        for name in ("question", "answer"):
            found = service.identity_in(data.get(name) or "", self.expert_question)
            if found:
                self.add_error(
                    name,
                    _("Remove what identifies the person who asked: %(found)s")
                    % {"found": ", ".join(found)},
                )
        return data


class QuestionsView(NamedPage, TemplateView):
    """The queue (staff: every confirmed question, filtered by status, expert and
    language) or an expert's own questions."""

    template_name = "pbcert_wagtail/admin/questions/index.html"
    header_icon = "help"

    def get_page_title(self):
        if permissions.may_manage_questions(self.request.user):
            return _("Questions to experts")
        return _("Questions for you to answer")

    def dispatch(self, request, *args, **kwargs):
        if not may_open(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user, query = self.request.user, self.request.GET
        staff = permissions.may_manage_questions(user)
        shown = permissions.questions_for(user).select_related("municipality", "expert")
        statuses = [choice for choice in S.choices if choice[0] != S.UNCONFIRMED]
        filters = {"status": query.get("status", ""), "language": query.get("language", "")}
        if filters["status"] in dict(statuses):
            shown = shown.filter(status=filters["status"])
        if filters["language"] in ("ka", "en"):
            shown = shown.filter(language=filters["language"])
        experts = []
        if staff:
            experts = [(str(e.pk), roles.person_label(e)) for e in service.experts()]
            filters["expert"] = query.get("expert", "")
            if filters["expert"] in dict(experts):
                shown = shown.filter(expert_id=int(filters["expert"]))
        return super().get_context_data(
            **kwargs,
            questions=shown.order_by("-created_at", "-pk")[:200],
            staff=staff,
            statuses=statuses,
            experts=experts,
            filters=filters,
        )


class QuestionView(NamedPage, FormView):
    """One question: what was asked and, by the stage and the person, the form to assign
    it (staff), to answer it (its expert) or to make an FAQ draft of it (staff)."""

    template_name = "pbcert_wagtail/admin/questions/question.html"
    header_icon = "help"
    name = "question"

    def dispatch(self, request, pk, **kwargs):
        if not may_open(request.user):
            raise PermissionDenied
        self.question = get_object_or_404(
            permissions.questions_for(request.user).select_related(
                "municipality", "expert", "answered_by", "faq_entry"
            ),
            pk=pk,
        )
        if self.name != "question" and not self.may(self.name):
            raise PermissionDenied
        return super().dispatch(request, pk, **kwargs)

    def may(self, name):
        user, question = self.request.user, self.question
        staff = permissions.may_manage_questions(user)
        if name == "assign":
            return staff and question.status in (S.QUEUED, S.ASSIGNED)
        if name == "answer":
            return question.status == S.ASSIGNED and question.expert_id == user.pk
        if name == "faq_draft":
            return (
                staff
                and question.status in (S.ANSWERED, S.MAILED)
                and not (question.faq_entry_id or question.anonymised_at)
            )
        return False

    def get_page_title(self):
        return _("Question %(number)s") % {"number": self.question.pk}

    def get_breadcrumbs_items(self):
        items = list(super().get_breadcrumbs_items())
        items.insert(-1, {"url": reverse("pbcert_questions:index"), "label": _("Questions")})
        return items

    def build(self, name, data=None):
        if name == "assign":
            initial = {"expert": self.question.expert_id}
            return AssignForm(data, initial=initial)
        if name == "answer":
            return AnswerForm(data)
        return FAQDraftForm(data, expert_question=self.question)

    def get_form(self, form_class=None):
        return self.build(self.name, self.request.POST)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, form=None, **kwargs):
        names = [name for name in ("assign", "answer", "faq_draft") if self.may(name)]
        shown = {name: self.build(name) for name in names}
        if form is not None:
            shown[self.name] = form
        question = self.question
        return super().get_context_data(
            **kwargs,
            form=form,
            forms=shown,
            urls={name: reverse(f"pbcert_questions:{name}", args=[question.pk]) for name in names},
            question=question,
            staff=permissions.may_manage_questions(self.request.user),
            expert_label=roles.person_label(question.expert) if question.expert else "",
        )

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def refuse(self, form, error):
        form.add_error(None, str(error.args[0]) if error.args else str(error))
        return self.render_to_response(self.get_context_data(form=form), status=409)

    def again(self):
        return redirect("pbcert_questions:question", self.question.pk)


class AssignView(QuestionView):
    """Staff give the question to an expert (or to another one, until it is answered)."""

    name = "assign"

    def form_valid(self, form):
        expert = form.cleaned_data["expert"]
        try:
            service.assign(self.question, expert, self.request.user)
        except service.NotNow as error:
            return self.refuse(form, error)
        messages.success(
            self.request,
            _("Assigned to %(expert)s.") % {"expert": roles.person_label(expert)},
        )
        return self.again()


class AnswerView(QuestionView):
    """The assigned expert's answer: saved and mailed to the person who asked, once."""

    name = "answer"

    def form_valid(self, form):
        try:
            question = service.answer(self.question, form.cleaned_data["answer"], self.request.user)
        except service.NotNow as error:
            return self.refuse(form, error)
        if question.status == S.MAILED:
            messages.success(self.request, _("Thank you: your answer is on its way to them."))
        else:
            messages.warning(self.request, _("Your answer is saved, but it could not be mailed."))
        return redirect("pbcert_questions:index")


class FAQDraftView(QuestionView):
    """Staff make an unpublished FAQ entry of the question and its answer."""

    name = "faq_draft"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            entry = service.make_faq_draft(
                self.question, data["topic"], data["question"], data["answer"], self.request.user
            )
        except service.NotNow as error:
            return self.refuse(form, error)
        messages.success(
            self.request,
            _("An unpublished FAQ entry was made: an editor reviews, publishes and translates it."),
        )
        return redirect("wagtailsnippets_pbcert_faqentry:edit", entry.pk)


def urlpatterns():
    return [
        path("", QuestionsView.as_view(), name="index"),
        path("<int:pk>/", QuestionView.as_view(), name="question"),
        path("<int:pk>/assign/", AssignView.as_view(), name="assign"),
        path("<int:pk>/answer/", AnswerView.as_view(), name="answer"),
        path("<int:pk>/faq-draft/", FAQDraftView.as_view(), name="faq_draft"),
    ]


class QuestionsMenuItem(MenuItem):
    """ "Questions" in the menu, for staff and experts."""

    def __init__(self, **kwargs):
        super().__init__(gettext_lazy("Questions"), reverse("pbcert_questions:index"), **kwargs)

    def is_shown(self, request):
        return may_open(request.user)


def question_next_actions(user, today):
    """Staff: questions waiting for an expert; an expert: questions assigned to them."""
    url = reverse("pbcert_questions:index")

    def item(question):
        return Item(
            question.question[:80], reverse("pbcert_questions:question", args=[question.pk])
        )

    actions = []
    if roles.holds(user, roles.STAFF):
        waiting = permissions.questions_for(user).filter(status=S.QUEUED).order_by("created_at")
        label = ngettext_lazy("question to assign", "questions to assign", "count")
        actions.append(listed("staff", label, waiting, f"{url}?status={S.QUEUED}", item, 60))
    if roles.holds(user, roles.EXPERTS):
        mine = ExpertQuestion.objects.confirmed().filter(expert=user, status=S.ASSIGNED)
        label = ngettext_lazy("question to answer", "questions to answer", "count")
        actions.append(listed("expert", label, mine.order_by("assigned_at"), url, item, 60))
    return actions
