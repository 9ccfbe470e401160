"""The signed credential inside the certificate's PDF: an embedded file "credential.json"
(application/vc+ld+json), so that the PDF, wherever it is forwarded, carries what a
verifier checks without the site."""

import io
import json
import logging

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import NameObject, TextStringObject

logger = logging.getLogger(__name__)

FILENAME = "credential.json"
MEDIA_TYPE = "application/vc+ld+json"


def as_bytes(credential):
    """The credential as stored and served: UTF-8 JSON, Georgian as written."""
    return json.dumps(credential, ensure_ascii=False, indent=2).encode()


def embed(pdf_bytes: bytes, credential: dict) -> bytes:
    """`pdf_bytes` with `credential` attached as credential.json."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes)))
    attachment = writer.add_attachment(FILENAME, as_bytes(credential))
    attachment.subtype = NameObject("/" + MEDIA_TYPE)  # written as /application#2Fvc+ld+json
    attachment.description = TextStringObject(
        "Open Badges 3.0 credential (W3C Verifiable Credential)"
    )
    attachment.associated_file_relationship = NameObject("/Data")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def credential_from_pdf(pdf_bytes: bytes) -> dict | None:
    """The credential attached to a PDF of ours, or None (none attached, or unreadable)."""
    try:
        attachments = PdfReader(io.BytesIO(pdf_bytes)).attachments
        contents = attachments.get(FILENAME) or []
        if not contents:
            return None
        credential = json.loads(contents[0])
    except (PyPdfError, ValueError, OSError) as error:
        logger.info("No credential read from a PDF: %s", error)
        return None
    return credential if isinstance(credential, dict) else None
