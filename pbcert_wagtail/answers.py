"""An application's answers as rows ready for display, for every reader (staff, the expert,
the applicant), each with its own HTML (includes/answer_rows.html on the web pages).

Answers read in words: option labels for option keys, "Yes"/"No" for a ticked box, dates
as dates. Staff and experts read the questions in their own language when the form has a
translation (`language`); the applicant reads them as asked."""

import datetime

from django.utils import formats
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from .diffs import word_diff
from .i18n import in_language


def answer_sections(application, response=None, *, file_url=None, hide=(), language=None):
    """The C1 answers (or, given `response`, the questionnaire's) read with the questions as
    asked (in `language` when given and the form has a translation into it), as sections
    [{"heading", "rows"}] without the question types in `hide`. Each row has key, type,
    label and a `layout`: "text" (text), "list" (items: option labels), "table" (columns:
    labels; items: rows of cells), "files" (items: {name, size, url}), "contacts" (items:
    {name, role, email, phone}) or "empty" (not answered)."""
    source = response or application
    questions = questions_in(application, response, language)
    files = {}
    if any(q.get("type") == "files" for q in source.questions):
        for attachment in application.attachments.filter(
            change_notice__isnull=True, information_request__isnull=True
        ):
            files.setdefault(attachment.question_key, []).append(
                {
                    "name": attachment.original_name,
                    "size": attachment.size,
                    "url": file_url(attachment) if file_url else "",
                }
            )
    municipality = in_language(application.municipality, "name", application.language)
    sections = [{"heading": "", "rows": []}]
    for question in questions:
        if "section" in question:
            sections.append({"heading": question["section"], "rows": []})
        elif question["type"] not in hide:
            value = source.answers.get(question["key"])
            sections[-1]["rows"].append(display_row(question, value, files, municipality))
    return [section for section in sections if section["heading"] or section["rows"]]


def display_row(question, value, files, municipality):
    """One question and its answer laid out for display: option keys become their labels."""
    kind = question["type"]
    options = {o["key"]: o["label"] for o in question.get("options", [])}
    row = {"key": question["key"], "type": kind, "label": question["label"], "text": ""}
    row.update(layout="text", items=[], columns=[])
    if kind == "files":
        row.update(layout="files", items=files.get(question["key"], []))
    elif kind == "table":
        columns = question.get("columns", [])
        cells = [[answer.get(c["key"], "") for c in columns] for answer in value or []]
        row.update(layout="table", items=cells, columns=[c["label"] for c in columns])
    elif kind == "multiple_choice":
        row.update(layout="list", items=[options.get(v, v) for v in value or []])
    elif kind == "contacts":
        row.update(layout="contacts", items=[c for c in value or [] if isinstance(c, dict)])
    elif kind == "declaration" or isinstance(value, bool):
        row["text"] = _("Yes") if value else _("No")
    elif kind == "municipality":
        row["text"] = municipality
    elif kind == "date" and value:
        row["text"] = human_date(value)
    elif value is not None:
        row["text"] = str(options.get(value, value) if kind == "single_choice" else value)
    if not (row["text"] or row["items"]):
        row["layout"] = "empty"
    return row


def human_date(value):
    """A stored date ("2019-03-01") as people write it in the active language."""
    day = value if isinstance(value, datetime.date) else parse_date(str(value))
    return formats.date_format(day, "DATE_FORMAT") if day else str(value)


def answer_text(question, value, municipality):
    """An answer as a reader sees it (option labels, table rows), as plain text."""
    row = display_row(question, value, {}, municipality)
    if row["layout"] == "table":
        return "\n".join(" | ".join(str(cell) for cell in cells) for cells in row["items"])
    if row["layout"] == "list":
        return ", ".join(str(item) for item in row["items"])
    if row["layout"] == "contacts":
        return "\n".join(
            ", ".join(str(c.get(part) or "") for part in ("name", "role", "email", "phone"))
            for c in row["items"]
        )
    if row["layout"] == "files":
        return ", ".join(str(item["name"]) for item in row["items"])
    return row["text"]


# -- the questions in the reader's language --------------------------------------------


def questions_in(application, response=None, language=None):
    """The questions of the C1 form (or, given `response`, of the questionnaire) as the
    applicant was asked them, with their labels, options, columns and section headings in
    `language` where the form has a translation into it (matched by key)."""
    asked = (response or application).questions
    if not language or language == application.language:
        return asked
    translated = translation_of(application, response, language)
    return relabelled(asked, translated) if translated else asked


def translation_of(application, response, language):
    """The form's questions (snapshots) in `language`, or [] when it has no translation."""
    from wagtail.models import Locale

    from .forms import question_specs, snapshot

    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return []
    if response is None:
        page = application.form_page
        page = page.specific.get_translation_or_none(locale) if page else None
        return page.questions_snapshot() if page else []
    definition = application.call.questionnaire
    definition = definition.get_translation_or_none(locale) if definition else None
    return snapshot(question_specs(definition.questions)) if definition else []


def relabelled(asked, translated):
    """`asked` with the labels of `translated` for the same keys (and section headings by
    their order), everything else as asked."""
    by_key = {q["key"]: q for q in translated if "key" in q}
    headings = [q["section"] for q in translated if "section" in q]
    same_sections = len(headings) == sum("section" in q for q in asked)
    result, section = [], 0
    for question in asked:
        if "section" in question:
            heading = headings[section] if same_sections else question["section"]
            result.append({**question, "section": heading or question["section"]})
            section += 1
            continue
        other = by_key.get(question.get("key"))
        if other is None:
            result.append(question)
            continue
        labels = {o["key"]: o["label"] for o in other.get("options", [])}
        columns = {c["key"]: c["label"] for c in other.get("columns", [])}
        result.append(
            {
                **question,
                "label": other.get("label") or question["label"],
                "options": [
                    {**o, "label": labels.get(o["key"]) or o["label"]}
                    for o in question.get("options", [])
                ],
                "columns": [
                    {**c, "label": columns.get(c["key"]) or c["label"]}
                    for c in question.get("columns", [])
                ],
            }
        )
    return result


def revision_rows(application, revisions, response=None, language=None):
    """Changed answers for staff and experts: each named by its question's label (in
    `language`, with its key), the change as a word diff of the answers as they read."""
    questions = {q["key"]: q for q in questions_in(application, response, language) if "key" in q}
    municipality = in_language(application.municipality, "name", application.language)
    rows = []
    for revision in revisions:
        question = questions.get(revision.key)
        if question is None:  # a question no longer asked: its key is all there is
            label, old, new = revision.key, revision.old_value, revision.new_value
        else:
            label = question["label"]
            old = answer_text(question, revision.old_value, municipality)
            new = answer_text(question, revision.new_value, municipality)
        rows.append(
            {
                "key": revision.key,
                "label": label,
                "when": revision.created_at,
                "diff": word_diff(old, new),
            }
        )
    return rows
