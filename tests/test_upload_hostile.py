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
from django.core.files.uploadedfile import SimpleUploadedFile

from pbcert_wagtail.models import Attachment
from pbcert_wagtail.uploads import check_upload, remove_orphan_files

from . import scenarios
from .conftest import soup
from .test_questionnaire import PDF, answers

pytestmark = pytest.mark.django_db


def private_storage():
    return Attachment._meta.get_field("file").storage


def archive(parts, method=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as zipped:
        for name, content in parts.items():
            zipped.writestr(name, content)
    return buffer.getvalue()


def docx(**extra):
    return archive(
        {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>", **extra}
    )


def patched(data, offset, value):
    """The archive with a field of its central directory entry (the first one) changed."""
    at = data.index(b"PK\x01\x02") + offset
    return data[:at] + struct.pack("<I", value) + data[at + 4 :]


def upload(data, name="plan.docx"):
    return SimpleUploadedFile(name, data)


def refused(data):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(data))
    return " ".join(error.value.messages)


def test_real_office_files_are_accepted():
    odt = archive({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
    xlsx = archive({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
    assert check_upload(upload(docx()))[1] == "plan.docx"
    assert check_upload(upload(odt, "a.odt"))[1] == "a.odt"
    assert check_upload(upload(xlsx, "b.xlsx"))[1] == "b.xlsx"


def test_a_part_that_unpacks_beyond_the_limit_is_refused_unread(settings):
    """The shape of the 1 GB document.xml in a 1 MB zip, at a 1 MB limit: refused by the
    sizes it declares, in the visitor's language."""
    settings.PBCERT = {"MAX_ARCHIVE_INFLATED_SIZE": 1024 * 1024}
    bomb = docx(**{"word/media/x.bin": b"\0" * (2 * 1024 * 1024)})
    assert len(bomb) < 10_000
    assert "1.0" in refused(bomb)


def test_a_mimetype_part_is_never_read_whole():
    """The 200 MB `mimetype` trick, at 30 MB: checking it keeps well under 5 MB of memory."""
    odt = archive({"mimetype": b"\0" * (30 * 1024 * 1024), "content.xml": "<x/>"})
    tracemalloc.start()
    with pytest.raises(ValidationError):  # not an OpenDocument text, and refused as such
        check_upload(upload(odt, "a.odt"))
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5 * 1024 * 1024, peak


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: patched(data, 24, 10), id="a size that lies"),
        pytest.param(lambda data: patched(data, 16, 0xDEADBEEF), id="a wrong checksum"),
        pytest.param(lambda data: data[: data.index(b"PK\x01\x02") - 5] + data[-60:], id="cut"),
    ],
)
def test_a_damaged_archive_is_refused_with_what_to_do(damage):
    first_part_large = archive({"word/document.xml": "<a/>" * 500, "[Content_Types].xml": "<T/>"})
    message = refused(damage(first_part_large))
    assert "damaged" in message or "დაზიანებულია" in message


def test_an_encrypted_part_or_too_many_parts_are_refused(settings):
    data = docx()
    at = data.index(b"PK\x01\x02") + 8
    encrypted = data[:at] + struct.pack("<H", 0x1) + data[at + 2 :]
    refused(encrypted)
    settings.PBCERT = {"MAX_ARCHIVE_MEMBERS": 20}
    refused(docx(**{f"word/part{n}.xml": "<a/>" for n in range(30)}))


# -- no file without its row --------------------------------------------------------------


def files_on_disk(application, before=frozenset()):
    """The application's files on disk (but `before`: test runs share the folder)."""
    storage, folder = private_storage(), f"applications/{application.pk}"
    return (set(storage.listdir(folder)[1]) if storage.exists(folder) else set()) - before


def files_with_rows(application):
    return {
        a.file.name.rsplit("/", 1)[-1] for a in Attachment.objects.filter(application=application)
    }


def test_no_file_outlives_a_refused_request_on_any_form(client, demo, settings):
    settings.PBCERT = {"MAX_ARCHIVE_INFLATED_SIZE": 1024 * 1024}
    bomb = docx(**{"word/media/x.bin": b"\0" * (2 * 1024 * 1024)})
    case = scenarios.information_requested(unlocked_keys=["documents"])
    application = case.application
    before = files_on_disk(application)
    good = lambda: SimpleUploadedFile("plan.pdf", PDF)  # noqa: E731
    posts = [
        # An answer without its text, with a good file and a bomb.
        (
            case.url(f"information/{case.request.pk}/"),
            {"text": "", "files": [good(), upload(bomb)]},
        ),
        # The same files for the unlocked question, the text missing too.
        (
            case.url(f"information/{case.request.pk}/"),
            {"text": "", "documents": [good(), upload(bomb)]},
        ),
        # A change notice with a good file and a bomb: refused whole.
        (case.url("change/"), {"text": "ახალი მერი", "files": [good(), upload(bomb)]}),
        # A change notice without its text.
        (case.url("change/"), {"text": "", "files": [good()]}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 400, url
        assert files_on_disk(application, before) == files_with_rows(application) == set(), url


def test_a_questionnaire_draft_keeps_the_good_file_and_refuses_the_bomb(client, demo, settings):
    settings.PBCERT = {"MAX_ARCHIVE_INFLATED_SIZE": 1024 * 1024}
    bomb = docx(**{"word/media/x.bin": b"\0" * (2 * 1024 * 1024)})
    case = scenarios.questionnaire_open()
    before = files_on_disk(case.application)
    data = {
        **answers(),
        "documents": [SimpleUploadedFile("plan.pdf", PDF), upload(bomb)],
        "save": "1",
    }
    response = client.post(case.url("questionnaire/"), data)
    error = soup(response).select_one('[data-key="documents"] .field__errors').get_text()
    assert "plan.docx" in error
    assert len(files_with_rows(case.application)) == 1  # the PDF, kept with the draft
    assert files_on_disk(case.application, before) == files_with_rows(case.application)


def test_the_daily_job_removes_files_left_without_their_row(demo):
    case = scenarios.questionnaire_open()
    storage, folder = private_storage(), f"applications/{case.application.pk}/"
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
    assert remove_orphan_files() >= 1  # (and what earlier test runs left)
    assert not storage.exists(old)
    assert storage.exists(recent) and storage.exists(kept.file.name)
    storage.delete(recent)
