"""A certificate's signed Open Badges 3.0 credential: made once before its PDF is rendered,
attached to the PDF, verifying with the issuer's key; any change of a signed value breaks
it; its ids are the site's configured address, never the request's host; in Georgian
without a capital first letter; a render without a key fails like any failed render."""

import copy
import datetime
import io

import pytest
from pypdf import PdfReader, PdfWriter

from pbcert_wagtail.credentials import attach, keys, status, statuslist, verify
from pbcert_wagtail.credentials.certificate import credential_for, signed_credential
from pbcert_wagtail.models import Certificate, IssuedCredential, PdfState, StatusList

from . import factories, scenarios
from .test_dashboard import actions, panel
from .vc_support import no_network  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

SITE = "https://pbcert.example.ge"
MTAVRULI = range(0x1C90, 0x1CC0)


@pytest.fixture
def site_url(settings):
    settings.PBCERT = {**settings.PBCERT, "SITE_URL": SITE}
    return SITE


@pytest.fixture
def certified(site_url, django_capture_on_commit_callbacks):
    """A certified municipality whose PDF the (synchronous) worker has rendered."""
    with django_capture_on_commit_callbacks(execute=True):
        case = scenarios.certified(
            recommendations=[
                {"criterion": "pb_development", "text": "დანერგეთ ონლაინ კენჭისყრა."},
                {"criterion": "", "text": "გამოაქვეყნეთ ყველა შეხვედრის ოქმი."},
            ],
        )
    return case


def check(credential):
    report = verify.verify_credential(credential, fetch_status_list=status.fetch_for_verifier)
    return {c.name: c.outcome for c in report.checks}, report


def test_a_certified_municipality_gets_one_credential_that_verifies(certified):
    certificate = certified.certificate
    credential = signed_credential(certificate)
    assert credential is not None and IssuedCredential.objects.count() == 1
    assert credential_for(certificate) == credential  # stored, not signed again
    assert IssuedCredential.objects.count() == 1
    outcomes, report = check(credential)
    assert report.ok, outcomes
    assert outcomes == dict.fromkeys(("signature", "issuer_key", "dates", "status"), "passed")

    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert credential["issuer"]["id"] == keys.issuer_did()
    assert credential["issuer"]["type"] == ["Profile"] and credential["issuer"]["url"] == f"{SITE}/"
    assert credential["validFrom"] == f"{certificate.valid_from.isoformat()}T00:00:00+04:00"
    assert credential["validUntil"] == f"{certificate.valid_until.isoformat()}T23:59:59+04:00"
    code = certificate.municipality.code
    subject = credential["credentialSubject"]
    assert subject["id"] == f"{SITE}/ka/registry/{code}/"
    assert subject["type"] == ["AchievementSubject"]
    achievement = subject["achievement"]
    assert achievement["achievementType"] == "Certification"
    assert achievement["inLanguage"] == "ka"
    assert achievement["related"] == [
        {"id": f"{SITE}/en/registry/{code}/", "type": ["Related"], "inLanguage": "en"}
    ]
    assert achievement["criteria"]["narrative"]
    assert str(certificate.call.year) in achievement["name"]
    narratives = [item["narrative"] for item in credential["evidence"]]
    assert narratives == [
        "დანერგეთ ონლაინ კენჭისყრა.",
        "გამოაქვეყნეთ ყველა შეხვედრის ოქმი.",
        "კარგი პროგრესი გასული წლის რეკომენდაციებზე.",
    ]
    assert certificate.number in credential["name"]

    entry = credential["credentialStatus"]
    issued = IssuedCredential.objects.get(certificate=certificate)
    url = f"{SITE}/credentials/status/{issued.status_list.number}.json"
    assert entry == {
        "id": f"{url}#{issued.status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(issued.status_index),
        "statusListCredential": url,
    }
    assert credential["id"] == f"{SITE}/credentials/{issued.uid}.json"


def test_the_ids_are_the_configured_site_never_the_request_host(certified, client, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "evil.example.com"]
    code = certified.certificate.current_document().code
    client.get(f"/ka/verify/{code}/", HTTP_HOST="evil.example.com")
    credential = signed_credential(certified.certificate)
    text = str(credential)
    assert "evil.example.com" not in text
    assert credential["id"].startswith(SITE) and credential["issuer"]["id"] == keys.issuer_did()


def georgian_strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from georgian_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from georgian_strings(item)
    elif isinstance(value, str) and any("\u10a0" <= c <= "\u10ff" for c in value):
        yield value


def test_the_georgian_text_has_no_mtavruli(certified):
    strings = list(georgian_strings(signed_credential(certified.certificate)))
    assert len(strings) >= 6  # names, descriptions, criteria, evidence
    assert [s for s in strings if any(ord(c) in MTAVRULI for c in s)] == []


def changed(credential, path, value):
    altered = copy.deepcopy(credential)
    *parents, last = path
    target = altered
    for key in parents:
        target = target[key]
    target[last] = value
    return altered


@pytest.mark.parametrize(
    "path, value",
    [
        (("name",), "სხვა სახელი"),
        (("validFrom",), "2020-01-01T00:00:00+04:00"),
        (("validUntil",), "2099-12-31T23:59:59+04:00"),
        (("evidence", 0, "narrative"), "სხვა რეკომენდაცია."),
        (("evidence", 2, "narrative"), "შეფასება შეიცვალა."),
        (("credentialSubject", "id"), "https://pbcert.example.ge/ka/registry/other/"),
        (("credentialSubject", "achievement", "name"), "Another achievement"),
        (("credentialSubject", "achievement", "achievementType"), "Diploma"),
        (("credentialStatus", "statusListIndex"), "0"),
        (("issuer", "id"), "did:web:evil.example.com"),
    ],
)
def test_changing_any_signed_value_breaks_the_signature(certified, path, value):
    credential = signed_credential(certified.certificate)
    outcomes, report = check(changed(credential, path, value))
    assert outcomes["signature"] == "failed" and not report.ok


