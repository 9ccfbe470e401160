"""Building C1 form posts for tests: now part of `tests/scenarios.py` (kept for the
modules that still import from here)."""

from django.core import mail

from pbcert_wagtail.models import Application

from .scenarios import c1_post, latest_email, link_from, path_of, sent_link, submit

__all__ = [
    "Application",
    "c1_post",
    "latest_email",
    "link_from",
    "mail",
    "path_of",
    "sent_link",
    "submit",
]
