"""The application form builder (question types, stable keys) and the public forms."""

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from .fields import (
    CleanCharField,
    ContactsField,
    DeclarationField,
    FilesField,
    FlexibleDecimalField,
    MunicipalityChoiceField,
    PhoneField,
    TableField,
)

HONEYPOT_FIELD = "pbcert-website"  # a hyphen: no question key can take this name


@dataclass
class QuestionSpec:
    """One question of a form, in the shape Wagtail's FormBuilder expects.

    `clean_name` is the editor-given key, so answers are stored by key, not by a
    name derived from the (translated) label.
    """

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
            required=bool(value.get("required")),
        )
        if "options" in value:
            spec.choices = [(option["key"], option["label"]) for option in value["options"]]
        for extra in ("max_length", "min_value", "max_value", "max_rows", "max_files"):
            if value.get(extra) is not None:
                spec.settings[extra] = value[extra]
        if "columns" in value:
            spec.settings["columns"] = [
                {"key": c["key"], "label": c["label"], "max_length": c["max_length"]}
                for c in value["columns"]
            ]
        if spec.field_type in ("declaration", "municipality", "contacts"):
            spec.required = True  # an application needs these, whatever the editor ticked
        items.append(spec)
    return items


class ApplicationFormBuilder(FormBuilder):
    """Wagtail's FormBuilder with our question types; choices are (option key, label)."""

    def get_field_options(self, field):
        options = super().get_field_options(field)
        options.pop("initial", None)
        return options

    text_field = forms.CharField

    def create_short_text_field(self, field, options):
        return self.text_field(max_length=field.settings.get("max_length", 300), **options)

    def create_long_text_field(self, field, options):
        return self.text_field(
            max_length=field.settings.get("max_length", 3000),
            widget=forms.Textarea(attrs={"rows": 6}),
            **options,
        )

    def create_number_field(self, field, options):
        return FlexibleDecimalField(
            min_value=field.settings.get("min_value"),
            max_value=field.settings.get("max_value"),
            **options,
        )

    def create_date_field(self, field, options):
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **options)

    def create_single_choice_field(self, field, options):
        options["choices"] = field.choices
        return forms.ChoiceField(widget=forms.RadioSelect, **options)

    def create_multiple_choice_field(self, field, options):
        options["choices"] = field.choices
        return forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, **options)

    def create_municipality_field(self, field, options):
        return MunicipalityChoiceField(**options)

    def create_email_field(self, field, options):
        return forms.EmailField(max_length=254, **options)

    def create_phone_field(self, field, options):
        return PhoneField(**options)

    def create_url_field(self, field, options):
        return forms.URLField(max_length=500, assume_scheme="https", **options)

    def create_declaration_field(self, field, options):
        return DeclarationField(**options)

    def create_contacts_field(self, field, options):
        return ContactsField(rows=field.settings.get("max_rows", 3), **options)

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


class QuestionnaireFormBuilder(ApplicationFormBuilder):
    """The C1 builder plus files and tables; text loses invisible control characters."""

    text_field = CleanCharField

    def create_files_field(self, field, options):
        return FilesField(max_files=field.settings.get("max_files", 5), **options)

    def create_table_field(self, field, options):
        columns = [
            (c["key"], c["label"], c.get("max_length") or 300) for c in field.settings["columns"]
        ]
        return TableField(columns, max_rows=field.settings.get("max_rows", 20), **options)


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