def test_the_pdf_carries_the_credential(certified):
    certificate = certified.certificate
    document = certificate.current_document()
    assert document.state == PdfState.RENDERED, document.last_error
    content = document.file.read()
    assert attach.credential_from_pdf(content) == signed_credential(certificate)
    (embedded,) = PdfReader(io.BytesIO(content)).attachment_list
    assert (embedded.name, embedded.subtype) == ("credential.json", "/application/vc+ld+json")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert certificate.municipality.name_ka in text  # still the certificate


def test_a_pdf_without_a_credential_gives_none():
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    out = io.BytesIO()
    writer.write(out)
    assert attach.credential_from_pdf(out.getvalue()) is None
    assert attach.credential_from_pdf(b"%PDF-1.4 not really") is None
    assert attach.credential_from_pdf(b"") is None


def no_key():
    raise keys.NoIssuerKey("no issuer key configured")


def test_without_a_key_the_render_fails_is_shown_and_retried(
    monkeypatch, client, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from pbcert_wagtail.certificates import rendering
    from pbcert_wagtail.models import CertificateDocument

    monkeypatch.setattr(keys, "current_key", no_key)
    with django_capture_on_commit_callbacks(execute=True):
        case = scenarios.certified()
    document = case.certificate.current_document()
    document.refresh_from_db()
    assert (document.state, document.attempts) == (PdfState.PENDING, 1)
    assert "NoIssuerKey" in document.last_error
    assert signed_credential(case.certificate) is None and not StatusList.objects.exists()
    count, url, _items = actions(panel(client, case.people.staff))["certificate PDF that failed"]
    assert count == 1 and "pdf=failed" in url

    monkeypatch.undo()  # the key is configured: the retry renders it, signed
    CertificateDocument.objects.filter(pk=document.pk).update(
        queued_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    assert rendering.requeue_pending() == 1
    document.refresh_from_db()
    assert document.state == PdfState.RENDERED and document.last_error == ""
    assert attach.credential_from_pdf(document.file.read()) == signed_credential(case.certificate)


def test_a_new_status_list_is_started_when_one_is_full(monkeypatch, site_url):
    monkeypatch.setattr(status, "CAPACITY", 2)
    certificates = [factories.CertificateFactory(document=False) for _ in range(3)]
    for certificate in certificates:
        credential_for(certificate)
    numbers = [IssuedCredential.objects.get(certificate=c).status_list.number for c in certificates]
    assert numbers == [1, 1, 2]
    for certificate in certificates:
        outcomes, report = check(signed_credential(certificate))
        assert report.ok, outcomes


def test_indices_are_random_and_skip_taken_or_set_bits(monkeypatch, site_url):
    first = factories.CertificateFactory(document=False)
    credential_for(first)
    issued = IssuedCredential.objects.get(certificate=first)
    picks = iter([issued.status_index, 7, 8])  # taken, then a set bit, then free
    monkeypatch.setattr(status.secrets, "randbelow", lambda n: next(picks))
    status_list = issued.status_list
    bits = bytearray(status_list.bits)
    statuslist.set_bit(bits, 7)
    StatusList.objects.filter(pk=status_list.pk).update(bits=bytes(bits))
    second = factories.CertificateFactory(document=False)
    credential_for(second)
    assert IssuedCredential.objects.get(certificate=second).status_index == 8


def test_an_issued_credential_is_returned_unchanged_after_edits(certified):
    before = signed_credential(certified.certificate)
    Certificate.objects.filter(pk=certified.certificate.pk).update(
        progress_assessment="შეცვლილი ტექსტი"
    )
    certificate = Certificate.objects.get(pk=certified.certificate.pk)
    assert credential_for(certificate) == before


def test_signing_and_verifying_a_certificate_touch_no_network(no_network, site_url):  # noqa: F811
    certificate = factories.CertificateFactory(document=False)
    outcomes, report = check(credential_for(certificate))
    assert report.ok, outcomes
    assert no_network == []


def test_certificates_without_a_credential_are_signed_by_the_job_and_the_command(
    certified, monkeypatch
):
    """Recorded on paper, or rendered before credentials existed: the hourly job (and
    `manage.py sign_credentials`) signs them; without a key it does nothing."""
    from django.core.management import call_command

    from pbcert_wagtail.certificates.issuing import record_paper_certificate
    from pbcert_wagtail.credentials.certificate import sign_missing
    from pbcert_wagtail.models import Municipality

    paper = record_paper_certificate(
        Municipality.objects.get(code="gori"), datetime.date(2025, 3, 1), certified.people.staff
    )
    IssuedCredential.objects.filter(certificate=certified.certificate).delete()  # "before"
    monkeypatch.setattr(keys, "current_key", no_key)
    assert sign_missing() == 0 and not IssuedCredential.objects.exists()
    monkeypatch.undo()

    assert sign_missing() == Certificate.objects.count()  # the demo's old ones too
    for certificate in (paper, certified.certificate):
        outcomes, _report = check(signed_credential(certificate))
        assert outcomes["signature"] == outcomes["status"] == "passed", outcomes
    paper_text = str(signed_credential(paper))
    assert "ქაღალდზე" in paper_text  # "issued on paper, before this site"
    assert sign_missing() == 0
    call_command("sign_credentials")  # nothing left: says so, changes nothing
    assert IssuedCredential.objects.count() == Certificate.objects.count()
