"""The placeholders staff may write in an instruction email, e.g. {municipality}: checked
when the text is saved (an unknown one is an error next to the field), filled when sent."""

from string import Formatter

from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

PLACEHOLDERS = {
    "municipality": _("the municipality's name"),
    "reference": _("the application's number"),
    "deadline": _("the last day to submit the questionnaire (with an extension, if any)"),
    "link": _("the private link to the questionnaire"),
}


def allowed():
    return ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)


def _help_text():
    described = "; ".join(f"{{{name}}} — {meaning}" for name, meaning in PLACEHOLDERS.items())
    return _("Placeholders: %(placeholders)s.") % {"placeholders": described}


# What the admin shows under each text field, in the admin's language.
help_text = lazy(_help_text, str)


def as_written(name, spec, conversion):
    """A placeholder's inside as the text has it: "deadline", "deadline:%Y", "x!r"."""
    return name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")


def fields_in(text):
    """The placeholders written in `text`, as written; ValueError when a brace has no pair."""
    parts = Formatter().parse(text or "")
    return [as_written(name, spec, conv) for _lit, name, spec, conv in parts if name is not None]


def validate_placeholders(text):
    """A model field validator: only the placeholders above, each written plainly."""
    try:
        written = fields_in(text)
    except ValueError:
        raise ValidationError(
            _(
                "A brace without its pair. Write a placeholder as {municipality}, and a brace itself as {{ or }}."
            ),
            code="unpaired_brace",
        ) from None
    unknown = [name for name in written if name not in PLACEHOLDERS]
    if unknown:
        raise ValidationError(
            _("Unknown placeholder %(unknown)s. The text may use only %(allowed)s."),
            code="unknown_placeholder",
            params={
                "unknown": ", ".join(f"{{{name}}}" for name in dict.fromkeys(unknown)),
                "allowed": allowed(),
            },
        )


def fill(text, values):
    """`text` with each placeholder replaced by its value. A text saved without the check
    (unknown placeholder, lone brace) is sent as written rather than not at all."""
    try:
        parts = list(Formatter().parse(text or ""))
    except ValueError:
        return text
    filled = []
    for literal, name, spec, conversion in parts:
        filled.append(literal)
        if name is None:
            continue
        if name in values and not spec and not conversion:
            filled.append(str(values[name]))
        else:
            filled.append("{" + as_written(name, spec, conversion) + "}")
    return "".join(filled)
