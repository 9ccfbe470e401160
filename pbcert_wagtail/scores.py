"""Scores: per criterion the mean of submitted reviews and their spread; the weighted average."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction

from .i18n import in_language
from .models import CallCriterion, Criterion, CriterionStage, ExpertReview

TWO_PLACES = Decimal("0.01")


def freeze_criteria(call):
    """The criteria `call` is judged by, copied once from the Criterion snippets (both
    languages), so later edits of a criterion do not change this call's results."""
    if call.criteria.exists():
        return list(call.criteria.all())
    sources = Criterion.objects.filter(locale__language_code="ka").order_by("stage", "order", "pk")
    english = {c.translation_key: c for c in Criterion.objects.filter(locale__language_code="en")}
    same = ("code", "weight", "scale_max", "stage", "order")
    try:
        with transaction.atomic():
            for criterion in sources:
                translated = english.get(criterion.translation_key)
                CallCriterion.objects.create(
                    call=call,
                    name_ka=criterion.name,
                    name_en=translated.name if translated else "",
                    description_ka=criterion.description,
                    description_en=translated.description if translated else "",
                    **{name: getattr(criterion, name) for name in same},
                )
    except IntegrityError:  # frozen by someone else at the same moment
        pass
    return list(call.criteria.all())


def evaluation_criteria(call, stage=CriterionStage.EVALUATION):
    """The frozen criteria of `call` that experts score (or of another `stage`)."""
    return [c for c in freeze_criteria(call) if c.stage == stage]


def named_recommendations(call, items, language=None):
    """Recommendations as stored ([{"criterion": code, "text"}]) with their criterion's name
    in `language` as "criterion_name" ("" for a general one), for people to read."""
    names = {c.code: in_language(c, "name", language) for c in call.criteria.all()}
    return [
        {**item, "criterion_name": names.get(item.get("criterion"), item.get("criterion") or "")}
        for item in items or []
    ]


@dataclass
class CriterionScore:
    criterion: CallCriterion
    scores: list = field(default_factory=list)

    @property
    def mean(self):
        if not self.scores:
            return None
        return (sum(self.scores, Decimal(0)) / len(self.scores)).quantize(TWO_PLACES, ROUND_HALF_UP)

    @property
    def spread(self):
        return (max(self.scores) - min(self.scores)) if self.scores else None


def weighted_total(rows):
    """Σ(weight × mean) / Σ weight over the criteria that have scores, on the criterion scale."""
    scored = [row for row in rows if row.mean is not None]
    weights = sum((row.criterion.weight for row in scored), Decimal(0))
    if not weights:
        return None
    total = sum((row.criterion.weight * row.mean for row in scored), Decimal(0)) / weights
    return total.quantize(TWO_PLACES, ROUND_HALF_UP)


def application_scores(application, stage=CriterionStage.EVALUATION):
    """(rows, total) for one application from its submitted expert reviews."""
    return bulk_scores([application], stage)[application.pk][:2]


def bulk_scores(applications, stage=CriterionStage.EVALUATION):
    """{application id: (rows, total, reviews)} for many applications in a fixed number of
    queries: per criterion of `stage` the scores of the submitted reviews."""
    applications = list(applications)
    calls = {application.call_id: application.call for application in applications}
    criteria = {call_id: evaluation_criteria(call, stage) for call_id, call in calls.items()}
    reviews = {}
    submitted = ExpertReview.objects.submitted().filter(assignment__application__in=applications)
    for review in submitted.select_related("assignment"):
        reviews.setdefault(review.assignment.application_id, []).append(review)
    result = {}
    for application in applications:
        rows = [CriterionScore(c) for c in criteria[application.call_id]]
        for review in reviews.get(application.pk, []):
            for row in rows:
                entry = (review.scores or {}).get(row.criterion.code) or {}
                if entry.get("score") not in (None, ""):
                    row.scores.append(Decimal(str(entry["score"])))
        result[application.pk] = (rows, weighted_total(rows), reviews.get(application.pk, []))
    return result
