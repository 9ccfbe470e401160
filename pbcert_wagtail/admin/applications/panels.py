"""The read-only panels of the application screen, in the order of the life cycle.

Each panel is a Wagtail component that says whether it means anything yet (`shown`),
whether its stage is over (`collapsed`, then only its `summary` line is open) and
renders its own template. Later stages (the certificate, monitoring) add a panel to
PANELS; the actions live in actions.py, never here.
"""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.ui.components import Component

from ... import permissions, workflow
from ...answers import answer_sections, revision_rows
from ...certificates import renewal
from ...charts import bar_chart
from ...i18n import current_language, in_language
from ...models import ApplicationStatus, Certificate, ExpertReview, QuestionnaireResponse
from ...scores import application_scores, named_recommendations
from ...year_on_year import last_year, year_by_year

S = ApplicationStatus
AFTER_REVIEW = (S.READY_FOR_DECISION, S.DECIDED, S.INELIGIBLE, S.WITHDRAWN, S.DECLINED)
CLOSED = (S.DECIDED, S.INELIGIBLE, S.WITHDRAWN, S.DECLINED)


def human_date(value):
    """A date (or the local day of a moment) as people write it, in the admin's language."""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value).date() if value.tzinfo else value.date()
    return formats.date_format(value, "DATE_FORMAT")


def staff_file_url(attachment):
    return reverse("pbcert_applications:attachment", args=[attachment.pk])


class Facts:
    """What the panels of one application share, each read once."""

    def __init__(self, application, user):
        self.application = application
        self.user = user
        self.language = current_language()

    @cached_property
    def questionnaire(self):
        return QuestionnaireResponse.objects.filter(application=self.application).first()

    @cached_property
    def assignments(self):
        return list(self.application.assignments.select_related("expert", "review").order_by("pk"))

    @cached_property
    def may_see_reviews(self):
        return permissions.may_see_reviews(self.user, self.application)

    @cached_property
    def new_contact(self):
        """Last year's addresses, when a renewal's contact is new (see renewal.py)."""
        return renewal.known_contacts(self.application)

    @cached_property
    def scores(self):
        """(rows, total) if this user may see the experts' scores and any were given."""
        if not self.may_see_reviews:
            return None
        rows, total = application_scores(self.application)
        return (rows, total) if any(row.scores for row in rows) else None

    @cached_property
    def reviews(self):
        return list(
            ExpertReview.objects.submitted()
            .filter(assignment__application=self.application)
            .select_related("assignment__expert")
        )

    @cached_property
    def decision(self):
        return getattr(self.application, "decision", None)

    @cached_property
    def certificate(self):
        """The application's certificate, for those who may see certificates."""
        if not self.user.has_perm("pbcert.view_certificate"):
            return None
        return (
            Certificate.objects.filter(decision__application=self.application)
            .prefetch_related("documents")
            .first()
        )

    @cached_property
    def last_year(self):
        return last_year(self.application, with_scores=self.may_see_reviews)

    @cached_property
    def information_requests(self):
        return list(
            self.application.information_requests.prefetch_related("revisions", "attachments")
        )


class Panel(Component):
    """One section of the application screen."""

    name = ""
    title = ""
    shown_with = ""  # the Facts attribute without which the panel means nothing yet
    summary = ""  # or a method: the line left open when the panel is folded
    open_in = tuple(S)  # the statuses in which it is the stage at hand: else folded

    def __init__(self, facts):
        self.facts = facts
        self.application = facts.application

    def shown(self):
        return not self.shown_with or bool(getattr(self.facts, self.shown_with))

    def collapsed(self):
        return self.application.status not in self.open_in

    @property
    def template_name(self):
        return f"pbcert_wagtail/admin/panels/{self.name}.html"

    def get_context_data(self, parent_context):
        return {
            "panel": self,
            "application": self.application,
            "may_see_reviews": self.facts.may_see_reviews,
            # question keys beside labels: the names in exports, which staff work with
            "show_keys": permissions.is_staff_member(self.facts.user),
            "LANGUAGE_CODE": self.facts.language,
            **self.extra_context(),
        }

    def extra_context(self):
        return {}


class ApplicationFormPanel(Panel):
    """The C1 form as the applicant filled it in, and its contact people."""

    name = "application_form"
    title = _("Application form and contact people")
    open_in = (S.AWAITING_CONFIRMATION,)

    def summary(self):
        count = len(self.application.contacts or [])
        message = ngettext("%(count)d contact person", "%(count)d contact people", count)
        return message % {"count": count}

    def extra_context(self):
        sections = answer_sections(
            self.application, file_url=staff_file_url, language=self.facts.language
        )
        return {"sections": sections}


class QuestionnairePanel(Panel):
    name = "questionnaire"
    title = _("Questionnaire")
    shown_with = "questionnaire"
    open_in = tuple(set(S) - set(CLOSED))

    def summary(self):
        response = self.facts.questionnaire
        if response.submitted_at:
            return _("submitted %(date)s") % {"date": human_date(response.submitted_at)}
        return _("being filled in; due %(date)s") % {"date": human_date(response.due_date())}

    def extra_context(self):
        response = self.facts.questionnaire
        sections = answer_sections(
            self.application, response, file_url=staff_file_url, language=self.facts.language
        )
        return {"questionnaire": response, "sections": sections}


