"""Recording what Georgian is missing: every gettext lookup (plain, with a context, with
plurals; from Python and templates) made while Georgian is active whose msgid none of the
catalogues translates.

    with untranslated() as missing:   # a set of (context or "", msgid, plural or "")
        client.get("/admin/")
"""

import contextlib

from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real

SEPARATOR = trans_real.CONTEXT_SEPARATOR
# Looked up but never shown: django-filter translates each lookup of a filter's label
# ("exact") as the default of a dict lookup whose value is "".
NEVER_SHOWN = {"exact"}


def _catalogue():
    active = getattr(trans_real._active, "value", None)
    return active or trans_real.translation(settings.LANGUAGE_CODE)


def _missing(key):
    active = _catalogue()
    return active.language() == "ka" and key not in active._catalog


@contextlib.contextmanager
def untranslated():
    missing = set()
    functions = {
        name: getattr(translation._trans, name)
        for name in ("gettext", "ngettext", "pgettext", "npgettext")
    }

    def gettext(message):
        if message and message not in NEVER_SHOWN and _missing(message.replace("\r\n", "\n")):
            missing.add(("", str(message), ""))
        return functions["gettext"](message)

    def pgettext(context, message):
        if message and _missing(f"{context}{SEPARATOR}{message}"):
            missing.add((context, str(message), ""))
        return functions["pgettext"](context, message)

    def ngettext(singular, plural, number):
        if _missing((singular, 0)):
            missing.add(("", str(singular), str(plural)))
        return functions["ngettext"](singular, plural, number)

    def npgettext(context, singular, plural, number):
        if _missing((f"{context}{SEPARATOR}{singular}", 0)):
            missing.add((context, str(singular), str(plural)))
        return functions["npgettext"](context, singular, plural, number)

    for name, function in (
        ("gettext", gettext),
        ("ngettext", ngettext),
        ("pgettext", pgettext),
        ("npgettext", npgettext),
    ):
        setattr(translation._trans, name, function)
    try:
        yield missing
    finally:
        for name, function in functions.items():
            setattr(translation._trans, name, function)
