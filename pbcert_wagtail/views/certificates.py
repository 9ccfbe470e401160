"""The certified municipality's certificate, downloaded from its private status page."""

from django.http import FileResponse, Http404

from ..models import Certificate, PdfState
from .public_form import linked_application, private, private_page


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
    """The current PDF of the application's certificate, for the holder of its link; a
    revoked certificate is a page that says so instead."""
    certificate = published_certificate(linked_application(token))
    if certificate and certificate.revoked_at:
        context = {"certificate": certificate, "token": token}
        return private_page(request, "pbcert_wagtail/applicant/revoked.html", context, 410)
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
