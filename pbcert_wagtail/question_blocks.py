"""StreamField blocks of the form questions (application form and questionnaire)."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .blocks import field_error

# A form's questions are a StreamField. Labels, help texts and option labels are
# translated with wagtail-localize; keys are synchronised (KeyBlock has no
# translatable segments), so a Georgian and an English answer have the same shape.

KEY_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9_]{0,39}$",
    _("Use 1–40 small Latin letters, digits or _, starting with a letter (e.g. 'pb_since')."),
)
# Names the forms use for themselves: buttons, row checkboxes, the CSRF token.
RESERVED_KEYS = set("csrfmiddlewaretoken sent submit save add_row remove action files text".split())


def validate_key_not_reserved(value):
    if value in RESERVED_KEYS:
        raise ValidationError(_("“%(key)s” is reserved: choose another key.") % {"key": value})


class KeyBlock(blocks.CharBlock):
    """A short ASCII key, the same in every language (never offered for translation)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("validators", [KEY_VALIDATOR, validate_key_not_reserved])
        kwargs.setdefault(
            "help_text",
            _("Short Latin name that answers are stored under; the same in every language."),
        )
        super().__init__(**kwargs)

    def get_translatable_segments(self, value):
        return []

    def restore_translated_segments(self, value, segments):
        return value


def unique_keys(value, child, message):
    """`value` unchanged, or an error on its `child` list when two of its items share a key."""
    keys = [item["key"] for item in value[child]]
    if len(keys) != len(set(keys)):
        raise field_error(child, message)
    return value


class QuestionBlock(blocks.StructBlock):
    """What every question has: a key, a label, a help text and whether it is required; its
    type is its name in the stream ("email"…), forms.FIELD_TYPES says which field it makes."""

    key = KeyBlock(label=_("Key"))
    label = blocks.CharBlock(label=_("Question"), max_length=500)
    help_text = blocks.TextBlock(label=_("Help text"), required=False)
    required = blocks.BooleanBlock(label=_("Required"), required=False, default=True)

    class Meta:
        icon = "form"


def question_type(label, icon, base=QuestionBlock, **settings):
    """A question block of `base` with a label and an icon in its Meta (constructor
    arguments would be recorded in the migrations), and the blocks of its own settings."""
    meta = type("Meta", (), {"label": label, "icon": icon})
    return type(base.__name__, (base,), {"Meta": meta, **settings})()


class SectionBlock(blocks.StructBlock):
    """A heading (and text) between questions; it asks nothing."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=300)
    text = blocks.TextBlock(label=_("Text"), required=False)

    class Meta:
        label, icon = _("Section heading"), "title"


class TextQuestionBlock(QuestionBlock):
    max_length = blocks.IntegerBlock(
        label=_("Maximum length (characters)"), min_value=1, max_value=20000, default=300
    )

    class Meta:
        label = _("Short text")


class OptionBlock(blocks.StructBlock):
    key = KeyBlock(label=_("Key"))
    label = blocks.CharBlock(label=_("Option"), max_length=300)

    class Meta:
        label = _("Option")


class ChoiceQuestionBlock(QuestionBlock):
    options = blocks.ListBlock(OptionBlock(), label=_("Options"), min_num=2)

    class Meta:
        label, icon = _("Single choice"), "radio-full"

    def clean(self, value):
        return unique_keys(super().clean(value), "options", _("Each option needs its own key."))


class QuestionStreamBlock(blocks.StreamBlock):
    """The questions of an application form; keys must be unique, and the form must
    say which municipality applies and who its contacts are."""

    exactly_one = ("municipality", "contacts")

    section = SectionBlock()
    short_text = TextQuestionBlock()
    long_text = question_type(_("Long text"), "pilcrow", TextQuestionBlock)
    number = question_type(
        _("Number"),
        "order",
        min_value=blocks.DecimalBlock(label=_("Smallest value"), required=False),
        max_value=blocks.DecimalBlock(label=_("Largest value"), required=False),
    )
    date = question_type(_("Date"), "date")
    single_choice = ChoiceQuestionBlock()
    multiple_choice = question_type(_("Multiple choice"), "tasks", ChoiceQuestionBlock)
    municipality = question_type(_("Municipality"), "site")
    email = question_type(_("Email"), "mail")
    phone = question_type(_("Phone"), "mobile-alt")
    url = question_type(_("Web address"), "link")
    # a checkbox the applicant must tick: the label is the declaration
    declaration = question_type(_("Declaration checkbox"), "tick-inverse")
    # contact people: name, role, email and phone, at least one row
    contacts = question_type(
        _("Contact people"),
        "group",
        max_rows=blocks.IntegerBlock(
            label=_("Most contact people"), min_value=1, max_value=10, default=3
        ),
    )

    def clean(self, value):
        value = super().clean(value)
        errors, seen = {}, set()
        for index, child in enumerate(value):
            key = child.value.get("key")  # None for a section
            if key and key in seen:
                errors[index] = field_error("key", _("Another question already uses this key."))
            seen.add(key)
        types = [child.block_type for child in value]
        for single in self.exactly_one:
            if types.count(single) != 1:
                label = self.child_blocks[single].label
                message = _("The form needs exactly one “%(type)s” question.") % {"type": label}
                raise blocks.StreamBlockValidationError(
                    non_block_errors=ErrorList([ValidationError(message)])
                )
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return value


class ColumnBlock(blocks.StructBlock):
    key = KeyBlock(label=_("Key"))
    label = blocks.CharBlock(label=_("Column"), max_length=200)
    max_length = blocks.IntegerBlock(
        label=_("Maximum length (characters)"), min_value=1, max_value=5000, default=300
    )

    class Meta:
        label = _("Column")


class TableQuestionBlock(QuestionBlock):
    """Rows of answers, e.g. the activity plan: activity, period (free text)."""

    columns = blocks.ListBlock(ColumnBlock(), label=_("Columns"), min_num=1)
    max_rows = blocks.IntegerBlock(label=_("Most rows"), min_value=1, max_value=100, default=20)

    class Meta:
        label, icon = _("Table of rows"), "table"

    def clean(self, value):
        return unique_keys(super().clean(value), "columns", _("Each column needs its own key."))


class QuestionnaireStreamBlock(QuestionStreamBlock):
    """The questionnaire's questions: the C1 types (no municipality or contacts), files, tables."""

    exactly_one = ()
    # one or more files (PDF, DOCX, XLSX, ODT, JPEG, PNG), checked by their content
    files = question_type(
        _("File attachments"),
        "doc-full",
        max_files=blocks.IntegerBlock(label=_("Most files"), min_value=1, max_value=20, default=5),
    )
    table = TableQuestionBlock()

    class Meta:
        block_counts = {"municipality": {"max_num": 0}, "contacts": {"max_num": 0}}
