"""The current or next call, for any page of the site."""

from django import template
from django.utils.translation import get_language

from ..models import CertificationCall

register = template.Library()


def call_context(language=None):
    """The call open today and the next one, with their notes in the visitor's language."""
    language = (language or get_language() or "ka")[:2]
    call = CertificationCall.objects.current()
    next_call = CertificationCall.objects.next()
    return {
        "call": call,
        "next_call": next_call,
        "call_note": call.localized_note(language) if call else "",
        "next_call_note": next_call.localized_note(language) if next_call else "",
    }


@register.inclusion_tag("pbcert_wagtail/includes/call_dates.html")
def call_dates():
    """The dates of the call open today and of the next one."""
    return call_context()
