"""Spreadsheet exports of a call's applications: one row per application, one column per
question key across every version of the forms (C1 and questionnaire)."""

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .models import ExpertRecommendation

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text a spreadsheet shows as text: control characters removed first (openpyxl refuses
    them, and a leading one would hide a formula), then formulas escaped with a quote."""
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
        parts = ("name", "role", "email", "phone")
        return "\n".join(", ".join(c[p] for p in parts if c.get(p)) for c in value or [])
    if isinstance(value, bool):
        return "✓" if value else ""
    return str(value)


def local_time(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def columns_for(applications):
    """Every question key ever asked in these applications, in the order first seen."""
    c1, questionnaire = {}, {}
    for application in applications:
        # A missing reverse one-to-one raises an AttributeError: None here.
        response = getattr(application, "questionnaire", None)
        for columns, source in ((c1, application), (questionnaire, response)):
            for question in source.questions if source else []:
                if "key" in question:
                    columns.setdefault(question["key"], question)
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


def answer_cells(source, columns):
    """The answers of `source` (an application or its questionnaire), a cell per column."""
    if source is None:
        return [""] * len(columns)
    own = {q["key"]: q for q in source.questions if "key" in q}
    return [as_text(source.answers.get(key), own.get(key, q)) for key, q in columns.items()]


def rows(applications, hidden=frozenset()):
    """The header row, then a row per application of the queryset, in a fixed number of
    queries; the scores of applications in `hidden` (ids) are left empty."""
    from .scores import bulk_scores

    applications = list(
        applications.select_related("municipality", "call", "questionnaire", "decision")
        .prefetch_related("attachments")
        .order_by("reference")
    )
    c1, questionnaire = columns_for(applications)
    scores = bulk_scores([a for a in applications if a.pk not in hidden])
    codes = list(  # once each, in the order first seen
        dict.fromkeys(row.criterion.code for rows_, _t, _r in scores.values() for row in rows_)
    )
    header = [str(label) for _key, label in FIXED]
    header += [f"{label}: {code}" for code in codes for label in (_("Mean"), _("Spread"))]
    header += [_("Weighted average"), _("Reviews")]
    header += [_("Certify"), _("With conditions"), _("Do not certify")]  # recommendations
    header += [_("Decision"), _("Decision date"), _("Published")]
    header += [f"C1: {key}" for key in c1] + [f"Q: {key}" for key in questionnaire]
    yield header
    for application in applications:
        response = getattr(application, "questionnaire", None)
        fixed = [
            application.reference,
            f"{application.municipality.name_ka} / {application.municipality.name_en}",
            application.municipality.get_region_display(),
            application.get_status_display(),
            application.language,
            application.contact_email,
            local_time(application.created_at),
            (_("submitted") if response.submitted_at else _("draft")) if response else "",
            local_time(response.submitted_at) if response else "",
            "; ".join(a.original_name for a in application.attachments.all()),
        ]
        rows_, total, reviews = scores.get(application.pk, ([], None, []))
        by_code = {row.criterion.code: row for row in rows_}
        for code in codes:
            row = by_code.get(code)
            fixed += [row.mean, row.spread] if row else ["", ""]
        recommendations = [review.recommendation for review in reviews]
        decision = getattr(application, "decision", None)
        fixed += [  # every cell is made text by safe_cell, None as ""
            total,
            len(reviews),
            *(recommendations.count(code) for code in ExpertRecommendation.values),
            decision.get_outcome_display() if decision else "",
            decision.meeting_date.isoformat() if decision else "",
            _("Yes") if decision and decision.published_at else "",
        ]
        yield fixed + answer_cells(application, c1) + answer_cells(response, questionnaire)


def review_rows(reviews):
    """One row per expert review: who, when, recommendation, each criterion's score and comment."""
    reviews = list(reviews)
    codes = list(dict.fromkeys(code for review in reviews for code in review.scores or {}))
    header = [_("Reference"), _("Municipality"), _("Expert"), _("Submitted"), _("Recommendation")]
    header += [f"{label}: {code}" for code in codes for label in (_("Score"), _("Comment"))]
    header.append(_("Recommendations to the municipality"))
    yield header
    for review in reviews:
        assignment = review.assignment
        row = [
            assignment.application.reference,
            assignment.application.municipality.name_en,
            assignment.expert.get_full_name() or assignment.expert.get_username(),
            local_time(review.submitted_at) or _("draft"),
            review.get_recommendation_display(),
        ]
        for code in codes:
            entry = (review.scores or {}).get(code) or {}
            row += [entry.get("score", ""), entry.get("comment", "")]
        advice = review.recommendations or []
        yield row + ["\n".join(f"{i.get('criterion')}: {i.get('text')}" for i in advice)]


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_stream(rows_iterable, language):
    """CSV lines as they are made (BOM first), in `language`: the rows are read after the
    view has returned, when the admin's language is no longer active."""

    class Line:
        def write(self, value):
            return value

    writer = csv.writer(Line())
    with translation.override(language):
        yield "\ufeff".encode()
        for row in rows_iterable:
            yield writer.writerow([safe_cell(cell) for cell in row]).encode("utf-8")


def response(rows_iterable, kind, filename):
    """Every export of the admin leaves through here: CSV streamed (UTF-8 with a BOM, so
    Excel shows Georgian), XLSX written by openpyxl's write-only mode; either way control
    characters removed and formulas escaped."""
    if kind == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("export")
        for row in rows_iterable:
            sheet.append([safe_cell(cell) for cell in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        reply = HttpResponse(buffer.getvalue(), content_type=XLSX)
    else:
        kind = "csv"
        reply = StreamingHttpResponse(
            csv_stream(rows_iterable, translation.get_language()),
            content_type="text/csv; charset=utf-8",
        )
    reply["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    return reply
