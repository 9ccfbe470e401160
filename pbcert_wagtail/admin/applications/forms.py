"""One Django form per admin action on an application, by staff, experts and the
consortium: the fields, their server-side checks and their errors in the admin user's
language. The workflow services decide."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ... import conf, roles, workflow
from ...i18n import in_language
from ...models import AssignmentPurpose, ExpertRecommendation, Outcome, QuestionnaireResponse
from ...scores import evaluation_criteria

DECISION_TEXTS = workflow.decision.DECISION_TEXTS
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


def not_past(value):
    if value < timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the past."))


def future_date(label, initial_days=None):
    initial = (
        (lambda: timezone.localdate() + datetime.timedelta(days=conf.get(initial_days)))
        if initial_days
        else None
    )
    return forms.DateField(label=label, widget=DATE, validators=[not_past], initial=initial)


def experts():
    users = get_user_model().objects.with_perm(
        "pbcert.review_assigned", include_superusers=False, backend=MODEL_BACKEND
    )
    return users.distinct().order_by("last_name", "first_name", "username")


consortium_members = roles.consortium_members


def person_name(user):
    return roles.person_label(user)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return person_name(user)


class PeopleChoiceField(PersonChoiceField, forms.ModelMultipleChoiceField):
    pass


class ActionForm(forms.Form):
    """Every action's form knows its application (for choices and checks)."""

    def __init__(self, *args, application, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)


class TransitionForm(ActionForm):
    comment = forms.CharField(
        label=_("Comment for History (optional)"), required=False, widget=TEXT, max_length=5000
    )

    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, **kwargs)
        if transition.needs_reason:
            self.fields["comment"].required = True
            self.fields["comment"].label = _("Reason (the applicant reads it)")


