"""The questionnaire through the private link: drafts, files, tables, deadline, reminders."""

import datetime
import io
import zipfile

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pbcert_wagtail import workflow
from pbcert_wagtail.models import (
    AccessToken,
    ApplicationStatus,
    Attachment,
    OutboxMessage,
    QuestionnaireResponse,
)

from . import scenarios
from .conftest import soup
from .factories import ApplicationFactory, AttachmentFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes(word=True):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if word:
            archive.writestr("word/document.xml", "<w:document/>")
        else:
            archive.writestr("readme.txt", "just a zip")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def confirmed(demo):
    """A confirmed Georgian application, its private questionnaire URL and token."""
    case = scenarios.questionnaire_open(language="ka")
    return case.application, case.url("questionnaire/"), case.token


def answers(**overrides):
    data = {
        "general_data": "ქალაქი დასავლეთ საქართველოში.",
        "population": "130 000",
        "area_km2": "65,8",
        "characteristics": "",
        "pb_stages": "იდეების შეგროვება, კენჭისყრა, განხორციელება.",
        "budget_share": "1,5",
        "projects_submitted": "120",
        "projects_implemented": "14",
        "participants": "5 400",
        "motivation_resources": "გვყავს კოორდინატორი.",
        "expected_impact": "მეტი ჩართულობა.",
        "local_decision_making": "საკრებულო ამტკიცებს.",
        "pb_development": "ყოველწლიური ციკლი.",
        "mechanisms": ["e_petitions", "online_surveys"],
        "partners-0-organisation": "სათემო ორგანიზაცია",
        "partners-0-role": "ინფორმირება",
        "activity_plan-0-activity": "საინფორმაციო შეხვედრები",
        "activity_plan-0-period": "2020 წლის შემოდგომა",
        "activity_plan-1-activity": "კენჭისყრა",
        "activity_plan-1-period": "2021 წლის გაზაფხული",
        "resources-0-kind": "",
        "resources-0-description": "",
        "problems": "",
        "results": "",
        "lessons": "",
        "links-0-url": "https://ქუთაისი.example.org/სამოქალაქო-ბიუჯეტი",
        "links-0-description": "ბიუჯეტის გვერდი",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_draft_then_continue_then_submit(client, confirmed):
    application, url, _token = confirmed
    page = client.get(url)
    assert page.status_code == 200
    assert "მოსახლეობა, ფართობი, მდებარეობა" in page.content.decode()

    # A half-filled draft with a file.
    draft = answers(pb_stages="", motivation_resources="")
    draft["documents"] = SimpleUploadedFile("დადგენილება.pdf", PDF, content_type="application/pdf")
    response = client.post(url, {**draft, "save": "1"})
    assert response.status_code == 302
    saved = QuestionnaireResponse.objects.get(application=application)
    assert saved.answers["population"] == "130000"
    assert saved.answers["area_km2"] == "65.8"
    assert saved.answers["activity_plan"] == [
        {"activity": "საინფორმაციო შეხვედრები", "period": "2020 წლის შემოდგომა"},
        {"activity": "კენჭისყრა", "period": "2021 წლის გაზაფხული"},
    ]
    assert saved.answers["links"][0]["url"] == "https://ქუთაისი.example.org/სამოქალაქო-ბიუჯეტი"
    assert Attachment.objects.get(application=application).original_name == "დადგენილება.pdf"
    assert saved.submitted_at is None

    # Coming back: what was typed is there.
    html = client.get(url).content.decode()
    assert "საინფორმაციო შეხვედრები" in html
    assert "დადგენილება.pdf" in html

    # Submitting with a required answer missing: refused, kept.
    response = client.post(url, {**draft | {"documents": ""}, "submit": "1"})
    assert response.status_code == 400
    errors = soup(response).select_one('[data-key="pb_stages"] .field__errors')
    assert errors is not None
    application.refresh_from_db()
    assert application.status == ApplicationStatus.QUESTIONNAIRE

    response = client.post(url, {**answers(), "submit": "1"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert OutboxMessage.objects.filter(event="questionnaire_received", language="ka").exists()
    assert OutboxMessage.objects.filter(event="staff_questionnaire_received").exists()

    # Read-only afterwards.
    client.post(url, {**answers(population="1"), "save": "1"})
    assert (
        QuestionnaireResponse.objects.get(application=application).answers["population"] == "130000"
    )


def test_what_the_c1_form_asked_starts_filled_in(client, confirmed):
    """The population was given on the C1 form: the questionnaire starts with it, and a
    saved answer wins from then on."""
    application, url, _token = confirmed
    given = application.answers["population"]
    field = soup(client.get(url)).select_one("input[name=population]")
    assert field["value"] == str(given)
    client.post(url, {**answers(population="99000"), "save": "1"})
    assert soup(client.get(url)).select_one("input[name=population]")["value"] == "99000"


def test_english_applicant_sees_english_questions_with_the_same_keys(client, demo):
    case = scenarios.questionnaire_open(language="en")
    html = soup(client.get(case.url("questionnaire/")))
    assert "Population, area, location" in html.get_text()
    assert "Activity plan" in html.get_text()
    names = {i["name"] for i in html.select("form [name]")}
    assert {"general_data", "population", "activity_plan-0-activity", "documents"} <= names


def test_a_file_survives_an_error_elsewhere(client, confirmed):
    application, url, _token = confirmed
    data = answers(population="ბევრი")
    data["documents"] = SimpleUploadedFile("report.pdf", PDF)
    response = client.post(url, {**data, "submit": "1"})
    assert response.status_code == 400
    assert soup(response).select_one('[data-key="population"] .field__errors')
    assert Attachment.objects.filter(application=application).count() == 1
    assert "report.pdf" in response.content.decode()


@pytest.mark.parametrize(
    "name, content",
    [
        ("virus.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),
        ("image.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("document.docx", docx_bytes(word=False)),
        ("empty.pdf", b""),
    ],
)
def test_uploads_are_checked_by_content(client, confirmed, name, content):
    application, url, _token = confirmed
    data = answers()
    data["documents"] = SimpleUploadedFile(name, content)
    response = client.post(url, {**data, "save": "1"})
    assert response.status_code == 400
    errors = soup(response).select_one('[data-key="documents"] .field__errors').get_text()
    assert "checked by their content" in errors or "შინაარსით" in errors
    assert not Attachment.objects.filter(application=application).exists()


def test_real_documents_are_accepted_and_renamed_by_kind(client, confirmed):
    application, url, _token = confirmed
    data = answers()
    data["documents"] = [
        SimpleUploadedFile("გეგმა.docx", docx_bytes()),
        SimpleUploadedFile("photo.jpeg.exe", PNG),
    ]
    client.post(url, {**data, "save": "1"})
    names = sorted(
        Attachment.objects.filter(application=application).values_list("original_name", flat=True)
    )
    assert names == ["photo.jpeg.png", "გეგმა.docx"]


def test_oversize_files_are_refused(client, confirmed, settings):
    settings.PBCERT = {"MAX_FILE_SIZE": 1000}
    application, url, _token = confirmed
    data = answers()
    data["documents"] = SimpleUploadedFile("big.pdf", PDF + b"0" * 2000)
    response = client.post(url, {**data, "save": "1"})
    assert (
        "at most" in soup(response).select_one('[data-key="documents"] .field__errors').get_text()
        or "არაუმეტეს" in response.content.decode()
    )
    assert not Attachment.objects.exists()


def test_files_are_private(client, confirmed, admin_client, demo):
    application, url, token = confirmed
    data = answers()
    data["documents"] = SimpleUploadedFile("plan.pdf", PDF)
    client.post(url, {**data, "save": "1"})
    attachment = Attachment.objects.get()
    assert not attachment.file.path.startswith(
        str(__import__("django.conf").conf.settings.MEDIA_ROOT) + "/"
    )
    own = client.get(f"/ka/application/{token}/files/{attachment.pk}/")
    assert own.status_code == 200
    assert b"".join(own.streaming_content).startswith(b"%PDF")
    assert own["Content-Disposition"].startswith("attachment")
    other = ApplicationFactory()
    other_token = AccessToken.issue(other)
    assert client.get(f"/ka/application/{other_token}/files/{attachment.pk}/").status_code == 404
    assert client.get(f"/ka/application/wrong-token/files/{attachment.pk}/").status_code == 404
    assert admin_client.get(f"/admin/pbcert_applications/file/{attachment.pk}/").status_code == 200
    anonymous = client.__class__()
    assert anonymous.get(f"/admin/pbcert_applications/file/{attachment.pk}/").status_code == 302


def test_deadline_refuses_submission_but_keeps_the_draft_until_staff_extend(
    client, confirmed, people
):
    application, url, _token = confirmed
    call = application.call
    call.__class__.objects.filter(pk=call.pk).update(
        questionnaire_due=timezone.localdate() - datetime.timedelta(days=1),
        closes_at=timezone.localdate() - datetime.timedelta(days=2),
    )
    response = client.post(url, {**answers(), "submit": "1"})
    assert response.status_code == 409
    assert (
        "cannot be submitted now" in response.content.decode() or "ვერ" in response.content.decode()
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.QUESTIONNAIRE
    assert (
        QuestionnaireResponse.objects.get(application=application).answers["population"] == "130000"
    )

    until = timezone.localdate() + datetime.timedelta(days=5)
    workflow.grant_extension(application, until, people.staff)
    assert OutboxMessage.objects.filter(event="questionnaire_extended").exists()
    response = client.post(url, {**answers(), "submit": "1"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_staff_reopen_a_submitted_questionnaire(client, confirmed, people):
    application, url, _token = confirmed
    scenarios.submitted(application)
    workflow.fire(
        application,
        "reopen_questionnaire",
        people.staff,
        comment="Please add the council decision.",
    )
    client.post(url, {**answers(population="131 000"), "save": "1"})
    assert (
        QuestionnaireResponse.objects.get(application=application).answers["population"] == "131000"
    )
    assert OutboxMessage.objects.filter(event="questionnaire_reopened").exists()


def test_reminders_go_out_once_each_even_when_the_schedule_runs_twice(confirmed):
    application, _url, _token = confirmed
    due = application.call.questionnaire_due
    for days in (14, 7, 1):
        today = due - datetime.timedelta(days=days)
        assert workflow.questionnaire.send_questionnaire_reminders(today) == 1
        assert workflow.questionnaire.send_questionnaire_reminders(today) == 0
    assert (
        workflow.questionnaire.send_questionnaire_reminders(due - datetime.timedelta(days=3)) == 0
    )
    reminders = OutboxMessage.objects.filter(
        event="questionnaire_reminder", recipient=application.contact_email
    )
    assert reminders.count() == 3
    assert "შეხსენება" in reminders.first().subject


def test_no_reminder_after_submission(confirmed):
    application, _url, _token = confirmed
    scenarios.submitted(application)
    due = application.call.questionnaire_due
    assert (
        workflow.questionnaire.send_questionnaire_reminders(due - datetime.timedelta(days=1)) == 0
    )


def test_word_paste_emoji_and_mtavruli_are_kept_faithfully(client, confirmed):
    application, url, _token = confirmed
    text = "ᲡᲐᲛᲝᲥᲐᲚᲐᲥᲝ ბიუჯეტი 🎉\x0bახალი ხაზი\x07"
    client.post(url, {**answers(general_data=text), "save": "1"})
    stored = QuestionnaireResponse.objects.get(application=application).answers["general_data"]
    assert stored == "ᲡᲐᲛᲝᲥᲐᲚᲐᲥᲝ ბიუჯეტი 🎉ახალი ხაზი"


def test_a_100000_character_answer_is_refused_with_a_message(client, confirmed):
    application, url, _token = confirmed
    response = client.post(url, {**answers(general_data="ა" * 100_000), "submit": "1"})
    assert response.status_code == 400
    assert soup(response).select_one('[data-key="general_data"] .field__errors')


def test_table_rows_can_be_added_and_removed_without_javascript(client, confirmed):
    application, url, _token = confirmed
    data = answers()
    response = client.post(url, {**data, "add_row": "activity_plan"})
    html = soup(response)
    rows = html.select('[data-key="activity_plan"] tbody tr')
    assert len(rows) == 3  # two filled, one new
    # The other tables keep their one empty row to fill: their posted blank rows are not
    # taken for rows to show again (resources was posted with one blank row).
    assert len(html.select('[data-key="resources"] tbody tr')) == 1
    assert len(html.select('[data-key="partners"] tbody tr')) == 2  # one filled, one empty
    data["activity_plan-0-remove"] = "1"
    client.post(url, {**data, "save": "1"})
    plan = QuestionnaireResponse.objects.get(application=application).answers["activity_plan"]
    assert plan == [{"activity": "კენჭისყრა", "period": "2021 წლის გაზაფხული"}]


def test_questionnaire_is_closed_before_confirmation(client, demo):
    response = client.get(scenarios.applied().url("questionnaire/"))
    assert response.status_code == 302


def test_staff_read_the_questionnaire_in_the_admin(confirmed, admin_client):
    application, _url, _token = confirmed
    AttachmentFactory(application=application, original_name="plan.pdf")
    scenarios.submitted(application)
    review = admin_client.get(f"/admin/pbcert_applications/review/{application.pk}/")
    html = review.content.decode()
    assert "2020 წლის შემოდგომა" in html
    assert "plan.pdf" in html


def test_a_change_notice_reaches_staff(client, confirmed, admin_client):
    application, _url, token = confirmed
    response = client.post(
        f"/ka/application/{token}/change/",
        {
            "text": "ახალი კოორდინატორი: <b>გიორგი</b>",
            "files": SimpleUploadedFile("order.pdf", PDF),
        },
    )
    assert response.status_code == 302
    notice = application.change_notices.get()
    assert notice.attachments.get().original_name == "order.pdf"
    staff_email = OutboxMessage.objects.get(event="staff_change_notice")
    assert "ახალი კოორდინატორი" in staff_email.body_text
    review = admin_client.get(
        f"/admin/pbcert_applications/review/{application.pk}/"
    ).content.decode()
    assert "&lt;b&gt;გიორგი&lt;/b&gt;" in review
    assert "order.pdf" in review


def test_a_change_notice_with_a_bad_file_is_refused_whole(client, confirmed):
    application, _url, token = confirmed
    response = client.post(
        f"/ka/application/{token}/change/",
        {"text": "ცვლილება", "files": SimpleUploadedFile("x.pdf", b"MZ not a pdf")},
    )
    assert response.status_code == 400
    assert not application.change_notices.exists()
    assert client.post("/ka/application/wrong/change/", {"text": "x"}).status_code == 404


def test_an_english_applicant_submits_with_files_and_rows(client, demo):
    case = scenarios.questionnaire_open(language="en")
    application, token, url = case.application, case.token, case.url("questionnaire/")
    data = answers(population="41,465")
    data["documents"] = SimpleUploadedFile("council decision.pdf", PDF)
    assert client.post(url, {**data, "submit": "1"}).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    response = QuestionnaireResponse.objects.get(application=application)
    assert response.answers["population"] == "41465"
    assert len(response.answers["activity_plan"]) == 2
    labels = {q["key"]: q["label"] for q in response.questions if "key" in q}
    assert labels["activity_plan"] == "Activity plan"
    status = soup(client.get(f"/en/application/{token}/"))
    text = status.get_text(" ", strip=True)
    assert "2020 წლის შემოდგომა" in text
    assert "council decision.pdf" in text
    assert OutboxMessage.objects.get(event="questionnaire_received").language == "en"


def zip_with(entries, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_bomb_named_odt_is_refused_without_being_inflated():
    from pbcert_wagtail.uploads import detect_kind

    bomb = zip_with({"mimetype": b"\0" * 50_000_000})  # 50 MB of zeros, ~50 KB packed
    assert len(bomb) < 200_000
    assert detect_kind(SimpleUploadedFile("bomb.odt", bomb)) is None


def test_a_corrupt_zip_is_refused_not_a_500(client, confirmed):
    from pbcert_wagtail.uploads import UnsafeArchive, detect_kind

    good = zip_with({"mimetype": b"application/vnd.oasis.opendocument.text" * 3})
    broken = good[:40] + b"\xff" * 20 + good[60:]
    with pytest.raises(UnsafeArchive):
        detect_kind(SimpleUploadedFile("x.odt", broken))
    application, _url, token = confirmed
    response = client.post(
        f"/ka/application/{token}/change/",
        {"text": "x", "files": SimpleUploadedFile("x.odt", broken)},
    )
    assert response.status_code == 400


@pytest.mark.parametrize("index", ["²", "9" * 5000, "-1", "٣"])
def test_odd_row_indexes_do_not_break_the_form(client, confirmed, index):
    application, url, _token = confirmed
    response = client.post(url, {**answers(), f"activity_plan-{index}-activity": "x", "save": "1"})
    assert response.status_code in (200, 302, 400)  # 400: Django refuses an absurd field name


@pytest.mark.parametrize("value", ["²", "9" * 40, "abc"])
def test_odd_file_ids_to_remove_do_not_break_the_form(client, confirmed, value):
    application, url, _token = confirmed
    response = client.post(url, {**answers(), "documents-remove-file": value, "save": "1"})
    assert response.status_code in (200, 302)


def test_drafts_are_not_throttled_and_submissions_are(client, confirmed, settings):
    settings.PBCERT = {"FORM_RATE_LIMIT": (3, 600)}
    application, url, _token = confirmed
    for _ in range(6):
        assert client.post(url, {**answers(), "add_row": "activity_plan"}).status_code == 200
    data = answers()
    data["documents"] = SimpleUploadedFile("kept.pdf", PDF)
    assert client.post(url, {**data, "save": "1"}).status_code == 302
    assert Attachment.objects.filter(application=application, original_name="kept.pdf").exists()
    for _ in range(3):
        client.post(url, {**answers(pb_stages=""), "submit": "1"})
    response = client.post(url, {**answers(), "submit": "1"})
    assert response.status_code == 429
    assert (
        QuestionnaireResponse.objects.get(application=application).answers["population"] == "130000"
    )


def test_no_reminders_when_the_call_has_no_questionnaire(confirmed):
    application, _url, _token = confirmed
    call = application.call
    type(call).objects.filter(pk=call.pk).update(questionnaire=None)
    due = call.questionnaire_due
    assert (
        workflow.questionnaire.send_questionnaire_reminders(due - datetime.timedelta(days=1)) == 0
    )


def test_reopening_after_the_deadline_gives_days_to_resubmit(client, confirmed, people):
    application, url, _token = confirmed
    scenarios.submitted(application)
    call = application.call
    type(call).objects.filter(pk=call.pk).update(
        questionnaire_due=timezone.localdate() - datetime.timedelta(days=3),
        closes_at=timezone.localdate() - datetime.timedelta(days=4),
    )
    workflow.fire(application, "reopen_questionnaire", people.staff, comment="Add the plan.")
    response = QuestionnaireResponse.objects.get(application=application)
    assert response.extended_until >= timezone.localdate()
    assert client.post(url, {**answers(), "submit": "1"}).status_code == 302


def test_changes_after_a_reopen_are_kept_as_revisions(client, confirmed, people, admin_client):
    from pbcert_wagtail.models import AnswerRevision

    application, url, _token = confirmed
    scenarios.submitted(application)
    workflow.fire(application, "reopen_questionnaire", people.staff, comment="x")
    client.post(url, {**answers(general_data="ქალაქი დასავლეთში."), "save": "1"})
    revision = AnswerRevision.objects.get(application=application, key="general_data")
    assert revision.old_value == "ქალაქი დასავლეთ საქართველოში."
    review = admin_client.get(
        f"/admin/pbcert_applications/review/{application.pk}/"
    ).content.decode()
    assert "<del>" in review and "<ins>" in review


def test_a_table_posted_with_more_rows_than_it_takes_is_refused_with_the_count(client, confirmed):
    """450 rows crafted into a 20-row table (900 fields, under Django's 1,000): not 20 kept
    and the rest dropped without a word, but an error next to the table saying how many
    came, and nothing submitted."""
    application, url, _token = confirmed
    data = answers()
    for row in range(450):
        data[f"activity_plan-{row}-activity"] = f"ღონისძიება {row}"
        data[f"activity_plan-{row}-period"] = "2021"
    response = client.post(url, {**data, "submit": "1"})
    assert response.status_code == 400
    error = soup(response).select_one('[data-key="activity_plan"] .field__errors').get_text()
    assert "არაუმეტეს 20 რიგისა, გამოგზავნილია 450" in error
    assert not QuestionnaireResponse.objects.get(application=application).is_submitted
    assert application.status == ApplicationStatus.QUESTIONNAIRE
