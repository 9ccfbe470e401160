"""Driving the admin's application actions as staff do: one URL per action."""

from django.urls import reverse

from pbcert_wagtail import workflow


def action_url(application, action, *args):
    """`action` is a transition's name ("confirm") or an action's ("assign_expert")."""
    transition = workflow.TRANSITIONS.get(action)
    name = f"action_{action}" if transition and transition.button else action
    return reverse(f"pbcert_applications:{name}", args=[application.pk, *args])


def screen_url(application):
    return reverse("pbcert_applications:review", args=[application.pk])


def act(client, application, action, data=None, *args, **kwargs):
    return client.post(action_url(application, action, *args), data or {}, **kwargs)


def field_error(response, name):
    """The error shown next to the field `name` on an action's page ("" if none)."""
    from .conftest import soup

    field = soup(response).select_one(f"[name={name}]")
    wrapper = field.find_parent(attrs={"data-field-wrapper": True})
    error = wrapper.select_one(".error-message")
    return error.get_text(" ", strip=True) if error else ""


def page_errors(response):
    from .conftest import soup

    return " ".join(
        e.get_text(" ", strip=True)
        for e in soup(response).select(".messages .error, .pbcert-action__errors p")
    )
