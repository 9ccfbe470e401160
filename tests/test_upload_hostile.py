"""Hostile uploads: a ZIP-based file (Word, Excel, OpenDocument) is never unpacked beyond
a small chunk at a time, one that is damaged, encrypted or would unpack to too much is
refused next to its question, and no file outlives a refused request, on any form."""

import io
import os
import struct
import time
import tracemalloc
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from home.demo.placeholder_pdf import standards_placeholder_pdf
from pbcert_wagtail.models import Attachment
from pbcert_wagtail.uploads import check_upload, remove_orphan_files

from . import scenarios
from .conftest import soup
from .test_questionnaire import PDF, answers

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
ODT_TYPE = "application/vnd.oasis.opendocument.text"


def archive(parts, method=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as zipped:
        for name, content in parts.items():
            zipped.writestr(name, content)
    return buffer.getvalue()


def docx(**extra):
    """A minimal Word document as Word writes one: content types, relations, the body."""
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org'
        '/package/2006/content-types"><Override PartName="/word/document.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    body = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>საკრებულოს დადგენილება</w:t></w:r></w:p></w:body></w:document>"
    )
    rels = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
    parts = {"[Content_Types].xml": types, "_rels/.rels": rels, "word/document.xml": body}
    return archive({**parts, **extra})


