"""Checking uploaded files by their content, never by their name, and keeping them with
their row: a file stored in a transaction that rolls back is removed."""

import contextlib
import contextvars
import unicodedata
import zipfile
import zlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from . import conf

# kind: (content type, extension)
KINDS = {
    "pdf": ("application/pdf", ".pdf"),
    "png": ("image/png", ".png"),
    "jpeg": ("image/jpeg", ".jpg"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "odt": ("application/vnd.oasis.opendocument.text", ".odt"),
}
SIGNATURES = [(b"%PDF-", "pdf"), (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg")]
OFFICE_PARTS = [("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx")]  # in an OOXML zip
# What reading a damaged or hostile ZIP may raise (RuntimeError covers NotImplementedError).
BROKEN_ZIP = (zipfile.BadZipFile, zlib.error, OSError, KeyError, RuntimeError, EOFError, ValueError)
ALLOWED_DESCRIPTION = _("PDF, Word (DOCX), Excel (XLSX), OpenDocument text (ODT), JPEG or PNG")


def detect_kind(uploaded):
    """The kind of file the bytes say it is, or None."""
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
                odt = KINDS["odt"][0].encode()
                if "mimetype" in names and archive.read("mimetype").strip() == odt:
                    return "odt"
                if "[Content_Types].xml" in names:
                    return next((kind for part, kind in OFFICE_PARTS if part in names), None)
        except BROKEN_ZIP:
            return None
        finally:
            uploaded.seek(0)
    return None


def clean_name(name, kind):
    """A safe display name: no path, no control characters, the extension of the real kind."""
    stem = Path(str(name).replace("\\", "/")).stem
    stem = "".join(
        ch for ch in unicodedata.normalize("NFC", stem) if unicodedata.category(ch)[0] != "C"
    )
    stem = stem.strip(" .")[:120] or "file"
    return f"{stem}{KINDS[kind][1]}"


def check_upload(uploaded, already_stored=0):
    """(content type, clean name) of a file of an allowed kind within the size limits;
    else ValidationError."""
    name = Path(str(uploaded.name)).name[:200]
    max_file = conf.get("MAX_FILE_SIZE")
    if uploaded.size > max_file:
        size, limit = filesizeformat(uploaded.size), filesizeformat(max_file)
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most %(limit)s.")
            % {"name": name, "size": size, "limit": limit}
        )
    max_total = conf.get("MAX_APPLICATION_FILES_SIZE")
    if already_stored + uploaded.size > max_total:
        raise ValidationError(
            _("“%(name)s” would take this application's files over %(limit)s in total.")
            % {"name": name, "limit": filesizeformat(max_total)}
        )
    kind = detect_kind(uploaded)
    if kind is None:
        raise ValidationError(
            _(
                "“%(name)s” is not a file we accept (allowed: %(allowed)s). Files are checked by their content, not their name."
            )
            % {"name": name, "allowed": ALLOWED_DESCRIPTION}
        )
    return KINDS[kind][0], clean_name(name, kind)


_stored_here = contextvars.ContextVar("pbcert_stored_files", default=None)


@contextlib.contextmanager
def atomic_with_files():
    """A transaction whose stored files go if it rolls back (an exception leaves it)."""
    stored = []
    token = _stored_here.set(stored)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for storage, name in stored:
            storage.delete(name)
        raise
    finally:
        _stored_here.reset(token)


def store_files(application, uploads, key, form, field=None, **links):
    """Check and keep each upload under `key`, its file and its Attachment row together;
    each refused one is an error of the form's `field`. Inside `atomic_with_files()` the
    files follow that transaction; else each its own."""
    from .models import Attachment

    stored = application.attachments.aggregate(total=Sum("size"))["total"] or 0
    for uploaded in uploads:
        try:
            content_type, name = check_upload(uploaded, already_stored=stored)
        except ValidationError as error:
            form.add_error(field, error.messages)
            continue
        attachment = Attachment(
            application=application,
            question_key=key,
            original_name=name,
            content_type=content_type,
            size=uploaded.size,
            **links,
        )
        with atomic_with_files() if _stored_here.get() is None else contextlib.nullcontext():
            attachment.file.save(name, uploaded, save=False)
            _stored_here.get().append((attachment.file.storage, attachment.file.name))
            attachment.save()
        stored += uploaded.size
