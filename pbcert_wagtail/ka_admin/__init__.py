"""Georgian for Wagtail's and Django's own admin strings (Wagtail's catalogue has almost
none): an app of its own, listed before the Wagtail apps so its catalogue wins, whose
.po is built by scripts/build_ka_admin_po.py from their msgids — never by makemessages,
which would mark every foreign msgid obsolete.

JavaScript catalogues are read only from their own package and LOCALE_PATHS, so the
djangojs translations live in JS_LOCALE_PATH, which the site adds to LOCALE_PATHS (a
check warns when it is missing). It holds no django.po: in LOCALE_PATHS that would take
precedence over our own catalogue."""

from pathlib import Path

JS_LOCALE_PATH = Path(__file__).resolve().parent / "jslocale"
