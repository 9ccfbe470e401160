"""The user's language, and a field in it (Georgian is the default and the fallback)."""

from django.utils.translation import get_language


def current_language():
    """The active language as a two-letter code: "ka" or "en"."""
    return (get_language() or "ka")[:2]


def in_language(source, field=None, language=None):
    """A text in `language` (the active one by default), Georgian when English is empty.

    `source` is a (Georgian, English) pair, or an object with `<field>_ka` (or plain
    `<field>`) and `<field>_en` attributes: in_language(municipality, "name").
    """
    if field is None:
        georgian, english = source
    else:
        english = getattr(source, f"{field}_en", "")
        georgian = getattr(source, f"{field}_ka", None)
        if georgian is None:
            georgian = getattr(source, field)
    return (english if (language or current_language()) == "en" else "") or georgian
