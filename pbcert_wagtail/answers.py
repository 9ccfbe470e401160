"""An application's answers as rows ready for display, for every reader (staff, the expert,
the applicant), each with its own HTML (includes/answer_rows.html on the web pages)."""

from django.utils.translation import gettext as _

from .i18n import in_language


def answer_sections(application, response=None, *, file_url=None, hide=()):
    """The C1 answers (or, given `response`, the questionnaire's) read with the questions as
    asked, as sections [{"heading", "rows"}] without the question types in `hide`. Each row
    has key, type, label and a `layout`: "text" (text), "list" (items: option labels), "table"
    (columns: labels; items: rows of cells), "files" (items: {name, size, url}), "contacts"
    (items: {name, role, email, phone}) or "empty" (not answered)."""
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
    for question in source.questions:
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
    elif kind == "declaration":
        row["text"] = _("Yes") if value else _("No")
    elif kind == "municipality":
        row["text"] = municipality
    elif value is not None:
        row["text"] = str(options.get(value, value) if kind == "single_choice" else value)
    if not (row["text"] or row["items"]):
        row["layout"] = "empty"
    return row
