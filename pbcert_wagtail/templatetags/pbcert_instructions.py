"""The text of an instruction email, its placeholders filled from the email's context
(the private link exists only once notifications.to_applicant has issued it)."""

from django import template
from django.utils.formats import date_format

from ..i18n import in_language
from ..instructions.placeholders import fill

register = template.Library()


@register.simple_tag(takes_context=True)
def instruction_text(context, part):
    """`part` ("subject" or "body") of context["instruction"] in the email's language
    (Georgian when the English is empty), with {municipality}, {reference}, {deadline}
    and {link} filled in."""
    instruction = context["instruction"]
    values = {
        "municipality": context["municipality"],
        "reference": context["application"].reference,
        "deadline": date_format(context["deadline"], "j E Y"),
        "link": context.get("questionnaire_url", ""),
    }
    return fill(in_language(instruction, part, context["language"]), values)