class ScreeningPanel(Panel):
    name = "screening"
    title = _("Completeness check")
    open_in = (S.SCREENING,)

    def shown(self):
        return self.application.status == S.SCREENING or any(self.application.screening.values())

    def items(self):
        return [
            {
                "label": in_language(labels, language=self.facts.language),
                "checked": self.application.screening.get(key, False),
            }
            for key, *labels in workflow.screening_checklist()
        ]

    def summary(self):
        items = self.items()
        ticked = sum(i["checked"] for i in items)
        return _("%(ticked)d of %(count)d items ticked") % {"ticked": ticked, "count": len(items)}

    def extra_context(self):
        return {"items": self.items()}


class ExpertsPanel(Panel):
    name = "experts"
    title = _("Experts")
    shown_with = "assignments"
    open_in = tuple(set(S) - set(AFTER_REVIEW))

    def summary(self):
        active = [a for a in self.facts.assignments if not a.withdrawn_at]
        done = sum(1 for a in active if getattr(a, "review", None) and a.review.submitted_at)
        counts = {"count": len(active), "done": done}
        return _("%(count)d assigned, %(done)d reviews submitted") % counts

    def extra_context(self):
        from .actions import WithdrawAssignmentView

        may_withdraw = WithdrawAssignmentView.offered(self.application, self.facts.user)
        return {"assignments": self.facts.assignments, "may_withdraw": may_withdraw}


class ScoresPanel(Panel):
    name = "scores"
    title = _("Scores")
    shown_with = "scores"

    def summary(self):
        total = self.facts.scores[1]
        return _("weighted average %(total)s") % {"total": "—" if total is None else total}

    def extra_context(self):
        rows, total = self.facts.scores
        chart = bar_chart(
            [(in_language(row.criterion, "name", self.facts.language), row.mean) for row in rows],
            maximum=max((row.criterion.scale_max for row in rows), default=5),
            title=_("Mean score per criterion"),
            value_format="{:.2f}",
        )
        call, language = self.application.call, self.facts.language
        reviews = [
            {
                "review": review,
                "recommendations": named_recommendations(call, review.recommendations, language),
            }
            for review in self.facts.reviews
        ]
        return {"rows": rows, "total": total, "chart": chart, "reviews": reviews}


class InformationPanel(Panel):
    name = "information"
    title = _("Requests for information")
    shown_with = "information_requests"

    def collapsed(self):
        return not any(r.is_open for r in self.facts.information_requests)

    def summary(self):
        count = len(self.facts.information_requests)
        open_ = sum(r.is_open for r in self.facts.information_requests)
        return _("%(count)d requests, %(open)d open") % {"count": count, "open": open_}

    def extra_context(self):
        return {
            "requests": [
                {
                    "request": info,
                    "overdue": info.is_overdue(),
                    "revisions": revision_rows(
                        self.application,
                        info.revisions.all(),
                        self.facts.questionnaire,
                        self.facts.language,
                    ),
                    "files": list(info.attachments.all()),
                }
                for info in self.facts.information_requests
            ]
        }


class ChangesPanel(Panel):
    """What changed after submission: answers the applicant changed, changes they reported."""

    name = "changes"
    title = _("Changes after submission")

    @cached_property
    def revisions(self):
        return revision_rows(
            self.application,
            self.application.revisions.filter(information_request__isnull=True),
            self.facts.questionnaire,
            self.facts.language,
        )

    @cached_property
    def notices(self):
        return list(self.application.change_notices.prefetch_related("attachments"))

    def shown(self):
        return bool(self.revisions or self.notices)

    def extra_context(self):
        return {"revisions": self.revisions, "notices": self.notices}


class LastYearPanel(Panel):
    """A renewal beside last year: scores, recommendations and their progress, answers."""

    name = "last_year"
    title = _("Compared with last year")
    shown_with = "last_year"
    open_in = tuple(set(S) - set(CLOSED))

    def summary(self):
        counts = {
            "year": self.facts.last_year.certificate.call.year,
            "count": self.facts.last_year.changed_answers,
        }
        message = ngettext(
            "renews the certificate of %(year)s; %(count)d answer changed",
            "renews the certificate of %(year)s; %(count)d answers changed",
            counts["count"],
        )
        return message % counts

    def extra_context(self):
        years = self.facts.may_see_reviews and year_by_year(self.application.municipality)
        return {"last_year": self.facts.last_year, "years": years}


class DecisionPanel(Panel):
    name = "decision"
    title = _("The consortium's decision")
    shown_with = "decision"

    def summary(self):
        decision = self.facts.decision
        state = _("published") if decision.published_at else _("internal until publication")
        return f"{decision.get_outcome_display()} · {state}"

    def extra_context(self):
        decision = self.facts.decision
        recommendations = named_recommendations(
            self.application.call, decision.recommendations, self.facts.language
        )
        return {"decision": decision, "recommendations": recommendations}


class CertificatePanel(Panel):
    name = "certificate"
    title = _("Certificate")
    shown_with = "certificate"

    def summary(self):
        certificate = self.facts.certificate
        return f"{certificate.number} · {certificate.state_label} · {certificate.pdf_label}"

    def extra_context(self):
        certificate = self.facts.certificate
        return {"certificate": certificate, "document": certificate.current_document()}


PANELS = [
    ApplicationFormPanel,
    QuestionnairePanel,
    ScreeningPanel,
    ExpertsPanel,
    ScoresPanel,
    InformationPanel,
    ChangesPanel,
    LastYearPanel,
    DecisionPanel,
    CertificatePanel,
]


def panels_for(application, user):
    facts = Facts(application, user)
    return facts, [panel for panel in (cls(facts) for cls in PANELS) if panel.shown()]
