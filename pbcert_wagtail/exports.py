"""Spreadsheet exports of a call's applications: one row per application, one column per
question key across every version of the forms (C1 and questionnaire)."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text a spreadsheet shows as text.

    Control characters go first (openpyxl refuses them, and a leading one would hide a
    formula from the check), then formula-like cells are escaped with a quote.
    """
    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
    if text.lstrip(" \t\r\n").startswith(FORMULA_START):
        return "'" + text
    return text


def as_text(value, question):
    """An answer as one cell of text."""
    kind = question.get("type")
    options = {o["key"]: o["label"] for o in question.get("options", [])}
    if value is None:
        return ""
    if kind == "single_choice":
        return options.get(value, value)
    if kind == "multiple_choice":
        return "; ".join(options.get(v, v) for v in value or [])
    if kind == "table":
        columns = question.get("columns", [])
        return "\n".join(
            " | ".join(f"{c['label']}: {row.get(c['key'], '')}" for c in columns)
            for row in value or []
        )
    if kind == "contacts":
        return "\n".join(
            ", ".join(
                part
                for part in (c.get("name"), c.get("role"), c.get("email"), c.get("phone"))
                if part
            )
            for c in value or []
        )
    if isinstance(value, bool):
        return "✓" if value else ""
    return str(value)


def response_of(application):
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return application.questionnaire
    except ObjectDoesNotExist:
        return None


def export_queryset(queryset):
    """What one export row needs, in a fixed number of queries."""
    return (
        queryset.select_related("municipality", "call", "questionnaire", "decision")
        .prefetch_related("attachments")
        .order_by("reference")
    )


def decision_of(application):
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return application.decision
    except ObjectDoesNotExist:
        return None


def columns_for(applications):
    """Every question key ever asked in these applications, in the order first seen."""
    c1, questionnaire = {}, {}
    for application in applications:
        for question in application.questions:
            if "key" in question:
                c1.setdefault(question["key"], question)
        response = response_of(application)
        for question in response.questions if response else []:
            if "key" in question:
                questionnaire.setdefault(question["key"], question)
    return c1, questionnaire


FIXED = [
    ("reference", gettext_lazy("Reference")),
    ("municipality", gettext_lazy("Municipality")),
    ("region", gettext_lazy("Region")),
    ("status", gettext_lazy("Status")),
    ("language", gettext_lazy("Language")),
    ("contact_email", gettext_lazy("Contact email")),
    ("submitted", gettext_lazy("Applied")),
    ("questionnaire", gettext_lazy("Questionnaire")),
    ("questionnaire_submitted", gettext_lazy("Questionnaire submitted")),
    ("attachments", gettext_lazy("Files")),
]


