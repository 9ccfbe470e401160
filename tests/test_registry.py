"""The public registry: certificates by year with their state, filtered by year, region
and status in both languages; each municipality's page and each certificate's; a
municipality's permanent address survives a change of the page's slug; its code cannot
change; the routes are in the sitemap; nothing private shows."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pbcert_wagtail.models import Municipality

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(demo):
    return demo["registry"]


def test_the_registry_lists_the_2019_cohort_and_new_certificates_in_both_languages(
    client, registry
):
    kutaisi = Municipality.objects.get(code="telavi")
    new = factories.CertificateFactory(municipality=kutaisi)
    for language, name, expired in (
        ("ka", "სიღნაღი", "ვადაგასული"),
        ("en", "Sighnaghi", "expired"),
    ):
        html = client.get(registry[language].url).content.decode()
        assert name in html and expired in html and new.number in html
        assert "PB-CERT-2019-001" in html


def test_filters_by_year_region_and_status(client, registry):
    new = factories.CertificateFactory(municipality=Municipality.objects.get(code="telavi"))
    url = registry["en"].url
    year = client.get(url, {"year": "2019"}).content.decode()
    assert "PB-CERT-2019-001" in year and new.number not in year
    region = client.get(url, {"region": "adjara"}).content.decode()
    assert "Batumi" in region and "Sighnaghi" not in region
    valid = client.get(url, {"status": "valid"}).content.decode()
    assert new.number in valid and "PB-CERT-2019-001" not in valid


def test_a_municipality_page_and_a_certificate_page(client, registry):
    page = registry["ka"]
    gori = client.get(page.url + "municipality/gori/")
    assert gori.status_code == 200 and "გორი" in gori.content.decode()
    certificate = client.get(page.url + "certificate/PB-CERT-2019-003/")
    assert certificate.status_code == 200 and "გორი" in certificate.content.decode()
    assert client.get(page.url + "municipality/telavi/").status_code == 404  # no certificate
    assert client.get(page.url + "certificate/PB-CERT-1999-001/").status_code == 404


def test_the_permanent_address_survives_a_new_slug(client, registry):
    page = registry["en"]
    assert client.get("/en/registry/gori/")["Location"] == page.url + "municipality/gori/"
    page.slug = "certified"
    page.save_revision().publish()
    page.refresh_from_db()
    moved = client.get("/en/registry/gori/")
    assert moved["Location"].endswith("/en/certified/municipality/gori/")
    assert client.get(moved["Location"]).status_code == 200
    assert client.get("/en/registry/telavi/").status_code == 404


def test_a_municipalitys_code_cannot_change():
    gori = Municipality.objects.get(code="gori")
    gori.code = "gori-city"
    with pytest.raises(ValidationError):
        gori.full_clean()
    with pytest.raises(ValidationError):
        gori.save()


def test_the_sitemap_lists_the_registry_routes(client, registry):
    xml = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{registry['en'].full_url}</loc>" in xml
    for language in ("ka", "en"):
        base = registry[language].full_url
        assert f"<loc>{base}municipality/gori/</loc>" in xml
        assert f"<loc>{base}certificate/PB-CERT-2019-003/</loc>" in xml


def test_nothing_private_in_the_registry(client, registry):
    marker = "REGISTRY-PRIVATE-9Z"
    made = factories.CertificateFactory(municipality=Municipality.objects.get(code="telavi"))
    made.revoked_at = timezone.now()
    made.revocation_reason = "issued_in_error"
    made.revocation_note = marker
    made.save()
    code = made.current_document().code
    for path in (registry["en"].url, registry["en"].url + f"certificate/{made.number}/"):
        html = client.get(path).content.decode()
        assert marker not in html and code not in html
    assert (
        "revoked" in client.get(registry["en"].url + f"certificate/{made.number}/").content.decode()
    )
