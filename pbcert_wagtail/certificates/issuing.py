"""Issuing: a "certified" decision, when it is published, becomes a Certificate — in the
publishing transaction, numbered from the call year's counter — with its recommendations
as rows and a first document queued for the worker to render. Staff record certificates
issued on paper by hand."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ..models import (
    Certificate,
    CertificateDocument,
    Outcome,
    Recommendation,
)
from ..models.certificates import (
    TBILISI,
    allocate_certificate_number,
    last_day_of_validity,
)
from ..scores import freeze_criteria
from .codes import new_code


def issue_for_decision(sender, decision, **kwargs):
    """The `decision_published` receiver: a certificate for a "certified" decision, once."""
    if decision.outcome != Outcome.CERTIFIED:
        return None
    if Certificate.objects.filter(decision=decision).exists():
        return None
    application = decision.application
    valid_from = timezone.localdate(decision.published_at, TBILISI)
    previous = application.renews
    if previous is not None and previous.revoked_at is None:
        # Decided before last year's expired: the new year starts the day after, no gap.
        valid_from = max(valid_from, previous.valid_until + timedelta(days=1))
    certificate = Certificate.objects.create(
        number=allocate_certificate_number(application.call.year),
        municipality=application.municipality,
        call=application.call,
        decision=decision,
        valid_from=valid_from,
        valid_until=last_day_of_validity(valid_from),
        progress_assessment=decision.progress_assessment,
    )
    add_recommendations(certificate, decision.recommendations)
    new_document(certificate)
    if previous is not None:
        Certificate.objects.filter(pk=previous.pk).update(superseded_by=certificate)
    return certificate


def add_recommendations(certificate, items):
    """The decision's recommendations ([{"criterion": code, "text": …}]) as rows, each tied
    to the call's frozen criterion of that code."""
    criteria = {c.code: c for c in freeze_criteria(certificate.call)}
    Recommendation.objects.bulk_create(
        Recommendation(
            certificate=certificate,
            criterion=criteria.get(item.get("criterion") or ""),
            criterion_code=item.get("criterion") or "",
            text=item["text"],
            order=order,
        )
        for order, item in enumerate(items)
        if (item.get("text") or "").strip()
    )


def new_document(certificate):
    """A new printed form of `certificate` with a new verification code, rendered by the
    worker after the transaction commits; earlier documents are marked replaced."""
    from .rendering import enqueue_render

    now = timezone.now()
    certificate.documents.filter(replaced_at__isnull=True).update(replaced_at=now)
    document = CertificateDocument.objects.create(
        certificate=certificate, code=new_code(), created_at=now, queued_at=now
    )
    transaction.on_commit(lambda: enqueue_render([document.pk]))
    return document


@transaction.atomic
def record_paper_certificate(municipality, valid_from, user, **details):
    """A certificate handed over on paper (no application, decision or scores), numbered
    from its year's counter."""
    return Certificate.objects.create(
        number=allocate_certificate_number(valid_from.year),
        municipality=municipality,
        valid_from=valid_from,
        valid_until=last_day_of_validity(valid_from),
        on_paper=True,
        recorded_by=user,
        **details,
    )
