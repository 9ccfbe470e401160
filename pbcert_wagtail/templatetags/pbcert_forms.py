"""Template tags of the public forms: the error summary and controls that say why they
are invalid."""

from django import template

from .. import form_errors

register = template.Library()


@register.inclusion_tag("pbcert_wagtail/forms/error_summary.html", takes_context=True)
def error_summary(context, *forms, extra=(), title="", after=""):
    """{% error_summary form other_form extra=entries title=_("…") after="a template" %}: the
    box at the top of a refused form naming each field in error as a link to it (nothing
    when all is well); `after` is included at its end, with the page's context."""
    found = form_errors.summary(forms, extra or ())
    return {
        **context.flatten(),
        "summary_messages": found["messages"],
        "summary_fields": found["fields"],
        "summary_title": title,
        "summary_after": after,
        "summary_shown": bool(found["messages"] or found["fields"]),
    }


@register.simple_tag
def control(bound):
    """{% control field %}: the field's widget, described by its help text and its errors
    (Django marks it aria-invalid; the errors' ids are added to the help text's)."""
    ids = form_errors.described_by(bound)
    if bound.use_fieldset:  # the group's fieldset has the help text; each option its errors
        ids = form_errors.errors_id(bound) if bound.errors else ""
    return bound.as_widget(attrs={"aria-describedby": ids} if ids else None)


@register.simple_tag
def described_by(bound):
    """{% described_by field %}: the ids, for a control a template writes itself."""
    return form_errors.described_by(bound)
