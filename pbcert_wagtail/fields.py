"""Form fields and widgets of the question types: numbers, phones, contacts, files, tables."""

import re
from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models.municipalities import Municipality, Region

NUMBER_SPACES = re.compile(r"[\s\u00a0\u202f']")


class FlexibleDecimalField(forms.DecimalField):
    """A number written the way people write it: "41 465", "41,465.5", "65,8"."""

    default_error_messages = {"invalid": _("Enter a number, for example 41 465 or 65,8.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 4)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = NUMBER_SPACES.sub("", str(value).strip())
        if "," in text and "." in text:
            text = text.replace(",", "")  # "41,465.5": comma as thousands separator
        elif text.count(",") == 1 and len(text.split(",")[1]) != 3:
            text = text.replace(",", ".")  # "65,8": decimal comma
        elif text.count(",") >= 1 and all(len(part) == 3 for part in text.split(",")[1:]):
            text = text.replace(",", "")  # "41,465": thousands
        return super().to_python(text or value)  # only spaces: invalid, not empty


PHONE = re.compile(r"^\+?[0-9\s\-().]{5,30}$")


class PhoneField(forms.CharField):
    default_error_messages = {
        "invalid": _("Enter a phone number: digits, spaces and an optional + at the start.")
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and (not PHONE.match(value) or sum(c.isdigit() for c in value) < 5):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value


def municipality_choices():
    """Active municipalities grouped by region; the value is the municipality code."""
    labels = dict(Region.choices)
    municipalities = sorted(
        Municipality.objects.active().only("code", "name_ka", "name_en", "region"),
        key=lambda m: (str(labels[m.region]), m.name),
    )
    choices = [("", "—")]
    for region, members in groupby(municipalities, key=lambda m: m.region):
        choices.append((str(labels[region]), [(m.code, m.name) for m in members]))
    return choices


CONTACT_PARTS = [
    ("name", pgettext_lazy("person", "Name"), {"autocomplete": "name"}),
    ("role", _("Role or position"), {"autocomplete": "organization-title"}),
    ("email", _("Email"), {"type": "email", "autocomplete": "email"}),
    ("phone", _("Phone"), {"type": "tel", "autocomplete": "tel"}),
]


class RowsWidget(forms.Widget):
    """Rows of inputs named <name>-<row>-<part>, no JavaScript needed: max_rows of them for the
    contact people (TableWidget: the filled ones and one more). `parts` is [(key, label, extra)],
    extra the inputs' attributes (contacts) or their maximum length (table columns)."""

    template_name = "pbcert_wagtail/forms/contacts_widget.html"

    def __init__(self, parts, max_rows, attrs=None):
        self.parts = parts
        self.max_rows = max_rows
        super().__init__(attrs)

    def posted_rows(self, data, name):
        return self.max_rows

    def shown_rows(self, filled):
        return self.max_rows

    def value_from_datadict(self, data, files, name):
        return [
            {key: data.get(f"{name}-{index}-{key}", "").strip() for key, _label, _ in self.parts}
            for index in range(self.posted_rows(data, name))
            if not data.get(f"{name}-{index}-remove")
        ]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        rows = [row for row in (value if isinstance(value, list) else []) if isinstance(row, dict)]
        filled, total = len(rows), self.shown_rows(len(rows))
        rows += [{}] * (total - filled)
        errors = getattr(self, "row_errors", {})
        context["widget"]["rows"] = [
            {
                "index": index,
                "number": index + 1,
                "existing": index < filled,
                "cells": [
                    {
                        "name": f"{name}-{index}-{key}",
                        "id": f"id_{name}-{index}-{key}",
                        "label": label,
                        "value": row.get(key, ""),
                        "extra": extra,
                        "error": errors.get((index, key)),
                    }
                    for key, label, extra in self.parts
                ],
            }
            for index, row in enumerate(rows[:total])
        ]
        context["widget"]["columns"] = [
            {"key": key, "label": label} for key, label, _ in self.parts
        ]
        context["widget"]["can_add"] = total < self.max_rows
        # A cell in error is described by the field's errors (forms/field.html lists them).
        context["widget"]["described_by"] = context["widget"]["attrs"].get("aria-describedby", "")
        return context

    def value_omitted_from_data(self, data, files, name):
        return not any(key.startswith(f"{name}-") for key in data)


class ContactsField(forms.Field):
    """A list of contact people; the first needs a name and an email."""

    default_error_messages = {
        "required": _("Give at least one contact person with a name and an email."),
        "incomplete": _("Row %(row)s: give a name and an email, or leave the row empty."),
        "invalid_email": _("Row %(row)s: the email address is not valid."),
        "invalid_phone": _("Row %(row)s: the phone number is not valid."),
        "too_long": _("Row %(row)s: an answer is too long."),
    }
    limits = {"name": 200, "role": 200, "email": 254, "phone": 30}

    def __init__(self, max_rows=3, **kwargs):
        kwargs.setdefault("widget", RowsWidget(CONTACT_PARTS, max_rows))
        super().__init__(**kwargs)

    def clean(self, value):
        rows = [row for row in (value or []) if any(row.values())]
        errors, row_errors = [], {}
        for number, row in enumerate(value or [], start=1):
            if not any(row.values()):
                continue
            if not row["name"] or not row["email"]:
                errors.append(self.error_messages["incomplete"] % {"row": number})
                row_errors[(number - 1, "name" if not row["name"] else "email")] = True
                continue
            try:
                EmailValidator()(row["email"])
            except ValidationError:
                errors.append(self.error_messages["invalid_email"] % {"row": number})
                row_errors[(number - 1, "email")] = True
            if row["phone"] and not PHONE.match(row["phone"]):
                errors.append(self.error_messages["invalid_phone"] % {"row": number})
                row_errors[(number - 1, "phone")] = True
            if any(len(row[part]) > limit for part, limit in self.limits.items()):
                errors.append(self.error_messages["too_long"] % {"row": number})
        self.widget.row_errors = row_errors
        if errors:
            raise ValidationError(errors)
        if not rows and self.required:
            self.widget.row_errors = {(0, "name"): True, (0, "email"): True}
            raise ValidationError(self.error_messages["required"], code="required")
        return rows


class DeclarationField(forms.BooleanField):
    default_error_messages = {"required": _("Tick the box to confirm this declaration.")}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files per question, only rendered here: the view checks and stores each upload
    at once (so a file survives an error elsewhere on the form) and enforces max_files."""

    widget = MultipleFileInput

    def __init__(self, max_files=5, **kwargs):
        super().__init__(**{**kwargs, "required": False})

    def clean(self, data, initial=None):
        return None


ROW_INDEX = re.compile(r"\d{1,4}", re.ASCII)


class TableWidget(RowsWidget):
    """Rows of inputs, one per column, with "remove" boxes and one empty row to fill."""

    template_name = "pbcert_wagtail/forms/table_widget.html"

    def posted_rows(self, data, name):
        indexes = {
            int(key.split("-")[1])
            for key in data
            if key.startswith(f"{name}-") and ROW_INDEX.fullmatch(key.split("-")[1])
        }
        return max(indexes, default=-1) + 1  # all of them: the field says if too many

    def shown_rows(self, filled):
        return filled if filled >= self.max_rows else filled + 1

    def value_from_datadict(self, data, files, name):
        """The posted rows; blank ones are kept only for the table whose "add a row" was
        pressed (shown again with one more), not for every table of the form."""
        rows = super().value_from_datadict(data, files, name)
        if data.get("add_row") == name:
            return rows
        return [row for row in rows if any(row.values())]


class TableField(forms.Field):
    """A list of rows (dicts by column key); empty rows are dropped."""

    default_error_messages = {
        "required": _("Fill in at least one row."),
        "too_long": _("Row %(row)s, “%(column)s”: at most %(limit)s characters."),
        "too_many": _(
            "This table takes at most %(limit)s rows and %(count)s were sent: remove the extra rows."
        ),
    }

    def __init__(self, columns, max_rows=20, **kwargs):
        """`columns` as the question block has them: [{key, label, max_length}]."""
        self.columns = [(c["key"], c["label"], c.get("max_length") or 300) for c in columns]
        self.max_rows = max_rows
        kwargs.setdefault("widget", TableWidget(self.columns, max_rows))
        super().__init__(**kwargs)

    def clean(self, value):
        shown = [
            {key: str(row.get(key, "")).strip() for key, _label, _max in self.columns}
            for row in value or []
        ]  # the rows as the table shows them again, numbered alike
        rows = [row for row in shown if any(row.values())]
        errors, row_errors = [], {}
        for index, row in enumerate(shown):
            for key, label, limit in self.columns:
                if len(row[key]) > limit:
                    numbers = {"row": index + 1, "column": label, "limit": limit}
                    errors.append(self.error_messages["too_long"] % numbers)
                    row_errors[(index, key)] = True
        if len(rows) > self.max_rows:
            numbers = {"limit": self.max_rows, "count": len(rows)}
            errors.append(self.error_messages["too_many"] % numbers)
        self.widget.row_errors = row_errors
        if errors:
            raise ValidationError(errors)
        if self.required and not rows:
            self.widget.row_errors = {(0, key): True for key, _label, _max in self.columns}
            raise ValidationError(self.error_messages["required"], code="required")
        return rows
