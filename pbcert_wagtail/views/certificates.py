"""The certified municipality's certificate, downloaded from its private status page."""

from django.http import FileResponse, Http404

from ..models import Certificate, PdfState
from .public_form import linked_application, private


def published_certificate(application):
    """The application's certificate once its decision is published, or None."""
    return (
        Certificate.objects.filter(
            decision__application=application, decision__published_at__isnull=False
        )
        .select_related("municipality")
        .first()
    )


def certificate_for_applicant(request, token):
    """The current PDF of the application's certificate, for the holder of its link."""
    certificate = published_certificate(linked_application(token))
    document = certificate and certificate.current_document()
    if not document or document.state != PdfState.RENDERED:
        raise Http404
    return private(serve_certificate(document))


def serve_certificate(document):
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{document.certificate.number}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
