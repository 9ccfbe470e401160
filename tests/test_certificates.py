"""Certificates: issued when a "certified" decision is published (numbered, dated in
Tbilisi, its recommendations as rows), valid by its dates, rendered by the worker as a
bilingual PDF whose every character has an embedded font and whose QR code holds the
verification address; a failed render is retried; hostile text fetches nothing."""

import datetime
import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pypdfium2
import pytest
import segno
import zxingcpp
from django.utils import timezone
from pypdf import PdfReader

from pbcert_wagtail.certificates import codes, pdf, rendering
from pbcert_wagtail.models import (
    Certificate,
    CertificateDocument,
    CertificateState,
    Municipality,
    PdfState,
)
from pbcert_wagtail.models.certificates import last_day_of_validity

from . import factories, scenarios

pytestmark = pytest.mark.django_db

TBILISI = datetime.timezone(datetime.timedelta(hours=4))


@pytest.fixture
def certified(django_capture_on_commit_callbacks):
    """A certified application whose results are published, its PDF rendered by the
    (synchronous) worker."""
    with django_capture_on_commit_callbacks(execute=True):
        case = scenarios.decided(
            published=True,
            recommendations=[
                {"criterion": "pb_development", "text": "დანერგეთ ონლაინ კენჭისყრა."},
                {"criterion": "", "text": "Publish the minutes of every PB meeting."},
            ],
        )
    return case


def pdf_of(certificate):
    document = certificate.current_document()
    document.refresh_from_db()
    assert document.state == PdfState.RENDERED, document.last_error
    return document, document.file.read()


def test_a_published_certified_decision_gets_one_certificate(certified):
    certificate = Certificate.objects.get(decision=certified.decision)
    call = certified.call
    assert certificate.number == f"PB-CERT-{call.year}-001"
    assert certificate.municipality == certified.application.municipality
    published = timezone.localdate(certified.decision.published_at, TBILISI)
    assert certificate.valid_from == published
    assert certificate.valid_until == last_day_of_validity(published)
    assert certificate.state() == CertificateState.VALID
    recommendations = list(certificate.recommendations.all())
    assert [r.text for r in recommendations] == [
        "დანერგეთ ონლაინ კენჭისყრა.",
        "Publish the minutes of every PB meeting.",
    ]
    assert recommendations[0].criterion.code == "pb_development"
    assert recommendations[1].criterion is None
    assert len({r.uid for r in recommendations}) == 2
    # Publishing again issues nothing more.
    from pbcert_wagtail import workflow

    workflow.publish_results(call)
    assert Certificate.objects.filter(municipality=certificate.municipality).count() == 1


def test_a_decision_not_to_certify_gets_no_certificate():
    case = scenarios.decided(published=True, outcome="not_certified")
    assert not Certificate.objects.filter(decision=case.decision).exists()


@pytest.mark.parametrize(
    "valid_from, valid_until",
    [
        (datetime.date(2027, 3, 10), datetime.date(2028, 3, 9)),
        (datetime.date(2028, 2, 29), datetime.date(2029, 2, 28)),
        (datetime.date(2028, 3, 1), datetime.date(2029, 2, 28)),
        (datetime.date(2027, 3, 1), datetime.date(2028, 2, 29)),
        (datetime.date(2027, 1, 1), datetime.date(2027, 12, 31)),
    ],
)
def test_a_certificate_is_valid_one_year_less_a_day(valid_from, valid_until):
    assert last_day_of_validity(valid_from) == valid_until


def test_validity_starts_on_the_tbilisi_date_of_publication(django_capture_on_commit_callbacks):
    # 20:30 UTC on 1 March is 00:30 on 2 March in Tbilisi.
    late = datetime.datetime(2027, 3, 1, 20, 30, tzinfo=datetime.UTC)
    case = scenarios.decided()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: late)
        from pbcert_wagtail import workflow

        workflow.publish_results(case.call)
    certificate = Certificate.objects.get(decision=case.decision)
    assert certificate.valid_from == datetime.date(2027, 3, 2)
    assert certificate.valid_until == datetime.date(2028, 3, 1)


def test_the_state_is_computed_from_the_dates_and_the_revocation(certified):
    certificate = Certificate.objects.get(decision=certified.decision)
    before = certificate.valid_from - datetime.timedelta(days=1)
    after = certificate.valid_until + datetime.timedelta(days=1)
    assert certificate.state(before) == CertificateState.NOT_YET_VALID
    assert certificate.state(certificate.valid_until) == CertificateState.VALID
    assert certificate.state(after) == CertificateState.EXPIRED
    for today, state in ((before, "not_yet_valid"), (after, "expired")):
        assert Certificate.objects.in_state(state, today).filter(pk=certificate.pk).exists()
    certificate.revoked_at = timezone.now()
    assert certificate.state(after) == CertificateState.REVOKED  # revoked wins


