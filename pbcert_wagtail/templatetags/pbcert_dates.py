"""A date inside a sentence, in the page's language or the one given (georgian.day_in):
`{{ d|day_on }}`, `{{ d|day_until }}`, `{{ d|day_from }}`, `{{ d|day_of:"ka" }}`,
`{{ moment|moment_until }}`."""

from django import template

from .. import georgian

register = template.Library()


@register.filter
def day_on(value, language=None):
    return georgian.day_in(value, "on", language)


@register.filter
def day_until(value, language=None):
    return georgian.day_in(value, "until", language)


@register.filter
def day_from(value, language=None):
    return georgian.day_in(value, "from", language)


@register.filter
def day_of(value, language=None):
    return georgian.day_in(value, "of", language)


@register.filter
def moment_until(value, language=None):
    return georgian.moment_until(value, language)