class ScreeningForm(ActionForm):
    checked = forms.MultipleChoiceField(
        label=_("Completeness checklist"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checked"].choices = [
            (key, in_language((ka, en))) for key, ka, en in workflow.screening_checklist()
        ]
        self.fields["checked"].initial = [k for k, v in self.application.screening.items() if v]


class AssignExpertForm(ActionForm):
    expert = PersonChoiceField(label=_("Expert"), queryset=experts())
    due_date = future_date(_("Due"), "REVIEW_DAYS")
    purpose = forms.ChoiceField(label=_("Task"), choices=AssignmentPurpose.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Not offered: who declared a conflict on it, and, for a review, who reviews it.
        mine = self.application.assignments.active()
        taken = mine.filter(has_conflict=True)
        if self.application.status != "screening":
            taken = mine.filter(Q(purpose=AssignmentPurpose.REVIEW) | Q(has_conflict=True))
        self.fields["expert"].queryset = experts().exclude(pk__in=taken.values("expert"))
        if self.application.status != "screening":
            self.fields["purpose"].choices = [
                (AssignmentPurpose.REVIEW, AssignmentPurpose.REVIEW.label)
            ]


class WithdrawAssignmentForm(ActionForm):
    reason = forms.CharField(label=_("Reason (internal)"), required=False, widget=TEXT)


class ExtendQuestionnaireForm(ActionForm):
    until = future_date(_("New last day"))


class RequestInformationForm(ActionForm):
    text = forms.CharField(
        label=_("What is needed (the applicant reads this)"), widget=TEXT, max_length=5000
    )
    due_date = future_date(_("Answer by"), "REVIEW_DAYS")
    unlock = forms.MultipleChoiceField(
        label=_("Questions the applicant may change"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        response = QuestionnaireResponse.objects.filter(application=self.application).first()
        questions = response.questions if response else []
        self.fields["unlock"].choices = [(q["key"], q["label"]) for q in questions if "key" in q]
        if not self.fields["unlock"].choices:
            del self.fields["unlock"]


class ExtendRequestForm(ActionForm):
    until = future_date(_("New answer date"))


class RecommendationRows:
    """Numbered recommendation rows (criterion, text): the given ones, then two empty. The
    criterion is chosen by its name from the call's evaluation criteria (or "general")."""

    EXTRA_RECOMMENDATIONS = 2

    def add_recommendation_rows(self, criteria, items):
        choices = [("", _("general"))] + [(c.code, in_language(c, "name")) for c in criteria]
        items = list(items) + [{}] * self.EXTRA_RECOMMENDATIONS
        for i, item in enumerate(items):
            number = {"number": i + 1}
            self.fields[f"rec_{i}_criterion"] = forms.ChoiceField(
                label=_("Criterion of recommendation %(number)s") % number,
                choices=choices, required=False, initial=item.get("criterion", ""),
            )  # fmt: skip
            self.fields[f"rec_{i}_text"] = forms.CharField(
                label=_("Recommendation %(number)s") % number,
                required=False, widget=TEXT, max_length=3000, initial=item.get("text", ""),
            )  # fmt: skip
        self.recommendation_count = len(items)

    def recommendation_fields(self):
        """(text, criterion) per row: the recommendation's own box comes first."""
        return [
            (self[f"rec_{i}_text"], self[f"rec_{i}_criterion"])
            for i in range(self.recommendation_count)
        ]

    def cleaned_recommendations(self, data):
        return [
            {"criterion": data.get(f"rec_{i}_criterion", ""), "text": text.strip()}
            for i in range(self.recommendation_count)
            if (text := data.get(f"rec_{i}_text") or "").strip()
        ]


class DecisionForm(RecommendationRows, ActionForm):
    """The consortium's decision; vote and recommendation fields are added per member
    present and per proposed recommendation."""

    meeting_date = forms.DateField(label=_("Meeting date"), widget=DATE)
    members_present = PeopleChoiceField(
        label=_("Members present"),
        queryset=consortium_members(),
        widget=forms.CheckboxSelectMultiple,
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *Outcome.choices])
    rationale = forms.CharField(label=_("Rationale (in the applicant's language)"), widget=TEXT)
    rationale_other = forms.CharField(
        label=_("Rationale in the other language (optional)"), required=False, widget=TEXT
    )
    progress_assessment = forms.CharField(
        label=_("Progress assessment"), required=False, widget=TEXT
    )

    def __init__(self, *args, proposed=(), amend=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.amend = amend
        if amend:
            del self.fields["meeting_date"], self.fields["members_present"]
        else:
            self.fields["members_present"].queryset = consortium_members()
            for member in consortium_members():
                self.fields[f"vote_{member.pk}"] = forms.ChoiceField(
                    label=_("Vote of %(name)s") % {"name": person_name(member)},
                    choices=[("", "—"), *Outcome.choices],
                    required=False,
                )
        self.add_recommendation_rows(evaluation_criteria(self.application.call), proposed)
        if self.application.renews_id:
            # The second year's "progress assessment": against last year's recommendations.
            field = self.fields["progress_assessment"]
            field.required = True
            field.help_text = _(
                "This application is a renewal: assess the progress made on last year's recommendations (see “Compared with last year”)."
            )

    def vote_fields(self):
        return [self[name] for name in self.fields if name.startswith("vote_")]

    def clean(self):
        data = super().clean()
        present = set(data.get("members_present") or [])
        data["votes"] = {}
        for member in consortium_members() if not self.amend else []:
            vote = data.get(f"vote_{member.pk}")
            if vote and member not in present:
                self.add_error(f"vote_{member.pk}", _("Only members present may vote."))
            elif vote:
                data["votes"][member] = vote
        data["recommendations"] = self.cleaned_recommendations(data)
        return data


# -- the expert's forms ----------------------------------------------------------------


class DeclareForm(forms.Form):
    """Before any answer is shown: has the expert a conflict of interest?"""

    has_conflict = forms.ChoiceField(
        label=_("Conflict of interest"),
        choices=[
            ("no", _("No, I have no conflict of interest")),
            ("yes", _("Yes, I have a conflict of interest")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether you have a conflict of interest.")},
    )
    conflict_note = forms.CharField(
        label=_("Explain (if yes)"), required=False, widget=TEXT, max_length=3000
    )


class ReviewForm(RecommendationRows, forms.Form):
    """An expert's review: a score (0 to the scale's top) and a comment per evaluation
    criterion, an overall recommendation, recommendations to the municipality."""

    recommendation = forms.ChoiceField(
        label=_("Overall recommendation"),
        choices=[("", "—"), *ExpertRecommendation.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a recommendation from the list.")},
    )
    suggested_request = forms.CharField(
        label=_("Should staff ask the applicant for more information? What?"),
        required=False, widget=TEXT, max_length=3000,
    )  # fmt: skip

    def __init__(self, *args, criteria, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        scores = review.scores if review else {}
        self.criteria = criteria
        for c in criteria:
            entry, name = scores.get(c.code, {}), in_language(c, "name")
            self.fields[f"score-{c.code}"] = forms.ChoiceField(
                label=name,
                choices=[("", "—")] + [(str(v), str(v)) for v in range(c.scale_max + 1)],
                required=False,
                initial=entry.get("score", ""),
                error_messages={
                    "invalid_choice": _("“%(name)s”: the score must be between 0 and %(max)s.")
                    % {"name": name, "max": c.scale_max}
                },
            )
            self.fields[f"comment-{c.code}"] = forms.CharField(
                label=_("Comment"), required=False, widget=TEXT, max_length=5000,
                initial=entry.get("comment", ""),
            )  # fmt: skip
        if review:
            self.fields["recommendation"].initial = review.recommendation
            self.fields["suggested_request"].initial = review.suggested_request
        self.add_recommendation_rows(criteria, review.recommendations if review else ())

    def criterion_rows(self):
        return [(c, self[f"score-{c.code}"], self[f"comment-{c.code}"]) for c in self.criteria]

    def clean(self):
        data = super().clean()
        data["scores"] = {}
        for c in self.criteria:
            entry = {"comment": (data.get(f"comment-{c.code}") or "").strip()}
            if data.get(f"score-{c.code}"):
                entry["score"] = data[f"score-{c.code}"]
            data["scores"][c.code] = entry
        data["recommendations"] = self.cleaned_recommendations(data)
        return data
