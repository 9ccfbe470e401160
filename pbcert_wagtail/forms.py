"""The application form builder (question types, stable keys) and the public forms."""

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from .fields import (
    ContactsField,
    DeclarationField,
    FilesField,
    FlexibleDecimalField,
    PhoneField,
    TableField,
    municipality_choices,
)

HONEYPOT_FIELD = "pbcert-website"  # a hyphen: no question key can take this name


@dataclass
class QuestionSpec:
    """One question of a form, in the shape Wagtail's FormBuilder expects; `clean_name` is the
    editor-given key, so answers are stored by key, not by the (translated) label."""

    clean_name: str
    field_type: str
    label: str
    help_text: str = ""
    required: bool = True
    default_value: str = ""
    choices: list = field(default_factory=list)  # [(option key, label)]
    settings: dict = field(default_factory=dict)

    def snapshot(self):
        """The question as the applicant saw it, stored with each application."""
        data = {
            "key": self.clean_name,
            "type": self.field_type,
            "label": self.label,
            "help_text": self.help_text,
            "required": self.required,
        }
        if self.choices:
            data["options"] = [{"key": key, "label": label} for key, label in self.choices]
        if "columns" in self.settings:
            data["columns"] = self.settings["columns"]
        return data


# An application needs these, whatever the editor ticked.
ALWAYS_REQUIRED = ("declaration", "municipality", "contacts")
SETTINGS = ("max_length", "min_value", "max_value", "max_rows", "max_files", "columns")


def question_specs(stream_value):
    """QuestionSpecs and section headings, in form order, from a questions StreamField."""
    items = []
    for child in stream_value:
        value = child.value
        if child.block_type == "section":
            items.append({"section": value["heading"], "text": value.get("text", "")})
            continue
        spec = QuestionSpec(
            clean_name=value["key"],
            field_type=child.block_type,
            label=value["label"],
            help_text=value.get("help_text") or "",
            required=bool(value.get("required")) or child.block_type in ALWAYS_REQUIRED,
            choices=[(option["key"], option["label"]) for option in value.get("options", [])],
            settings={key: value[key] for key in SETTINGS if value.get(key) is not None},
        )
        if "columns" in spec.settings:
            spec.settings["columns"] = [dict(column) for column in value["columns"]]
        items.append(spec)
    return items


TEXT = None  # the builder's text_field

# question type: (form field, its arguments); the question's settings (max_length,
# max_rows…) are passed on as arguments too, over these defaults.
FIELD_TYPES = {
    "short_text": (TEXT, {"max_length": 300}),
    "long_text": (TEXT, {"max_length": 3000, "widget": forms.Textarea(attrs={"rows": 6})}),
    "number": (FlexibleDecimalField, {}),
    "date": (forms.DateField, {"widget": forms.DateInput(attrs={"type": "date"})}),
    "single_choice": (forms.ChoiceField, {"widget": forms.RadioSelect}),
    "multiple_choice": (forms.MultipleChoiceField, {"widget": forms.CheckboxSelectMultiple}),
    "municipality": (forms.ChoiceField, {"choices": municipality_choices}),
    "email": (forms.EmailField, {"max_length": 254}),
    "phone": (PhoneField, {}),
    "url": (forms.URLField, {"max_length": 500, "assume_scheme": "https"}),
    "declaration": (DeclarationField, {}),
    "contacts": (ContactsField, {}),
    "files": (FilesField, {}),
    "table": (TableField, {}),
}


class ApplicationFormBuilder(FormBuilder):
    """Wagtail's FormBuilder with our question types; choices are (option key, label)."""

    text_field = forms.CharField

    def get_field_options(self, field):
        options = super().get_field_options(field)
        options.pop("initial", None)
        return options

    def get_create_field_function(self, type):
        return self.create_field

    def create_field(self, field, options):
        field_class, arguments = FIELD_TYPES[field.field_type]
        if field.choices:
            options["choices"] = field.choices
        return (field_class or self.text_field)(**{**arguments, **field.settings, **options})

    def get_form_class(self):
        return type("ApplicationForm", (BaseForm,), self.formfields)


def answers_from(form, specs):
    """The cleaned answers, by key, in a JSON-friendly shape."""
    answers = {}
    for spec in specs:
        value = form.cleaned_data.get(spec.clean_name)
        if isinstance(value, Decimal):
            value = format(value.normalize(), "f")
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        answers[spec.clean_name] = value
    return answers


class LostLinkForm(forms.Form):
    """Ask for a new private link to be mailed to an application's contact address."""

    email = forms.EmailField(label=_("Contact email of the application"), max_length=254)


class ChangeNoticeForm(forms.Form):
    """The applicant tells the team what changed (also the text of an information answer)."""

    text = forms.CharField(
        label=_("What has changed?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )


def bound_items(form, items):
    """Section headings and bound fields, in form order, for the templates."""
    return [
        {"section": item["section"], "text": item.get("text", "")}
        if isinstance(item, dict)
        else {"field": form[item.clean_name], "type": item.field_type, "spec": item}
        for item in items
    ]


def snapshot(items):
    """The questions as asked (a copy kept with the answers, so they stay readable)."""
    return [
        item.snapshot() if isinstance(item, QuestionSpec) else {"section": item["section"]}
        for item in items
    ]
