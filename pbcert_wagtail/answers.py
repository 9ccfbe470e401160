"""An application's answers as rows ready for display.

One function for every reader (staff, the expert, the applicant, later the certificate
annex); each shows the rows with its own HTML or CSS, the web pages through
templates/pbcert_wagtail/includes/answer_rows.html.
"""

from django.utils.translation import gettext as _

from .i18n import in_language


def answer_rows(questions, answers, municipality_name=None):
    """Answers read with the questions as they were asked: option keys become their
    labels, table rows lists of cells, sections stay as headings."""
    rows = []
    for question in questions:
        if "section" in question:
            rows.append({"section": question["section"]})
            continue
        value = answers.get(question["key"])
        options = {o["key"]: o["label"] for o in question.get("options", [])}
        kind = question["type"]
        if kind == "single_choice":
            value = options.get(value, value)
        elif kind == "multiple_choice":
            value = [options.get(v, v) for v in value or []]
        elif kind == "municipality" and municipality_name is not None:
            value = municipality_name
        elif kind == "table":
            columns = question.get("columns", [])
            value = [[row.get(c["key"], "") for c in columns] for row in value or []]
        rows.append({"question": question, "value": value})
    return rows


def answer_sections(application, response=None, *, file_url=None, hide=()):
    """The C1 answers of `application` (or, given its QuestionnaireResponse, the
    questionnaire's) as sections [{"heading", "rows"}], leaving out the question types in
    `hide`; the first section has no heading when the form does not start with one.

    Each row has key, type, label and a `layout` saying where its answer is: "text" (text:
    one string), "list" (items: option labels), "table" (columns: their labels; items:
    rows of cells), "files" (items: {name, size, url}, url from file_url or ""),
    "contacts" (items: {name, role, email, phone}) or "empty" (not answered).
    """
    source = response or application
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
    for row in answer_rows(source.questions, source.answers, municipality):
        if "section" in row:
            sections.append({"heading": row["section"], "rows": []})
        elif row["question"]["type"] not in hide:
            sections[-1]["rows"].append(display_row(row["question"], row["value"], files))
    return [section for section in sections if section["heading"] or section["rows"]]


def display_row(question, value, files):
    """One question and its answer (as answer_rows reads it), laid out for display."""
    kind = question["type"]
    row = {"key": question["key"], "type": kind, "label": question["label"], "text": ""}
    row.update(layout="text", items=[], columns=[])
    if kind == "files":
        row.update(layout="files", items=files.get(question["key"], []))
    elif kind == "table":
        columns = [c["label"] for c in question.get("columns", [])]
        row.update(layout="table", items=value, columns=columns)
    elif kind == "multiple_choice":
        row.update(layout="list", items=value)
    elif kind == "contacts":
        row.update(layout="contacts", items=[c for c in value or [] if isinstance(c, dict)])
    elif kind == "declaration":
        row["text"] = _("Yes") if value else _("No")
    elif value is not None:
        row["text"] = str(value)
    if not (row["text"] or row["items"]):
        row["layout"] = "empty"
    return row
