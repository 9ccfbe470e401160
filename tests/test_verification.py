"""The public check of a certificate: one state with its date, in Georgian and English,
as a page and as JSON (`Vary: Accept`), by the QR address or by number and code; a
revoked certificate keeps its page; nothing private on it."""

import datetime
import json

import pytest
from django.utils import timezone

from pbcert_wagtail.certificates import codes
from pbcert_wagtail.models import CertificateDocument
from pbcert_wagtail.models.certificates import tbilisi_today

from . import factories, scenarios

pytestmark = pytest.mark.django_db

TODAY = tbilisi_today()  # the day the site counts in, also late in the UTC evening
DAY = datetime.timedelta(days=1)


def certificate(**fields):
    made = factories.CertificateFactory(**fields)
    return made, made.current_document()


@pytest.mark.parametrize(
    "valid_from, revoked, state, ka, en",
    [
        (TODAY, False, "valid", "მოქმედებს", "Valid until"),
        (TODAY - 400 * DAY, False, "expired", "ვადაგასულია", "Expired"),
        (TODAY + 10 * DAY, False, "not_yet_valid", "ჯერ არ მოქმედებს", "Not yet valid"),
        (TODAY, True, "revoked", "გაუქმდა", "Revoked on"),
    ],
)
def test_each_state_is_told_in_both_languages_and_as_json(
    client, valid_from, revoked, state, ka, en
):
    made, document = certificate(valid_from=valid_from)
    if revoked:
        made.revoked_at = timezone.now()
        made.revocation_reason = "issued_in_error"
        made.save()
    for language, expected in (("ka", ka), ("en", en)):
        page = client.get(f"/{language}/verify/{document.code}/")
        assert page.status_code == 200  # a revoked certificate keeps its page
        html = page.content.decode()
        assert expected in html and made.number in html
        assert made.municipality.name_ka in html and made.municipality.name_en in html
        if revoked:
            assert {"ka": "გაიცა შეცდომით", "en": "issued in error"}[language] in html
    answer = client.get(f"/en/verify/{document.code}/", HTTP_ACCEPT="application/json")
    assert answer["Content-Type"] == "application/json" and "Accept" in answer["Vary"]
    data = json.loads(answer.content)
    assert data["state"] == state and data["number"] == made.number
    assert data["municipality"] == {
        "code": made.municipality.code,
        "ka": made.municipality.name_ka,
        "en": made.municipality.name_en,
    }
    expected_date = {
        "valid": made.valid_until,
        "expired": made.valid_until,
        "not_yet_valid": made.valid_from,
        "revoked": TODAY,
    }[state]
    assert data["state_date"] == expected_date.isoformat()


def test_a_replaced_document_and_a_superseded_certificate_say_so(client):
    old, first = certificate(valid_from=TODAY - 370 * DAY)
    CertificateDocument.objects.filter(pk=first.pk).update(replaced_at=timezone.now())
    new, _document = certificate(valid_from=TODAY)
    old.superseded_by = new
    old.save()
    html = client.get(f"/en/verify/{first.code}/").content.decode()
    assert "replaced by a newer one" in html
    assert f"Superseded by the certificate of {TODAY.year}" in html
    data = json.loads(
        client.get(f"/ka/verify/{first.code}/", HTTP_ACCEPT="application/json").content
    )
    assert data["document_replaced"] is True and data["superseded_by_year"] == TODAY.year


def test_unknown_codes_answer_not_found_in_the_visitors_language(client):
    unknown = codes.new_code()
    assert "ვერ მოიძებნა" in client.get(f"/ka/verify/{unknown}/").content.decode()
    english = client.get(f"/en/verify/{unknown}/")
    assert english.status_code == 404 and "Certificate not found" in english.content.decode()
    answer = client.get(f"/en/verify/{unknown}/", HTTP_ACCEPT="application/json")
    assert answer.status_code == 404 and json.loads(answer.content)["error"]


