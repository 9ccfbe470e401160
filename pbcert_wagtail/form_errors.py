"""What a refused public form tells, for the error summary at its top and for screen
readers: which element a link to a field lands on, and which ids describe a control."""

from django.utils.text import Truncator

from .fields import RowsWidget

LABEL_CHARS = 140


def short_label(label):
    """A label as the summary names it, before a colon: shortened, no closing stop."""
    return Truncator(str(label)).chars(LABEL_CHARS).rstrip(".:")


def control_id(bound):
    """The id of the element a link to this field lands on: the control itself, the first
    option of a group of radios or boxes, the first wrong (else the first) cell of rows."""
    widget = bound.field.widget
    if isinstance(widget, RowsWidget):
        order = [key for key, _label, _extra in widget.parts]
        wrong = sorted(getattr(widget, "row_errors", {}), key=lambda c: (c[0], order.index(c[1])))
        row, part = wrong[0] if wrong else (0, order[0])
        return f"id_{bound.html_name}-{row}-{part}"
    if bound.id_for_label:
        return bound.id_for_label
    options = bound.subwidgets
    return options[0].id_for_label if options else bound.auto_id


def errors_id(bound):
    """The id of the list of the field's errors (templates/pbcert_wagtail/forms/field.html)."""
    return f"{bound.auto_id}_errors"


def described_by(bound):
    """The ids that describe the field's control: its help text, then its errors."""
    ids = []
    if bound.help_text:
        ids.append(f"{bound.auto_id}_helptext")
    if bound.errors:
        ids.append(errors_id(bound))
    return " ".join(ids)


def summary(forms, extra=()):
    """{"messages": the forms' own errors, "fields": [{"id", "label", "errors"}]} in page
    order; `extra` adds entries that are not form fields (same keys)."""
    messages, fields = [], []
    for form in forms:
        if form is None or not form.errors:
            continue
        messages += list(form.non_field_errors())
        # A form whose labels repeat (one block per item) names its fields for the summary.
        label_of = getattr(form, "summary_label", lambda bound: bound.label)
        for bound in form:
            if bound.errors:
                fields.append(
                    {
                        "id": control_id(bound),
                        "label": short_label(label_of(bound)),
                        "errors": list(bound.errors),
                    }
                )
    fields += [
        {**entry, "label": short_label(entry["label"])} for entry in extra if entry.get("errors")
    ]
    return {"messages": messages, "fields": fields}
