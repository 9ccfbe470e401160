"""The revocation status list: served signed at a stable address with a short cache;
revoking a certificate sets its bit and signs the list again in the revoking transaction,
so verification says "revoked" at once; a list that cannot be signed is not served, so a
verifier hears "could not be checked"; the PDF is rendered again, saying it was revoked."""

import io
import json

import pytest
from pypdf import PdfReader

from pbcert_wagtail.certificates import revocation
from pbcert_wagtail.credentials import attach, keys, proof, status, statuslist, verify
from pbcert_wagtail.credentials.certificate import credential_for, signed_credential
from pbcert_wagtail.models import IssuedCredential, PdfState, StatusList

from . import factories, scenarios

pytestmark = pytest.mark.django_db


@pytest.fixture
def certified(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return scenarios.certified()


def outcomes(credential, fetch=status.fetch_for_verifier):
    report = verify.verify_credential(credential, fetch_status_list=fetch)
    return {c.name: c.outcome for c in report.checks}, report


def place(certificate):
    issued = IssuedCredential.objects.select_related("status_list").get(certificate=certificate)
    return issued.status_list, issued.status_index


def test_the_list_is_served_signed_with_a_short_cache(client, certified):
    status_list, index = place(certified.certificate)
    response = client.get(f"/credentials/status/{status_list.number}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+ld+json"
    assert response["Cache-Control"] == "public, max-age=300"
    served = json.loads(response.content)
    assert served["id"] == status.list_url(status_list.number)
    assert served["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    subject = served["credentialSubject"]
    assert (subject["type"], subject["statusPurpose"]) == ("BitstringStatusList", "revocation")
    bits = statuslist.decode(subject["encodedList"])
    assert len(bits) * 8 >= 131072 and not statuslist.is_set(bits, index)
    assert proof.verify_proof(served, keys.current_key().public_multibase)
    assert client.get("/ka/credentials/status/1.json").status_code != 200  # one address
    assert client.post(f"/credentials/status/{status_list.number}.json").status_code == 405


def test_revoking_sets_the_bit_and_verification_says_revoked(certified, client):
    certificate = certified.certificate
    credential = signed_credential(certificate)
    status_list, index = place(certificate)
    before = status_list.credential
    revocation.revoke(certificate, certified.people.staff, "issued_in_error", "")
    status_list.refresh_from_db()
    assert statuslist.is_set(bytes(status_list.bits), index)
    assert status_list.credential["proof"] != before["proof"]  # signed again
    served = json.loads(client.get(f"/credentials/status/{status_list.number}.json").content)
    assert statuslist.is_set(statuslist.decode(served["credentialSubject"]["encodedList"]), index)
    found, report = outcomes(credential)
    assert found["status"] == "failed" and report.revoked and not report.ok
    assert found["signature"] == "passed"  # the credential itself is unchanged


def test_a_revocation_that_fails_leaves_the_list_as_it_was(certified, monkeypatch):
    certificate = certified.certificate
    status_list, index = place(certificate)

    def broken(*args, **kwargs):
        raise RuntimeError("the email could not be queued")

    monkeypatch.setattr(revocation.notifications, "to_applicant", broken)
    with pytest.raises(RuntimeError):
        revocation.revoke(certificate, certified.people.staff, "issued_in_error", "")
    status_list.refresh_from_db()
    assert not statuslist.is_set(bytes(status_list.bits), index)


def test_a_list_that_cannot_be_fetched_is_could_not_check_never_not_revoked(certified):
    credential = signed_credential(certified.certificate)
    for fetch in (lambda url: None, lambda url: (_ for _ in ()).throw(OSError("offline"))):
        found, report = outcomes(credential, fetch)
        assert found["status"] == "could_not_check" and not report.ok and not report.revoked
    assert status.fetch_for_verifier("https://elsewhere.example/credentials/status/1.json") is None


def no_key():
    raise keys.NoIssuerKey("no issuer key configured")


def test_revoking_without_a_key_withdraws_the_list_until_it_can_be_signed(
    certified, client, monkeypatch
):
    certificate = certified.certificate
    status_list, index = place(certificate)
    url = f"/credentials/status/{status_list.number}.json"
    monkeypatch.setattr(keys, "current_key", no_key)
    revocation.revoke(certificate, certified.people.staff, "issued_in_error", "")
    status_list.refresh_from_db()
    assert statuslist.is_set(bytes(status_list.bits), index) and status_list.credential is None
    before = StatusList.objects.values_list("updated_at", flat=True).get(pk=status_list.pk)
    withdrawn = client.get(url)
    assert withdrawn.status_code == 503 and withdrawn["Cache-Control"] == "no-store"
    after = StatusList.objects.values_list("updated_at", flat=True).get(pk=status_list.pk)
    assert after == before  # a GET without a key writes nothing
    found, _report = outcomes(signed_credential(certificate))
    assert found["status"] == "could_not_check"
    monkeypatch.undo()  # the key is back: the list is signed on its next request
    served = client.get(url)
    assert served.status_code == 200
    found, report = outcomes(signed_credential(certificate))
    assert found["status"] == "failed" and report.revoked


def test_a_certificate_revoked_before_its_credential_was_signed_starts_revoked(
    django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(keys, "current_key", no_key)
    with django_capture_on_commit_callbacks(execute=True):
        case = scenarios.certified()
        revocation.revoke(case.certificate, case.people.staff, "issued_in_error", "")
    assert signed_credential(case.certificate) is None
    monkeypatch.undo()
    credential = credential_for(case.certificate)
    found, report = outcomes(credential)
    assert found["status"] == "failed" and report.revoked


def test_revoking_renders_the_pdf_again_saying_so_with_the_same_code(
    certified, django_capture_on_commit_callbacks
):
    certificate = certified.certificate
    document = certificate.current_document()
    first = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        revocation.revoke(certificate, certified.people.staff, "conditions_no_longer_met", "")
    again = certificate.documents.get()
    assert (again.pk, again.code, again.state) == (document.pk, document.code, PdfState.RENDERED)
    content = again.file.read()
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages
    )
    assert "This certificate was revoked on" in text and "conditions no longer met" in text
    assert "გაუქმდა" in text
    assert attach.credential_from_pdf(content) == signed_credential(certificate)
    assert again.file.name != first and not again.file.storage.exists(first)


def test_each_credential_has_its_own_index(monkeypatch):
    made = [factories.CertificateFactory(document=False) for _ in range(5)]
    for certificate in made:
        credential_for(certificate)
    places = [place(c) for c in made]
    assert len({index for _list, index in places}) == 5
    assert StatusList.objects.count() == 1
