"""The current or next call, for any page of the site."""

from django import template

from ..i18n import current_language, in_language
from ..models import CertificationCall

register = template.Library()


def call_context(language=None):
    """The call open today and the next one, with their notes in the visitor's language."""
    language = language or current_language()
    call = CertificationCall.objects.current()
    next_call = CertificationCall.objects.next()
    return {
        "call": call,
        "next_call": next_call,
        "call_note": in_language(call, "note", language) if call else "",
        "next_call_note": in_language(next_call, "note", language) if next_call else "",
    }


@register.inclusion_tag("pbcert_wagtail/includes/call_dates.html")
def call_dates():
    """The dates of the call open today and of the next one."""
    return call_context()
