"""Publishing a call's results: decisions become visible and every decided applicant is
told, once. The certificate feature extends `publish_results`."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from . import notifications
from .models import CertificationCall, ConsortiumDecision, ResultNotice


def pending_decisions(call):
    """Decisions of `call` not yet published: what publishing would send, and to whom."""
    return (
        ConsortiumDecision.objects.filter(application__call=call, published_at__isnull=True)
        .select_related("application__municipality")
        .order_by("application__reference")
    )


def publish_results(call, user=None):
    """Publish every decision of `call`: visible to its applicant, emailed once each.

    Safe to run again (or twice at once): a ResultNotice per decision is unique, so
    nobody is emailed twice. Returns how many applicants were told now.
    """
    told = 0
    for decision in list(pending_decisions(call)):
        try:
            with transaction.atomic():
                ResultNotice.objects.create(decision=decision)
                ConsortiumDecision.objects.filter(pk=decision.pk).update(
                    published_at=timezone.now()
                )
                decision.refresh_from_db()
                log(
                    instance=decision.application,
                    action="pbcert.application.result_published",
                    user=user,
                    data={"comment": decision.get_outcome_display()},
                )
                notifications.result_published(decision.application, decision)
                told += 1
        except IntegrityError:
            continue
    return told


def publish_due_results(today=None):
    """The schedule: publish the calls whose results date has come."""
    today = today or timezone.localdate()
    told = 0
    for call in CertificationCall.objects.filter(results_at__lte=today):
        told += publish_results(call)
    return told