def odt():
    """A minimal OpenDocument text: `mimetype` first and stored, as the format requires."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("mimetype", ODT_TYPE, compress_type=zipfile.ZIP_STORED)
        zipped.writestr("content.xml", "<office:document-content/>")
        zipped.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    return buffer.getvalue()


def xlsx():
    buffer = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "მონაწილეები"
    book.save(buffer)
    return buffer.getvalue()


def bomb():
    """A Word document with a part of 2 MB of zeros: a few KB packed (use a 1 MB limit)."""
    return docx(**{"word/media/x.bin": b"\0" * (2 * MB)})


def patched(data, offset, value, layout="<I"):
    """The archive with a field of its first central directory entry changed."""
    at = data.index(b"PK\x01\x02") + offset
    return data[:at] + struct.pack(layout, value) + data[at + struct.calcsize(layout) :]


def upload(data, name="plan.docx"):
    return SimpleUploadedFile(name, data)


def refused(data):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(data))
    return " ".join(error.value.messages)


def peak_memory(action):
    tracemalloc.start()
    try:
        action()
    finally:
        _now, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def test_real_office_files_and_the_demo_pdf_are_accepted():
    assert check_upload(upload(docx()))[1] == "plan.docx"
    assert check_upload(upload(odt(), "a.odt")) == (ODT_TYPE, "a.odt")
    assert check_upload(upload(xlsx(), "b.xlsx"))[1] == "b.xlsx"
    pdf = upload(standards_placeholder_pdf(), "standards.pdf")
    assert check_upload(pdf) == ("application/pdf", "standards.pdf")


def test_a_part_that_unpacks_beyond_the_limit_is_refused_unread(settings):
    """The shape of the 1 GB document.xml in a 1 MB zip, at a 1 MB limit: refused by the
    sizes it declares, saying what is wrong and what to do."""
    settings.PBCERT = {"MAX_ARCHIVE_INFLATED_SIZE": MB}
    assert len(bomb()) < 10_000
    message = refused(bomb())
    assert "1,0" in message and "PDF" in message


def test_a_mimetype_part_is_never_read_whole():
    """The 200 MB `mimetype` trick, at 30 MB: checking it keeps well under 5 MB of memory."""
    fake = upload(archive({"mimetype": b"\0" * (30 * MB), "content.xml": "<x/>"}), "a.odt")
    # Not an OpenDocument text, and refused as such.
    peak = peak_memory(lambda: pytest.raises(ValidationError, check_upload, fake))
    assert peak < 5 * MB, peak


def test_too_many_parts_are_refused_before_zipfile_lists_them(settings):
    """30,000 empty parts (about 2.5 MB): zipfile would build an object for each
    (about 15 MB) before anything could count them."""
    many = upload(archive({str(n): b"" for n in range(30_000)}, zipfile.ZIP_STORED))
    peak = peak_memory(lambda: pytest.raises(ValidationError, check_upload, many))
    assert peak < 2 * MB, peak
    settings.PBCERT = {"MAX_ARCHIVE_MEMBERS": 20}
    refused(docx(**{f"word/part{n}.xml": "<a/>" for n in range(30)}))
    assert check_upload(upload(docx(**{f"word/part{n}.xml": "<a/>" for n in range(10)})))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: patched(data, 24, 10), id="a size that lies"),
        pytest.param(lambda data: patched(data, 16, 0xDEADBEEF), id="a wrong checksum"),
        pytest.param(lambda data: patched(data, 8, 0x1, "<H"), id="encrypted"),
        pytest.param(lambda data: patched(data, 10, 99, "<H"), id="an unknown compression"),
        pytest.param(lambda data: data[: data.index(b"PK\x01\x02") - 5] + data[-60:], id="cut"),
    ],
)
def test_a_damaged_archive_is_refused_with_what_to_do(damage):
    first_part_large = archive({"word/document.xml": "<a/>" * 500, "[Content_Types].xml": "<T/>"})
    message = refused(damage(first_part_large))
    assert "damaged" in message or "დაზიანებულია" in message


# -- no file without its row --------------------------------------------------------------


@pytest.fixture
def storage(monkeypatch, tmp_path):
    """The private storage, empty for this test: other test runs share the real folder."""
    storage = FileSystemStorage(location=tmp_path, base_url=None)
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", storage)
    return storage


def files_on_disk(storage):
    """Every file under applications/, as "<application pk>/<name>"."""
    if not storage.exists("applications"):
        return set()
    folders = storage.listdir("applications")[0]
    return {f"{d}/{n}" for d in folders for n in storage.listdir(f"applications/{d}")[1]}


def files_with_rows():
    return {a.file.name.removeprefix("applications/") for a in Attachment.objects.all()}


def test_no_file_outlives_a_refused_request_on_any_form(client, demo, settings, storage):
    settings.PBCERT = {"MAX_ARCHIVE_INFLATED_SIZE": MB}
    case = scenarios.information_requested(unlocked_keys=["documents"])
    answer, change = case.url(f"information/{case.request.pk}/"), case.url("change/")
    good = lambda: SimpleUploadedFile("plan.pdf", PDF)  # noqa: E731
    text = "დადგენილება თან ერთვის."
    posts = [
        # An answer without its text, with a good file and a bomb, for both its fields.
        (answer, {"text": "", "files": [good(), upload(bomb())]}),
        (answer, {"text": "", "documents": [good(), upload(bomb())]}),
        # An answer with its text: a bomb next to good files refuses it whole.
        (answer, {"text": text, "documents": [good()], "files": [good(), upload(bomb())]}),
        (answer, {"text": text, "documents": [good(), upload(b"MZ\x90\0", "run.exe")]}),
        # A change notice with a good file and a bomb, or without its text.
        (change, {"text": "ახალი მერი", "files": [good(), upload(bomb())]}),
        (change, {"text": "", "files": [good()]}),
    ]
    assert files_on_disk(storage) == files_with_rows() == set()
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 400, data
        assert files_on_disk(storage) == files_with_rows() == set(), data
    # The same answer, good files only, is taken with its files.
    client.post(answer, {"text": text, "documents": [good()], "files": [good()]})
    assert files_on_disk(storage) == files_with_rows() and len(files_with_rows()) == 2


def test_the_questionnaire_keeps_good_files_with_their_rows_and_no_refused_one(
    client, demo, settings, storage
):
    """A questionnaire keeps a good file even when something else is wrong (on purpose,
    with its row), whether it is saved as a draft or refused at submission."""
    settings.PBCERT = {"MAX_ARCHIVE_INFLATED_SIZE": MB}
    case = scenarios.questionnaire_open()
    url = case.url("questionnaire/")
    files = lambda: [SimpleUploadedFile("plan.pdf", PDF), upload(bomb())]  # noqa: E731
    assert files_on_disk(storage) == files_with_rows() == set()
    response = client.post(url, {**answers(), "documents": files(), "save": "1"})
    error = soup(response).select_one('[data-key="documents"] .field__errors').get_text()
    assert "plan.docx" in error
    assert len(files_with_rows()) == 1 and files_on_disk(storage) == files_with_rows()
    response = client.post(url, {**answers(population=""), "documents": files(), "submit": "1"})
    assert response.status_code == 400
    assert len(files_with_rows()) == 2 and files_on_disk(storage) == files_with_rows()


def test_the_daily_job_removes_files_left_without_their_row(demo, storage):
    case = scenarios.questionnaire_open()
    folder = f"applications/{case.application.pk}/"
    old = storage.save(folder + "orphan-old.pdf", io.BytesIO(PDF))
    recent = storage.save(folder + "orphan-new.pdf", io.BytesIO(PDF))
    kept = Attachment.objects.create(
        application=case.application,
        question_key="documents",
        original_name="a.pdf",
        content_type="application/pdf",
        size=len(PDF),
        file=storage.save(folder + "kept.pdf", io.BytesIO(PDF)),
    )
    two_days_ago = time.time() - timedelta(days=2).total_seconds()
    for name in (old, kept.file.name):
        os.utime(storage.path(name), (two_days_ago, two_days_ago))
    assert remove_orphan_files() == 1
    assert not storage.exists(old)
    assert storage.exists(recent) and storage.exists(kept.file.name)
    assert remove_orphan_files() == 0
