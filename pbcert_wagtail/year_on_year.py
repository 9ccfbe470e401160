"""What changed since last year, for the people who judge a renewal: last year's score per
criterion beside this year's (criteria matched by code; new and removed ones named), the
recommendations with the year's progress record and this year's statement, and a word
diff of every answer against last year's. And a municipality's scores across its years."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .answers import answer_text
from .certificates import monitoring
from .charts import bar_chart
from .diffs import word_diff
from .i18n import current_language, in_language
from .models import Application, Certificate, QuestionnaireResponse
from .scores import application_scores, bulk_scores


@dataclass
class CriterionChange:
    label: str
    last: Decimal | None
    now: Decimal | None
    state: str  # "kept", "new" (not scored last year) or "removed" (not asked this year)

    @property
    def difference(self):
        if self.last is None or self.now is None:
            return None
        return self.now - self.last


@dataclass
class AnswerChange:
    label: str
    state: str  # "same", "changed", "new" (not asked last year)
    diff: str = ""


@dataclass
class LastYear:
    """The comparison of a renewal with the application its certificate was issued for."""

    application: Application
    certificate: Certificate
    criteria: list = field(default_factory=list)
    total_then: Decimal | None = None
    total_now: Decimal | None = None
    recommendations: list = field(default_factory=list)
    answers: list = field(default_factory=list)
    scale: int = 5
    scores_shown: bool = True

    @property
    def total_difference(self):
        if self.total_then is None or self.total_now is None:
            return None
        return self.total_now - self.total_then

    @property
    def changed(self):
        """The answers that differ from last year's, and those to new questions."""
        return [change for change in self.answers if change.state != "same"]

    @property
    def unchanged(self):
        return [change for change in self.answers if change.state == "same"]

    @property
    def changed_answers(self):
        return len(self.changed)

    def chart(self):
        rows, this_year = [], _("this year")
        for change in self.criteria:
            # The year first: a long criterion name is shortened at its end.
            rows.append((f"{self.certificate.call.year} · {change.label}", change.last))
            rows.append((f"{this_year} · {change.label}", change.now))
        return bar_chart(
            rows,
            maximum=self.scale,
            title=_("Last year and this year, per criterion"),
            value_format="{:.2f}",
        )


def last_year(application, with_scores=True):
    """The LastYear of a renewal, or None for a first application. Without `with_scores`
    (an expert whose own review is pending) no score of either year is given: last
    year's means would anchor the review as much as this year's."""
    certificate = application.renews
    if certificate is None or certificate.decision_id is None:
        return None
    previous = certificate.decision.application
    language = current_language()
    rows_then, total_then = application_scores(previous)
    rows_now, total_now = application_scores(application)
    if not with_scores:
        rows_then = [type(row)(row.criterion) for row in rows_then]
        rows_now, total_then, total_now = [type(row)(row.criterion) for row in rows_now], None, None
    now = {row.criterion.code: row for row in rows_now}
    then = {row.criterion.code: row for row in rows_then}
    criteria = [
        CriterionChange(
            in_language(row.criterion, "name", language),
            then[code].mean if code in then else None,
            row.mean,
            "kept" if code in then else "new",
        )
        for code, row in now.items()
    ] + [
        CriterionChange(in_language(row.criterion, "name", language), row.mean, None, "removed")
        for code, row in then.items()
        if code not in now
    ]
    response = QuestionnaireResponse.objects.filter(application=application).first()
    statements = response.progress if response else {}
    return LastYear(
        application=previous,
        certificate=certificate,
        criteria=criteria,
        total_then=total_then,
        total_now=total_now,
        recommendations=[
            {
                "recommendation": recommendation,
                "record": record,
                "statement": statements.get(str(recommendation.uid), ""),
            }
            for recommendation, record in monitoring.record_of(certificate)
        ],
        answers=answer_changes(previous, application, response),
        scale=max((row.criterion.scale_max for row in rows_then + rows_now), default=5),
        scores_shown=with_scores,
    )


def answer_changes(previous, application, response):
    """A word diff per question of the C1 form and the questionnaire against last year."""
    last_response = QuestionnaireResponse.objects.filter(application=previous).first()
    pairs = [(previous, application)]
    if response is not None and last_response is not None:
        pairs.append((last_response, response))
    changes = []
    for old, new in pairs:
        asked_then = {q["key"]: q for q in old.questions if "key" in q}
        for question in new.questions:
            if "key" not in question or question["type"] in ("files", "contacts"):
                continue
            now_text = as_shown(question, new.answers.get(question["key"]), application)
            if question["key"] not in asked_then:
                changes.append(AnswerChange(question["label"], "new", now_text))
                continue
            before = asked_then[question["key"]]
            then_text = as_shown(before, old.answers.get(question["key"]), previous)
            if then_text == now_text:
                changes.append(AnswerChange(question["label"], "same", now_text))
            else:
                changes.append(
                    AnswerChange(question["label"], "changed", word_diff(then_text, now_text))
                )
    return changes


def as_shown(question, value, application):
    """An answer as a reader sees it (option labels, table rows), as plain text."""
    municipality = in_language(application.municipality, "name", application.language)
    return answer_text(question, value, municipality)


def history(municipality):
    """The municipality's years: ([(year, total, {criterion label: mean})] oldest first,
    the score scale), from the applications its certificates were issued for."""
    certificates = (
        Certificate.objects.filter(municipality=municipality, decision__isnull=False)
        .select_related("call", "decision__application__call")
        .order_by("valid_from")
    )
    applications = [c.decision.application for c in certificates]
    scores = bulk_scores(applications)
    language = current_language()
    years, scale = [], 5
    for certificate, application in zip(certificates, applications, strict=True):
        rows, total, _reviews = scores[application.pk]
        means = {in_language(row.criterion, "name", language): row.mean for row in rows}
        years.append((certificate.call.year, total, means))
        scale = max([scale, *(row.criterion.scale_max for row in rows)])
    return years, scale


def history_chart(years, scale):
    """The weighted average, then each criterion, year by year, as one bar chart."""
    total_label = _("Weighted average")
    rows = [(f"{year} · {total_label}", total) for year, total, _means in years]
    labels = []
    for _year, _total, means in years:
        labels += [label for label in means if label not in labels]
    for label in labels:
        rows += [(f"{year} · {label}", means.get(label)) for year, _total, means in years]
    return bar_chart(rows, maximum=scale, title=_("Scores year by year"), value_format="{:.2f}")


@dataclass
class YearByYear:
    """A municipality's scores across its certified years, for the chart and its table."""

    years: list
    chart: str
    criteria: list

    def rows(self):
        """[(criterion label, [mean per year])] with the weighted average first."""
        totals = (_("Weighted average"), [total for _year, total, _means in self.years])
        per_criterion = [
            (label, [means.get(label) for _year, _total, means in self.years])
            for label in self.criteria
        ]
        return [totals, *per_criterion]


def year_by_year(municipality):
    """The YearByYear of `municipality`, or None before its second year."""
    years, scale = history(municipality)
    if len(years) < 2:
        return None
    labels = []
    for _year, _total, means in years:
        labels += [label for label in means if label not in labels]
    return YearByYear(years, history_chart(years, scale), labels)
