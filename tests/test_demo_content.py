"""load_initial_data: both languages, real wagtail-localize translations, idempotent."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision
from wagtail_localize.models import Translation

from pbcert_wagtail.models import FAQEntry, FAQTopic

pytestmark = pytest.mark.django_db

SEED_TYPOS = ["სერიფიცირება", "განვითრება", "მუნიციპალიტი ", "შესაძლობლობა", "სამოქალაო"]


def counts():
    return {
        "pages": Page.objects.count(),
        "live pages": Page.objects.live().count(),
        "translations": Translation.objects.count(),
        "users": get_user_model().objects.count(),
        "revisions": Revision.objects.count(),
        "faq entries": FAQEntry.objects.count(),
        "faq topics": FAQTopic.objects.count(),
        "documents": get_document_model().objects.count(),
    }


def test_second_run_changes_nothing(demo):
    before = counts()
    output = io.StringIO()
    call_command("load_initial_data", "--no-sample-application", stdout=output)
    assert counts() == before
    assert "Demo content is ready" in output.getvalue()


def test_first_run_creates_a_superuser_and_says_how_to_log_in(demo):
    User = get_user_model()
    User.objects.filter(username="admin").delete()
    output = io.StringIO()
    call_command("load_initial_data", "--no-sample-application", stdout=output)
    assert User.objects.get(username="admin").is_superuser
    assert "/admin/" in output.getvalue()
    assert "password" in output.getvalue()


def test_every_english_object_is_a_complete_wagtail_localize_translation(demo):
    translations = Translation.objects.select_related("source", "target_locale")
    # pages (home, programme, FAQ, C1, registry, practitioners), FAQ topics and entries,
    # the questionnaire
    assert translations.count() == 6 + 4 + 17 + 1 + 8  # … and the eight criteria
    for translation in translations:
        assert translation.target_locale.language_code == "en"
        total, done = translation.get_progress()
        assert total > 0
        assert done == total, f"{translation.source} is {done}/{total} translated"
        assert translation.get_target_instance().locale.language_code == "en"


def test_sync_leaves_the_english_pages_unchanged(demo, django_capture_on_commit_callbacks):
    english = {key: pages["en"] for key, pages in demo.items()}
    before = {key: snapshot(page) for key, page in english.items()}
    entries_before = sorted(
        FAQEntry.objects.filter(locale__language_code="en").values_list("question", "answer")
    )

    # What the admin's "Sync translated pages" does: refresh the source, then save each target.
    with django_capture_on_commit_callbacks(execute=True):
        for translation in Translation.objects.select_related("source"):
            translation.source.update_from_db()
            translation.save_target(publish=True)

    for key, page in english.items():
        page.refresh_from_db()
        assert snapshot(page) == before[key]
    assert (
        sorted(
            FAQEntry.objects.filter(locale__language_code="en").values_list("question", "answer")
        )
        == entries_before
    )
    for translation in Translation.objects.all():
        total, done = translation.get_progress()
        assert done == total


def snapshot(page):
    page = Page.objects.get(pk=page.pk).specific
    body = getattr(page, "body", None)
    body = getattr(body, "raw_data", body)
    return (page.title, page.slug, getattr(page, "intro", None), str(body), page.live)


def test_demo_text_has_none_of_the_seed_typos(client, demo):
    for pages in demo.values():
        html = client.get(pages["ka"].url).content.decode()
        for typo in SEED_TYPOS:
            assert typo not in html


def test_demo_uses_no_personal_data(client, demo):
    for pages in demo.values():
        for page in pages.values():
            html = client.get(page.url).content.decode()
            emails = set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", html))
            assert emails  # the contact address is shown
            for email in emails:
                assert email.endswith("@example.org")


def test_standards_document_is_a_labelled_placeholder(demo):
    document = get_document_model().objects.get()
    assert "PLACEHOLDER" in document.title
    with document.file.open("rb") as handle:
        assert handle.read(4) == b"%PDF"


def test_the_sample_application_is_created_once(demo):
    from pbcert_wagtail.models import Application

    call_command("load_initial_data", stdout=io.StringIO())
    call_command("load_initial_data", stdout=io.StringIO())
    sample = Application.objects.get(contact_email="coordinator@example.org")
    assert sample.status == "submitted"
    assert sample.questionnaire.submitted_at is not None


def test_the_first_years_certificates_are_recorded_as_issued_on_paper_and_expired(demo):
    from pbcert_wagtail.models import Certificate, CertificateState

    first = Certificate.objects.filter(on_paper=True, valid_from__year=2019)
    assert sorted(first.values_list("municipality__code", flat=True)) == sorted(
        [
            "sighnaghi",
            "ozurgeti",
            "gori",
            "tskaltubo",
            "zugdidi",
            "kutaisi",
            "batumi",
            "akhaltsikhe",
        ]
    )
    for certificate in first:
        assert certificate.decision is None and certificate.call is None
        assert certificate.number.startswith("PB-CERT-2019-")
        assert certificate.state() == CertificateState.EXPIRED
        assert not certificate.documents.exists() and not certificate.recommendations.exists()


def test_the_demo_has_a_certificate_year_and_a_renewal_in_review(demo, client):
    from pbcert_wagtail.certificates import monitoring
    from pbcert_wagtail.models import Application, Certificate, MonitoringReport

    call_command("load_initial_data", stdout=io.StringIO())
    call_command("load_initial_data", stdout=io.StringIO())  # once, though run twice
    certificate = Certificate.objects.get(municipality__code="zestaponi")
    assert certificate.state() == "valid" and monitoring.monitored(certificate)
    assert MonitoringReport.objects.filter(certificate=certificate).count() == 1
    renewal = Application.objects.get(renews=certificate)
    assert renewal.status == "in_review"
    client.force_login(get_user_model().objects.get(username="expert1"))
    assignment = renewal.assignments.get()
    html = client.get(f"/admin/pbcert/reviews/{assignment.pk}/").content.decode()
    assert 'id="last-year-heading"' in html and "<ins>" in html
    client.force_login(get_user_model().objects.get(username="staff"))
    overview = client.get("/admin/monitoring/overview/").content.decode()
    assert "ზესტაფონი" in overview
