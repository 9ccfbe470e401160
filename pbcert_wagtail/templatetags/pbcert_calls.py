"""The current or next call, for any page of the site."""

from django import template

from ..models import CertificationCall

register = template.Library()


@register.inclusion_tag("pbcert_wagtail/includes/call_dates.html")
def call_dates():
    """The dates of the call open today, or of the next one."""
    call = CertificationCall.objects.current()
    return {"call": call, "next_call": None if call else CertificationCall.objects.next()}