def test_the_pdf_names_the_municipality_in_both_languages_and_every_character_has_a_font(
    certified,
):
    certificate = Certificate.objects.get(decision=certified.decision)
    _document, content = pdf_of(certificate)
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    municipality = certificate.municipality
    for expected in (municipality.name_ka, municipality.name_en, certificate.number, "№"):
        assert expected in text
    assert "ᲛᲣᲜᲘᲪᲘᲞᲐᲚᲘᲢᲔᲢᲘᲡ" in text  # the programme's name in Mtavruli capitals
    assert "დანერგეთ ონლაინ კენჭისყრა." in text and "Publish the minutes" in text
    covered, names = set(), set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant.get("/FontDescriptor")
            if descriptor is None or "/FontFile2" not in descriptor.get_object():
                continue  # not embedded
            covered |= set(unicode_map(font).values())
    characters = {c for c in text if not c.isspace()}
    assert characters - covered == set()
    assert any("NotoSansGeorgian" in name for name in names)
    assert any(name.endswith("+NotoSans-Regular") for name in names)


def unicode_map(font):
    """{code: character} from a font's ToUnicode CMap (bfchar and bfrange entries)."""
    stream = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    mapping = {}
    for block in stream.split("beginbfchar")[1:]:
        for line in block.split("endbfchar")[0].strip().splitlines():
            source, target = line.strip().strip("<>").split("> <")
            mapping[int(source, 16)] = bytes.fromhex(target).decode("utf-16-be")
    for block in stream.split("beginbfrange")[1:]:
        for line in block.split("endbfrange")[0].strip().splitlines():
            first, last, target = (part.strip("<>") for part in line.split())
            start = int(target, 16)
            for offset, code in enumerate(range(int(first, 16), int(last, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def test_the_qr_code_holds_the_verification_address(certified):
    certificate = Certificate.objects.get(decision=certified.decision)
    document, content = pdf_of(certificate)
    page = pypdfium2.PdfDocument(content)[0]
    (found,) = zxingcpp.read_barcodes(page.render(scale=3).to_pil())
    assert found.text == pdf.verification_url(document.code)
    assert found.text.endswith(f"/verify/{document.code}/")
    assert found.ec_level in ("M", "Q")
    # About 2.5 cm with its quiet zone of 4 modules (rendered at 3 pixels a point).
    modules = segno.make(found.text, error="q").symbol_size(border=0)[0]
    position = found.position
    symbol_cm = (position.top_right.x - position.top_left.x) / 3 / 72 * 2.54
    assert 2.3 < symbol_cm * (modules + 8) / modules < 2.8
    assert codes.grouped(document.code) in "".join(page.get_textpage().get_text_range().split())


def test_verification_codes_are_80_random_bits_read_back_forgivingly():
    code = codes.new_code()
    assert len(code) == 16 and set(code) <= set(codes.ALPHABET)
    assert len({codes.new_code() for _ in range(1000)}) == 1000
    typed = codes.grouped(code).lower().replace("0", "o").replace("1", "l")
    assert codes.normalise(f" {typed} ") == code
    assert codes.normalise("not a code") == ""


class Listener(BaseHTTPRequestHandler):
    requests = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        Listener.requests.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_hostile_text_in_a_recommendation_fetches_nothing_and_shows_as_text(
    django_capture_on_commit_callbacks,
):
    server = HTTPServer(("127.0.0.1", 0), Listener)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    hostile = [
        f'<img src="http://127.0.0.1:{port}/x">',
        '<img src="file:///etc/passwd">',
        f"<link rel=stylesheet href=http://127.0.0.1:{port}/css>",
    ]
    try:
        with django_capture_on_commit_callbacks(execute=True):
            case = scenarios.decided(
                published=True, recommendations=[{"criterion": "", "text": t} for t in hostile]
            )
        _document, content = pdf_of(Certificate.objects.get(decision=case.decision))
        # the renderer itself, given such markup unescaped, fetches nothing either
        pdf.html_to_pdf(f'<img src="http://127.0.0.1:{port}/direct"><img src="/etc/hostname">')
    finally:
        server.shutdown()
    assert Listener.requests == []
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "127.0.0.1" in "".join(text.split()) and "file:///etc/passwd" in "".join(text.split())


def test_a_failed_render_stays_pending_and_is_retried(
    monkeypatch, django_capture_on_commit_callbacks
):
    def broken(document):
        raise OSError("disk full")

    monkeypatch.setattr(pdf, "certificate_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        case = scenarios.decided(published=True)
    document = Certificate.objects.get(decision=case.decision).current_document()
    document.refresh_from_db()
    assert (document.state, document.attempts, document.failed) == (PdfState.PENDING, 1, True)
    assert "disk full" in document.last_error
    assert rendering.requeue_pending() == 0  # not yet: it was queued a moment ago
    monkeypatch.undo()
    CertificateDocument.objects.filter(pk=document.pk).update(
        queued_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    assert rendering.requeue_pending() == 1  # the worker (synchronous here) renders it
    document.refresh_from_db()
    assert (document.state, document.attempts, document.last_error) == (PdfState.RENDERED, 2, "")
    assert rendering.render_document(document.pk) is False  # once rendered, never again


def test_the_municipality_downloads_its_certificate_only_after_publication(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = scenarios.decided()
        status = f"/ka/application/{case.token}/"
        download = f"{status}certificate/"
        assert "PB-CERT" not in client.get(status).content.decode()
        assert client.get(download).status_code == 404
        from pbcert_wagtail import workflow

        workflow.publish_results(case.call)
    certificate = Certificate.objects.get(decision=case.decision)
    page = client.get(status).content.decode()
    assert certificate.number in page and download in page
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "no-store, private"
    email = scenarios.latest_email("result_published", case.application.contact_email)
    assert certificate.number in email.body_text
    # another application's link opens no certificate
    other = scenarios.decided(published=True)
    assert client.get(f"/ka/application/{other.token}/certificate/").status_code == 404


def test_while_the_pdf_is_pending_the_status_page_says_so(client):
    case = scenarios.decided(published=True)  # on-commit callbacks do not run: no render
    page = client.get(f"/ka/application/{case.token}/").content.decode()
    assert "მზადდება" in page
    assert client.get(f"/ka/application/{case.token}/certificate/").status_code == 404


@pytest.fixture
def staff(client):
    client.force_login(scenarios.people_per_role().staff)
    return client


def test_staff_see_every_certificate_with_its_state_and_pdf(staff, certified):
    issued = Certificate.objects.get(decision=certified.decision)
    old = factories.CertificateFactory(valid_from=datetime.date(2019, 6, 1), document=False)
    old.on_paper = True
    old.save()
    failing = factories.CertificateFactory(document=False)
    CertificateDocument.objects.create(
        certificate=failing, code=codes.new_code(), attempts=2, last_error="OSError: disk full"
    )
    listing = staff.get("/admin/certificates/", HTTP_ACCEPT_LANGUAGE="ka").content.decode()
    for number in (issued.number, old.number, failing.number):
        assert number in listing
    assert "მზადაა 2-დან 1 PDF" in listing and "1 ვერ მომზადდა, მეორდება" in listing
    expired = staff.get("/admin/certificates/?state=expired").content.decode()
    assert old.number in expired and issued.number not in expired
    failed = staff.get("/admin/certificates/?pdf=failed").content.decode()
    assert failing.number in failed and issued.number not in failed
    export = staff.get("/admin/certificates/?export=csv")
    content = b"".join(export.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff") and issued.number in content
    assert issued.municipality.name_ka in content


def test_staff_issue_a_new_document_and_the_old_code_is_replaced(
    staff, certified, django_capture_on_commit_callbacks
):
    certificate = Certificate.objects.get(decision=certified.decision)
    first = certificate.current_document()
    page = staff.get(f"/admin/certificates/inspect/{certificate.pk}/").content.decode()
    assert first.code in page and f"/admin/certificates/document/{first.pk}/" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(f"/admin/certificates/document/{first.pk}/new/")
    assert response.status_code == 302
    first.refresh_from_db()
    second = Certificate.objects.get(pk=certificate.pk).current_document()
    assert second.pk != first.pk and second.code != first.code
    assert first.replaced_at is not None and second.state == PdfState.RENDERED
    download = staff.get(f"/admin/certificates/document/{second.pk}/")
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_staff_record_a_certificate_issued_on_paper(staff):
    gori = Municipality.objects.get(code="telavi")
    response = staff.post(
        "/admin/certificates/new/",
        {"municipality": gori.pk, "valid_from": "2019-12-10", "handover_place_ka": "თბილისი"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    certificate = Certificate.objects.get(municipality=gori, on_paper=True)
    assert certificate.number.startswith("PB-CERT-2019-")
    assert certificate.valid_until == datetime.date(2020, 12, 9)
    assert certificate.state() == CertificateState.EXPIRED
    assert certificate.decision is None and not certificate.documents.exists()


def test_the_application_screen_shows_the_certificate_to_staff_only(client, certified):
    certificate = Certificate.objects.get(decision=certified.decision)
    screen = f"/admin/pbcert_applications/review/{certified.application.pk}/"
    client.force_login(certified.people.staff)
    assert certificate.number in client.get(screen).content.decode()
    client.force_login(certified.people.consortium[0])
    page = client.get(screen)
    assert page.status_code == 200 and certificate.number not in page.content.decode()


def test_the_qr_address_opens_the_check_in_the_visitors_language_showing_only_the_certificate(
    client, certified
):
    certificate = Certificate.objects.get(decision=certified.decision)
    document = certificate.current_document()
    response = client.get(f"/verify/{document.code}/", HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/en/verify/{document.code}/")
    page = client.get(f"/ka/verify/{document.code.lower()}/")
    html = page.content.decode()
    assert page.status_code == 200 and page["X-Robots-Tag"] == "noindex, nofollow"
    for shown in (certificate.number, certificate.municipality.name_ka, "მოქმედებს"):
        assert shown in html
    application = certified.application
    for private in (
        application.contact_email,
        application.reference,
        certified.decision.rationale,
        certified.people.experts[0].get_username(),
        "დანერგეთ ონლაინ კენჭისყრა",  # recommendations are the municipality's
    ):
        assert private not in html


def test_an_old_code_says_its_document_was_replaced(
    client, certified, django_capture_on_commit_callbacks
):
    from pbcert_wagtail.certificates import issuing

    certificate = Certificate.objects.get(decision=certified.decision)
    old = certificate.current_document()
    with django_capture_on_commit_callbacks(execute=True):
        issuing.new_document(certificate)
    html = client.get(f"/ka/verify/{old.code}/").content.decode()
    assert "ახალმა დოკუმენტმა ჩაანაცვლა" in html and certificate.number in html


@pytest.mark.parametrize("code", ["0" * 16, "not-a-code", "%3Cscript%3E"])
def test_an_unknown_code_is_a_plain_not_found(client, code):
    page = client.get(f"/ka/verify/{code}/")
    assert page.status_code == 404 and "ვერ მოიძებნა" in page.content.decode()


def test_lookups_are_limited_per_address(client, settings):
    settings.PBCERT = {**settings.PBCERT, "VERIFY_RATE_LIMIT": (3, 600)}
    statuses = [client.get(f"/ka/verify/{'1' * 16}/").status_code for _ in range(5)]
    assert statuses == [404, 404, 404, 429, 429]


def test_publishing_shows_how_many_certificate_pdfs_are_ready(staff, monkeypatch):
    case = scenarios.decided()
    scenarios.decided(scenarios.ready_for_decision(scenarios.applied(call=case.call)))
    monkeypatch.setattr(rendering, "enqueue_render", lambda ids: None)  # the worker is down
    response = staff.post(f"/admin/pbcert_applications/publish/{case.call.pk}/", follow=True)
    page = response.content.decode()
    assert "მზადაა 2-დან 0 PDF" in page and f"?call={case.call.pk}" in page
    rendering.render_document(
        Certificate.objects.filter(call=case.call).first().current_document().pk
    )
    page = staff.get(f"/admin/pbcert_applications/publish/{case.call.pk}/").content.decode()
    assert "მზადაა 2-დან 1 PDF" in page


def test_staff_set_the_signatories_the_pdf_prints(staff, django_capture_on_commit_callbacks):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    form = staff.get("/admin/settings/pbcert/certificatesettings/", follow=True)
    assert form.status_code == 200
    fields = {
        "programme_ka": "მუნიციპალიტეტის სერტიფიცირება",
        "programme_en": "Municipality certification",
        "signatory_1_name_ka": "თამარ ხელმომწერიძე",
        "signatory_1_name_en": "Tamar Signer",
        "signatory_1_title_ka": "დირექტორი",
        "signatory_1_title_en": "Director",
    }
    response = staff.post(f"/admin/settings/pbcert/certificatesettings/{site.pk}/", fields)
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        case = scenarios.decided(published=True)
    _document, content = pdf_of(Certificate.objects.get(decision=case.decision))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "თამარ ხელმომწერიძე" in text and "Tamar Signer" in text and "Director" in text


def test_the_listing_shows_validity_as_dates(staff):
    html = staff.get(
        "/admin/certificates/?state=expired", HTTP_ACCEPT_LANGUAGE="ka"
    ).content.decode()
    assert "1 დეკემბერი 2019" in html and "30 ნოემბერი 2020" in html
    assert "წელი წინ" not in html  # not "7 years ago"


def test_the_pdf_filter_looks_at_the_current_document_only(staff, certified):
    certificate = Certificate.objects.get(decision=certified.decision)
    old = certificate.current_document()
    CertificateDocument.objects.filter(pk=old.pk).update(replaced_at=timezone.now())
    CertificateDocument.objects.create(
        certificate=certificate, code=codes.new_code(), attempts=1, last_error="OSError"
    )
    failed = staff.get("/admin/certificates/?pdf=failed").content.decode()
    rendered = staff.get("/admin/certificates/?pdf=rendered").content.decode()
    assert certificate.number in failed and certificate.number not in rendered
