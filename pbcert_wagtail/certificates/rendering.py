"""The worker renders certificate PDFs. A render that fails leaves the document pending
with its error, and the schedule queues pending documents again after
RENDER_RETRY_MINUTES (an on-commit enqueue can be lost too); a document is rendered
once: only a pending one is marked rendered. A revoked certificate's current document is
rendered again (same code), saying it was revoked."""

import logging
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_q.tasks import async_task

from ..models import CertificateDocument, PdfState
from ..models.questionnaires import private_storage
from . import pdf

logger = logging.getLogger(__name__)

RENDER_TASK = "pbcert_wagtail.certificates.rendering.render_documents"
BATCH = 10  # documents per task (about 0.3 s each)
RENDER_RETRY_MINUTES = 10


def enqueue_render(document_ids):
    document_ids = list(document_ids)
    for start in range(0, len(document_ids), BATCH):
        try:
            async_task(RENDER_TASK, document_ids[start : start + BATCH], group="pbcert-pdf")
        except Exception:  # requeue_pending picks them up
            logger.exception("Could not queue certificate documents %s", document_ids[start])


def render_documents(document_ids):
    """The task: render each pending document of `document_ids`."""
    for document_id in document_ids:
        render_document(document_id)


def render_document(document_id):
    document = (
        CertificateDocument.objects.select_related("certificate__municipality")
        .filter(pk=document_id, state=PdfState.PENDING)
        .first()
    )
    if document is None:
        return False
    attempt = {"attempts": F("attempts") + 1, "queued_at": timezone.now()}
    try:
        content = pdf.certificate_pdf(document)
    except Exception as error:
        logger.exception("Certificate %s: the PDF did not render", document.certificate)
        CertificateDocument.objects.filter(pk=document.pk).update(
            **attempt, last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        return False
    storage = private_storage()
    previous = document.file.name
    name = storage.save(f"certificates/{document.certificate.number}-{document.code}.pdf",
                        ContentFile(content))  # fmt: skip
    rendered = CertificateDocument.objects.filter(pk=document.pk, state=PdfState.PENDING).update(
        **attempt, state=PdfState.RENDERED, file=name, rendered_at=timezone.now(), last_error=""
    )
    if not rendered:  # another worker was first
        storage.delete(name)
    elif previous and previous != name:  # rendered again: the earlier file is not served
        storage.delete(previous)
    return bool(rendered)


def render_again(sender, certificate, **kwargs):
    """The `certificate_revoked` receiver: the current document back to pending (its code
    stays, so its QR code still opens the check) and queued after the revocation commits."""
    current = CertificateDocument.objects.filter(
        certificate_id=certificate.pk, replaced_at__isnull=True
    )
    ids = list(current.values_list("pk", flat=True))
    if not ids:
        return
    current.update(state=PdfState.PENDING, last_error="", queued_at=timezone.now())
    transaction.on_commit(lambda: enqueue_render(ids))


def requeue_pending():
    """The schedule: queue again the documents pending for RENDER_RETRY_MINUTES or more."""
    stale = timezone.now() - timedelta(minutes=RENDER_RETRY_MINUTES)
    pending = CertificateDocument.objects.filter(state=PdfState.PENDING).filter(
        Q(queued_at__lte=stale) | Q(queued_at__isnull=True)
    )
    ids = list(pending.values_list("pk", flat=True))
    CertificateDocument.objects.filter(pk__in=ids).update(queued_at=timezone.now())
    enqueue_render(ids)
    return len(ids)