def test_the_form_opens_the_check_when_number_and_code_belong_together(client):
    made, document = certificate()
    other, _ = certificate()
    typed = codes.grouped(document.code).lower()
    found = client.get("/ka/verify/", {"number": made.number.lower(), "code": typed})
    assert found.status_code == 302 and found["Location"].endswith(f"/verify/{document.code}/")
    wrong = client.get("/ka/verify/", {"number": other.number, "code": typed})
    assert wrong.status_code == 404 and "ვერ მოიძებნა" in wrong.content.decode()
    empty = client.get("/ka/verify/", {"number": "", "code": ""})
    assert empty.status_code == 400 and "field__errors" in empty.content.decode()
    assert client.get("/ka/verify/").status_code == 200


def test_nothing_private_on_the_check(client, django_capture_on_commit_callbacks):
    marker = "PRIVATE-MARKER-7Q"
    with django_capture_on_commit_callbacks(execute=True):
        case = scenarios.decided(
            published=True,
            rationale=f"{marker} rationale",
            recommendations=[{"criterion": "", "text": f"{marker} recommendation"}],
        )
    made = case.decision.certificate
    made.revocation_reason = ""
    made.save()
    document = made.current_document()
    responses = [
        client.get(f"/ka/verify/{document.code}/"),
        client.get(f"/en/verify/{document.code}/", HTTP_ACCEPT="application/json"),
    ]
    application = case.application
    private = [
        marker,
        application.contact_email,
        application.reference,
        case.token,
        *(expert.get_username() for expert in case.people.experts),
        *(member.get_username() for member in case.people.consortium),
    ]
    for response in responses:
        body = response.content.decode()
        assert [text for text in private if text in body] == []


def test_revoking_shows_at_once_everywhere_and_emails_the_municipality_once(
    client, django_capture_on_commit_callbacks
):
    from pbcert_wagtail.models import OutboxMessage

    with django_capture_on_commit_callbacks(execute=True):
        case = scenarios.decided(published=True)
    made = case.decision.certificate
    document = made.current_document()
    staff = case.people.staff
    client.force_login(staff)
    form = client.get(f"/admin/certificates/revoke/{made.pk}/")
    assert form.status_code == 200 and "გაუქმება შეუქცევადია" in form.content.decode()
    assert f"სერტიფიკატის გაუქმება: {made.number}" in form.content.decode()  # its header
    refused = client.post(f"/admin/certificates/revoke/{made.pk}/", {"reason": "", "note": ""})
    assert refused.status_code == 400
    note = "INTERNAL-NOTE-5X the plan was not carried out"
    done = client.post(
        f"/admin/certificates/revoke/{made.pk}/",
        {"reason": "conditions_no_longer_met", "note": note},
        follow=True,
    )
    assert "მუნიციპალიტეტს ეგზავნება ელფოსტა." in done.content.decode()
    again = client.post(
        f"/admin/certificates/revoke/{made.pk}/", {"reason": "issued_in_error", "note": "x"}
    )
    assert again.status_code == 302
    made.refresh_from_db()
    assert made.revocation_reason == "conditions_no_longer_met"  # the second did nothing
    emails = OutboxMessage.objects.filter(event="certificate_revoked", application=case.application)
    assert emails.count() == 1 and made.number in emails.get().body_text
    client.logout()
    check = client.get(f"/en/verify/{document.code}/").content.decode()
    assert "This certificate was revoked." in check and "conditions no longer met" in check
    assert "INTERNAL-NOTE-5X" not in check
    status = client.get(f"/ka/application/{case.token}/").content.decode()
    assert "გაუქმდა" in status and f"/application/{case.token}/certificate/" not in status
    download = client.get(f"/ka/application/{case.token}/certificate/")
    assert download.status_code == 410 and "გაუქმდა" in download.content.decode()
    client.force_login(staff)
    history = client.get(f"/admin/certificates/history-results/{made.pk}/").content.decode()
    assert "სერტიფიკატი გაუქმდა" in history and staff.get_full_name() in history
    inspect = client.get(f"/admin/certificates/inspect/{made.pk}/").content.decode()
    assert "INTERNAL-NOTE-5X" in inspect and "პირობები აღარ სრულდება" in inspect
