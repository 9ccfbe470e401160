"""The community's retention periods (run by retention.purge_expired): messages to
practitioners lose the visitor's name, address and text after CONTACT_REQUEST_DAYS;
nominators their address after NOMINATION_DAYS."""

from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import ContactRequest, Nomination, OutboxMessage
from ..retention import REMOVED, about, clear_emails, cutoff, placeholder_email, unsent
from .confirmation import dedupe_key


def anonymise_contact_requests(today):
    """Messages to practitioners older than CONTACT_REQUEST_DAYS lose the visitor's name,
    address and text, and so do their emails (the confirmation to the visitor, the relayed
    message); who was written to, when, and whether it was relayed stay for statistics."""

    old = ContactRequest.objects.filter(
        anonymised_at__isnull=True, created_at__lt=cutoff("CONTACT_REQUEST_DAYS", today)
    )
    count = 0
    for row in old:
        keys = [dedupe_key(row), f"practitioner_message:{row.pk}"]
        rows = OutboxMessage.objects.filter(dedupe_key__in=keys)
        if unsent(rows).exists():
            continue  # tomorrow, once it has gone
        with transaction.atomic():
            clear_emails(rows, [row.email], [row.email, row.name], placeholder_email())
            ContactRequest.objects.filter(pk=row.pk).update(
                name=REMOVED,
                email=placeholder_email(),
                message="",
                sender_network="",
                anonymised_at=timezone.now(),
            )
        count += 1
    return count


# The emails a nominator can have had: the confirmation of their address, the answer.
NOMINATOR_EVENTS = ("address_confirmation", "nomination_answered")


def forget_nominators(today):
    """Nominations NOMINATION_DAYS after the review (or, never reviewed, after they were
    made): the nominator's address and their reason (free text: it may say who wrote it)
    removed, also from the nominator's sent emails. The municipality, the status and the
    counts stay for the statistics. Returns how many."""
    expired = Nomination.objects.filter(anonymised_at__isnull=True).filter(
        pk__in=Nomination.objects.annotate(since=Coalesce("reviewed_at", "created_at"))
        .filter(since__lt=cutoff("NOMINATION_DAYS", today))
        .values("pk")
    )
    count = 0
    for nomination in expired:
        rows = OutboxMessage.objects.none()
        if nomination.email:
            rows = OutboxMessage.objects.filter(
                recipient__iexact=nomination.email, event__in=NOMINATOR_EVENTS
            ).exclude(about())
        if unsent(rows).exists():
            continue  # tomorrow, once it has gone
        with transaction.atomic():
            if nomination.email:
                address = [nomination.email]
                clear_emails(rows, address, address, placeholder_email())
            nomination.email = ""
            nomination.reason = REMOVED
            nomination.anonymised_at = timezone.now()
            nomination.save(update_fields=["email", "reason", "anonymised_at"])
            count += 1
    return count
