"""Checking uploaded files by their content, never by their name, and keeping them with
their row: a file stored in a transaction that rolls back is removed."""

import contextlib
import contextvars
import unicodedata
import zipfile
import zlib
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
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
DIRECTORY_ENTRY = b"PK\x01\x02"  # the signature of a ZIP central directory entry
CHUNK = 64 * 1024
ALLOWED_DESCRIPTION = _("PDF, Word (DOCX), Excel (XLSX), OpenDocument text (ODT), JPEG or PNG")


class UnsafeArchive(Exception):
    """A ZIP-based upload that is damaged, encrypted, or would unpack to too much."""


def count_directory_entries(uploaded):
    """At most how many parts zipfile would list: each entry of the central directory
    begins with this signature. Counted in chunks, so too many parts are refused before
    zipfile builds an object for each."""
    count, tail = 0, b""
    for chunk in uploaded.chunks(CHUNK):
        window = tail + chunk  # a signature split between two chunks is counted once
        count += window.count(DIRECTORY_ENTRY)
        tail = window[-(len(DIRECTORY_ENTRY) - 1) :]
    return count


def check_archive(archive):
    """Refuse an archive whose parts would unpack beyond the limit (by the sizes it
    declares), then read every part through in small chunks: zipfile stops at the
    declared size and checks the CRC, so a part that lies or is damaged is caught
    without ever holding more than a chunk in memory."""
    members = archive.infolist()
    if sum(member.file_size for member in members) > conf.get("MAX_ARCHIVE_INFLATED_SIZE"):
        raise UnsafeArchive
    for member in members:
        if member.flag_bits & 0x1:  # encrypted
            raise UnsafeArchive
        with archive.open(member) as part:
            while part.read(CHUNK):
                pass


def detect_kind(uploaded):
    """The kind of file the bytes say it is, or None; UnsafeArchive for a ZIP-based file
    that cannot be checked safely."""
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(b"PK\x03\x04"):
        try:
            if count_directory_entries(uploaded) > conf.get("MAX_ARCHIVE_MEMBERS"):
                raise UnsafeArchive
            with zipfile.ZipFile(uploaded) as archive:
                check_archive(archive)
                names = set(archive.namelist())
                odt = KINDS["odt"][0].encode()
                if "mimetype" in names:
                    with archive.open("mimetype") as part:
                        if part.read(len(odt) + 8).strip() == odt:
                            return "odt"
                if "[Content_Types].xml" in names:
                    return next((kind for part, kind in OFFICE_PARTS if part in names), None)
        except BROKEN_ZIP as error:
            raise UnsafeArchive from error
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
    try:
        kind = detect_kind(uploaded)
    except UnsafeArchive:
        limit = filesizeformat(conf.get("MAX_ARCHIVE_INFLATED_SIZE"))
        raise ValidationError(
            _(
                "“%(name)s” is damaged, protected by a password, or unpacks to more than %(limit)s, so it cannot be checked. Save it again (or as a PDF) and attach it again."
            )
            % {"name": name, "limit": limit}
        ) from None
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


def remove_orphan_files(older_than=timedelta(days=1)):
    """The daily job: a file stored for an upload whose row never committed (the process
    was killed in between) is deleted once it is older than `older_than`. Returns how
    many were deleted."""
    from .models import Attachment

    storage, removed = Attachment._meta.get_field("file").storage, 0
    if not storage.exists("applications"):
        return 0
    cutoff = timezone.now() - older_than
    for folder in storage.listdir("applications")[0]:
        prefix = f"applications/{folder}/"
        kept = set(
            Attachment.objects.filter(file__startswith=prefix).values_list("file", flat=True)
        )
        for name in storage.listdir(prefix)[1]:
            path = prefix + name
            if path not in kept and storage.get_modified_time(path) < cutoff:
                storage.delete(path)
                removed += 1
    return removed
