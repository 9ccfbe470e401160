"""The Georgian JavaScript strings of the admin are found only through LOCALE_PATHS."""

from pathlib import Path

from django.conf import settings
from django.core import checks

from . import JS_LOCALE_PATH


@checks.register()
def js_catalogue_is_found(app_configs, **kwargs):
    if any(Path(path).resolve() == JS_LOCALE_PATH for path in settings.LOCALE_PATHS):
        return []
    return [
        checks.Warning(
            "The Georgian JavaScript strings of the Wagtail admin are not in LOCALE_PATHS.",
            hint="Add pbcert_wagtail.ka_admin.JS_LOCALE_PATH to LOCALE_PATHS.",
            id="pbcert.W002",
        )
    ]