def rows(applications):
    """The header row, then one row per application."""
    from .scores import bulk_scores

    applications = list(applications)
    c1, questionnaire = columns_for(applications)
    scores = bulk_scores(applications)
    codes = []
    for rows_, _total, _reviews in scores.values():
        for row in rows_:
            if row.criterion.code not in codes:
                codes.append(row.criterion.code)
    header = [str(label) for _key, label in FIXED]
    for code in codes:
        header += [f"{_('Mean')}: {code}", f"{_('Spread')}: {code}"]
    header += [
        _("Weighted total"),
        _("Reviews"),
        _("Certify"),
        _("With conditions"),
        _("Do not certify"),
        _("Decision"),
        _("Decision date"),
        _("Published"),
    ]
    header += [f"C1: {key}" for key in c1] + [f"Q: {key}" for key in questionnaire]
    yield header
    for application in applications:
        response = response_of(application)
        fixed = [
            application.reference,
            application.municipality.name_in("ka") + " / " + application.municipality.name_en,
            application.municipality.get_region_display(),
            application.get_status_display(),
            application.language,
            application.contact_email,
            timezone.localtime(application.created_at).strftime("%Y-%m-%d %H:%M"),
            (str(_("submitted")) if response.submitted_at else str(_("draft"))) if response else "",
            timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M")
            if response and response.submitted_at
            else "",
            "; ".join(a.original_name for a in application.attachments.all()),
        ]
        rows_, total, reviews = scores.get(application.pk, ([], None, []))
        by_code = {row.criterion.code: row for row in rows_}
        for code in codes:
            row = by_code.get(code)
            fixed += [
                "" if row is None or row.mean is None else str(row.mean),
                "" if row is None or row.spread is None else str(row.spread),
            ]
        recommendations = [review.recommendation for review in reviews]
        decision = decision_of(application)
        fixed += [
            "" if total is None else str(total),
            str(len(reviews)),
            str(recommendations.count("certify")),
            str(recommendations.count("conditions")),
            str(recommendations.count("do_not_certify")),
            decision.get_outcome_display() if decision else "",
            decision.meeting_date.isoformat() if decision else "",
            str(_("Yes")) if decision and decision.published_at else "",
        ]
        own_c1 = {q["key"]: q for q in application.questions if "key" in q}
        answers = [
            as_text(application.answers.get(key), own_c1.get(key, q)) for key, q in c1.items()
        ]
        if response:
            own = {q["key"]: q for q in response.questions if "key" in q}
            answers += [
                as_text(response.answers.get(key), own.get(key, q))
                for key, q in questionnaire.items()
            ]
        else:
            answers += [""] * len(questionnaire)
        yield fixed + answers


def review_rows(reviews):
    """One row per expert review: who, when, recommendation, each criterion's score and comment."""
    reviews = list(reviews)
    codes = []
    for review in reviews:
        for code in review.scores or {}:
            if code not in codes:
                codes.append(code)
    header = [
        str(label)
        for label in (
            _("Reference"),
            _("Municipality"),
            _("Expert"),
            _("Submitted"),
            _("Recommendation"),
        )
    ]
    for code in codes:
        header += [f"{_('Score')}: {code}", f"{_('Comment')}: {code}"]
    header.append(str(_("Recommendations to the municipality")))
    yield header
    for review in reviews:
        assignment = review.assignment
        row = [
            assignment.application.reference,
            assignment.application.municipality.name_en,
            assignment.expert.get_full_name() or assignment.expert.get_username(),
            timezone.localtime(review.submitted_at).strftime("%Y-%m-%d %H:%M")
            if review.submitted_at
            else str(_("draft")),
            review.get_recommendation_display(),
        ]
        for code in codes:
            entry = (review.scores or {}).get(code) or {}
            row += [entry.get("score", ""), entry.get("comment", "")]
        row.append(
            "\n".join(
                f"{i.get('criterion')}: {i.get('text')}" for i in review.recommendations or []
            )
        )
        yield row


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write(rows_iterable, kind):
    """CSV (UTF-8 with a BOM, so Excel shows Georgian) or XLSX (openpyxl's write-only
    mode) bytes of any rows; control characters removed and formulas escaped."""
    if kind == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("export")
        for row in rows_iterable:
            sheet.append([safe_cell(cell) for cell in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    for row in rows_iterable:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def csv_stream(rows_iterable, language):
    """CSV lines as they are made (BOM first), in `language`: the rows are read after the
    view has returned, when the admin's language is no longer active."""
    from django.utils import translation

    class Line:
        def write(self, value):
            return value

    writer = csv.writer(Line())
    with translation.override(language):
        yield "\ufeff".encode()
        for row in rows_iterable:
            yield writer.writerow([safe_cell(cell) for cell in row]).encode("utf-8")


def response(rows_iterable, kind, filename):
    """Every export of the admin leaves through here: CSV streamed, XLSX written by
    openpyxl's write-only mode."""
    from django.http import HttpResponse, StreamingHttpResponse
    from django.utils.translation import get_language

    if kind == "xlsx":
        reply = HttpResponse(write(rows_iterable, "xlsx"), content_type=XLSX)
    else:
        kind = "csv"
        reply = StreamingHttpResponse(
            csv_stream(rows_iterable, get_language()), content_type="text/csv; charset=utf-8"
        )
    reply["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    return reply
