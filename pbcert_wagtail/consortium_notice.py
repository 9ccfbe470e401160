"""The consortium is told when an application is ready for its decision: staff mark the
reviews complete ("ready for the consortium") and each active member gets an email with a
link to the application, once per application (notifications.to_consortium)."""

from .models.applications import ApplicationStatus


def tell_consortium(sender, application, transition, user=None, **kwargs):
    """Receiver of signals.application_transitioned (inside the transaction: the emails
    are outbox rows, sent after commit)."""
    if transition.target == ApplicationStatus.READY_FOR_DECISION:
        from . import notifications

        notifications.to_consortium(application)
