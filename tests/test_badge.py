"""The badge a municipality embeds in its own website: valid, not yet valid, expired and
revoked badges differ in words and colours and say their state in Georgian and English;
they are served so that a lapse shows on the next view (no-cache, ETag, 304) and the SVG
can run nothing; a baked PNG carries the signed credential and gives it back; the
registry page offers the badge and the HTML to copy, with absolute addresses."""

import io
import json
import sys
import types
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from PIL import Image, PngImagePlugin

from pbcert_wagtail import badges
from pbcert_wagtail.certificates.revocation import revoke
from pbcert_wagtail.models import Municipality
from pbcert_wagtail.models.certificates import tbilisi_today

from . import factories
from .conftest import soup
from .untranslated import untranslated

pytestmark = pytest.mark.django_db

SITE = "https://pbcert.example.ge"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.PBCERT = {**settings.PBCERT, "SITE_URL": SITE}


def certificate(code="telavi", *, days_ago=0, **kwargs):
    """A certificate of the municipality `code` whose validity began `days_ago` days ago."""
    start = tbilisi_today() - timedelta(days=days_ago)
    municipality = Municipality.objects.get(code=code)
    return factories.CertificateFactory(municipality=municipality, valid_from=start, **kwargs)


def revoked(cert):
    staff = get_user_model().objects.create_user("revoker", password="x")
    return revoke(cert, staff, "conditions_no_longer_met", "test")


def svg(client, language, code="telavi", **headers):
    return client.get(f"/{language}/badge/{code}.svg", headers=headers)


def parsed(response):
    return BeautifulSoup(response.content.decode(), "html.parser").find("svg")


def words(response):
    return " ".join(t.get_text() for t in parsed(response).find_all("text"))


@pytest.fixture
def states(demo):
    """One municipality per state: {state: code}."""
    valid = certificate("telavi")
    upcoming = certificate("rustavi", days_ago=-10)
    expired = certificate("poti", days_ago=400)
    gone = revoked(certificate("mtskheta"))
    return {
        "valid": valid.municipality.code,
        "not_yet_valid": upcoming.municipality.code,
        "expired": expired.municipality.code,
        "revoked": gone.municipality.code,
    }


def test_the_four_states_differ_in_words_colours_and_text_alternative(client, states):
    drawn = {}
    for state, code in states.items():
        response = svg(client, "en", code)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("image/svg+xml")
        image = parsed(response)
        assert image["role"] == "img" and image["data-state"] == state
        assert image["aria-label"] == image.find("title").get_text()
        drawn[state] = (words(response), image.find("rect")["fill"], image["aria-label"])
    assert len({text for text, _, _ in drawn.values()}) == 4
    assert len({label for _, _, label in drawn.values()}) == 4
    assert "Certified" in drawn["valid"][0] and "Valid until" in drawn["valid"][0]
    assert "Valid from" in drawn["not_yet_valid"][0]
    assert "expired" in drawn["expired"][0] and "Certified" not in drawn["expired"][0]
    assert "revoked" in drawn["revoked"][0] and "Certified" not in drawn["revoked"][0]
    # Lapsed badges are grey; a valid one is not.
    assert drawn["expired"][1] == drawn["revoked"][1] == badges.COLOURS["expired"]["band"]
    assert len({drawn[s][1] for s in ("valid", "not_yet_valid", "expired")}) == 3
    assert "valid until" in drawn["valid"][2]
    assert "expired" in drawn["expired"][2] and "revoked" in drawn["revoked"][2]
    assert "Telavi" in drawn["valid"][2]


def test_the_badge_speaks_the_language_of_its_address(client, states):
    valid = svg(client, "ka", states["valid"])
    assert "თელავი" in words(valid) and "სამოქალაქო ბიუჯეტი" in words(valid)
    assert parsed(valid)["lang"] == "ka"
    label = parsed(valid)["aria-label"]
    assert "თელავი" in label and "მოქმედებს" in label and "Telavi" not in label
    expired = parsed(svg(client, "ka", states["expired"]))
    assert "ვადაგასულია" in expired["aria-label"]
    revoked_badge = parsed(svg(client, "ka", states["revoked"]))
    assert "გაუქმდა" in revoked_badge["aria-label"]
    english = parsed(svg(client, "en", states["revoked"]))
    assert "revoked on" in english["aria-label"] and "გაუქმდა" not in english["aria-label"]


# "until" each month, as a Georgian writes it after the year in the genitive
GEORGIAN_UNTIL = "იანვრამდე თებერვლამდე მარტამდე აპრილამდე მაისამდე ივნისამდე ივლისამდე აგვისტომდე სექტემბრამდე ოქტომბრამდე ნოემბრამდე დეკემბრამდე".split()


def test_dates_in_words_in_both_languages(client, demo):
    until = certificate("telavi").valid_until
    english = f"Valid until {until.day} {until.strftime('%B')} {until.year}"
    assert english in words(svg(client, "en"))
    month = GEORGIAN_UNTIL[until.month - 1]
    assert f"მოქმედებს {until.year} წლის {until.day} {month}" in words(svg(client, "ka"))


def test_headers_no_cache_etag_304_csp_nosniff(client, states):
    response = svg(client, "en", states["valid"])
    assert response["Cache-Control"] == "no-cache"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script" not in policy
    assert b"<script" not in response.content
    tag = response["ETag"]
    again = svg(client, "en", states["valid"], if_none_match=tag)
    assert again.status_code == 304 and again["ETag"] == tag and not again.content
    assert again["Cache-Control"] == "no-cache"
    other_language = svg(client, "ka", states["valid"], if_none_match=tag)
    assert other_language.status_code == 200 and other_language["ETag"] != tag
    png = client.get(f"/en/badge/{states['valid']}.png")
    assert png["Cache-Control"] == "no-cache" and png["ETag"] not in (tag, None)
    assert (
        client.get(
            f"/en/badge/{states['valid']}.png", headers={"if-none-match": png["ETag"]}
        ).status_code
        == 304
    )


def test_a_revocation_changes_the_next_response(client, demo):
    cert = certificate("telavi")
    first = svg(client, "en")
    assert parsed(first)["data-state"] == "valid"
    revoked(cert)
    after = svg(client, "en", if_none_match=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    assert parsed(after)["data-state"] == "revoked" and "revoked" in words(after)


def test_the_badge_is_about_the_current_valid_certificate_else_the_latest(client, demo):
    old = certificate("telavi", days_ago=400)
    assert parsed(svg(client, "en"))["data-state"] == "expired"
    current = certificate("telavi", days_ago=20)
    assert badges.certificate_of("telavi") == current
    upcoming = certificate("telavi", days_ago=-300)  # issued ahead: the current one stays
    assert badges.certificate_of("telavi") == current
    revoked(current)
    assert badges.certificate_of("telavi") == upcoming
    assert old.pk != upcoming.pk


def test_unknown_or_uncertified_municipality_is_404(client, demo):
    assert svg(client, "en", "atlantis").status_code == 404
    assert svg(client, "en", "telavi").status_code == 404  # no certificate
    assert client.get("/ka/badge/telavi.png").status_code == 404


def test_the_png_is_a_real_png_of_the_badge(client, states):
    response = client.get(f"/ka/badge/{states['valid']}.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "Content-Disposition" not in response
    with Image.open(io.BytesIO(response.content)) as image:
        assert image.format == "PNG"
        assert image.size == (badges.WIDTH * badges.PNG_SCALE, badges.HEIGHT * badges.PNG_SCALE)
        band = image.getpixel((4, 80))
        image.load()
        assert "თელავი" in image.text["Title"]
    with Image.open(io.BytesIO(client.get(f"/ka/badge/{states['expired']}.png").content)) as grey:
        assert grey.getpixel((4, 80)) != band
        r, g, b = grey.getpixel((4, 80))[:3]
        assert r == g == b  # grey
    assert badges.credential_from_png(response.content) is None


CREDENTIAL = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "name": "სამოქალაქო ბიუჯეტის სერტიფიკატი",
    "proof": [{"type": "DataIntegrityProof", "proofValue": "z3FXQ"}],
}


@pytest.fixture
def stored_credentials(monkeypatch):
    """pbcert_wagtail.credentials.certificate.signed_credential, answering from a dict
    {certificate pk: credential} (the real module when it is there, else a stand-in)."""
    stored = {}

    def signed_credential(certificate):
        return stored.get(certificate.pk)

    try:
        from pbcert_wagtail.credentials import certificate as module
    except ModuleNotFoundError:
        package = types.ModuleType("pbcert_wagtail.credentials")
        module = types.ModuleType("pbcert_wagtail.credentials.certificate")
        package.certificate = module
        monkeypatch.setitem(sys.modules, "pbcert_wagtail.credentials", package)
        monkeypatch.setitem(sys.modules, "pbcert_wagtail.credentials.certificate", module)
    monkeypatch.setattr(module, "signed_credential", signed_credential, raising=False)
    return stored


def test_a_baked_png_carries_the_credential_and_gives_it_back(client, demo, stored_credentials):
    cert = certificate("telavi")
    code = cert.documents.get().code
    baked = f"/en/badge/telavi.png?baked={code}"
    assert client.get(baked).status_code == 404  # none signed yet
    stored_credentials[cert.pk] = CREDENTIAL
    response = client.get(baked)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert cert.number in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-cache"  # it carries recommendations
    assert badges.credential_from_png(response.content) == CREDENTIAL
    with Image.open(io.BytesIO(response.content)) as image:
        assert image.format == "PNG"
        image.load()
        assert json.loads(image.text["openbadgecredential"]) == CREDENTIAL  # others read it too
    plain = client.get("/en/badge/telavi.png")
    assert plain["ETag"] != response["ETag"] and badges.credential_from_png(plain.content) is None


def test_only_the_holder_of_the_printed_code_gets_the_credential_baked(
    client, demo, stored_credentials
):
    """The credential carries the recommendations, which the public registry does not show."""
    cert = certificate("telavi")
    other = certificate("gori")
    stored_credentials[cert.pk] = CREDENTIAL
    for guess in ("1", "", other.documents.get().code):
        assert client.get(f"/en/badge/telavi.png?baked={guess}").status_code == 404, guess
    registry = client.get(demo["registry"]["en"].url + "municipality/telavi/").text
    assert "baked=" not in registry


def test_last_years_code_bakes_last_years_certificate(client, demo, stored_credentials):
    """The verification page of an older certificate links its own baked badge, though the
    municipality's badge is now about the newer one."""
    old = certificate("telavi", days_ago=400)
    new = certificate("telavi")
    stored_credentials[old.pk] = {**CREDENTIAL, "name": "last year"}
    stored_credentials[new.pk] = CREDENTIAL
    response = client.get(f"/en/badge/telavi.png?baked={old.documents.get().code}")
    assert response.status_code == 200 and old.number in response["Content-Disposition"]
    assert badges.credential_from_png(response.content)["name"] == "last year"


def png_with(**chunks):
    """A small PNG with iTXt chunks {keyword: (text, compressed)}."""
    info = PngImagePlugin.PngInfo()
    for keyword, (text, compressed) in chunks.items():
        info.add_itxt(keyword, text, zip=compressed)
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def test_credential_from_png_reads_any_baker_and_refuses_the_rest():
    document = json.dumps(CREDENTIAL, ensure_ascii=False)
    assert badges.credential_from_png(png_with(openbadgecredential=(document, True))) == CREDENTIAL
    assert badges.credential_from_png(png_with(openbadgecredential=(document, False))) == CREDENTIAL
    assert badges.credential_from_png(png_with(other=(document, False))) is None
    assert badges.credential_from_png(png_with(openbadgecredential=("[1, 2]", False))) is None
    assert badges.credential_from_png(png_with(openbadgecredential=("{oops", False))) is None
    baked = png_with(openbadgecredential=(document, False))
    assert badges.credential_from_png(baked[: baked.index(b"iTXt") + 30]) is None  # cut short
    assert badges.credential_from_png(b"not an image") is None
    assert badges.credential_from_png(b"\x89PNG\r\n\x1a\n" + b"\0" * 20) is None
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "GIF")
    assert badges.credential_from_png(out.getvalue()) is None


def test_every_badge_string_has_georgian(client, states, demo):
    with untranslated() as missing:
        for code in states.values():
            client.get(f"/ka/badge/{code}.svg")
            client.get(f"/ka/badge/{code}.png")
            client.get(demo["registry"]["ka"].url + f"municipality/{code}/")
    assert sorted(missing) == []


def test_the_registry_page_shows_the_badge_and_the_snippet_to_copy(client, demo):
    cert = certificate("telavi")
    page = demo["registry"]["en"]
    html = soup(client.get(page.url + "municipality/telavi/"))
    shown = html.select_one(".badge-embed img")
    assert shown["src"] == "/en/badge/telavi.svg"
    assert "Telavi" in shown["alt"] and "valid until" in shown["alt"]
    assert shown.find_parent("a")["href"] == "/en/registry/telavi/"
    textarea = html.select_one("textarea#badge-embed-code")
    assert textarea.has_attr("readonly")
    assert html.select_one("label[for=badge-embed-code]").get_text(strip=True)
    snippet = BeautifulSoup(textarea.get_text(), "html.parser")
    assert snippet.a["href"] == f"{SITE}/en/registry/telavi/"
    image = snippet.a.img
    assert image["src"] == f"{SITE}/en/badge/telavi.svg"
    assert image["width"] == "240" and image["height"] == "80"
    # The copied alt stays true after a lapse: it names no state.
    assert "Telavi" in image["alt"] and "current status" in image["alt"]
    assert "valid" not in image["alt"]
    button = html.select_one("button[data-copy]")
    assert button["data-copy"] == "badge-embed-code" and button.has_attr("hidden")
    assert html.find("script", src=lambda s: s and s.endswith("copy.js"))
    assert SITE + "/en/registry/telavi/" in html.get_text()  # the permanent address shown
    assert "testserver" not in textarea.get_text()
    revoked(cert)
    lapsed = soup(client.get(page.url + "municipality/telavi/"))
    assert "revoked" in lapsed.select_one(".badge-embed img")["alt"]
    assert lapsed.select_one("textarea#badge-embed-code").get_text() == textarea.get_text()


def test_the_georgian_registry_page_speaks_georgian(client, demo):
    certificate("telavi")
    html = soup(client.get(demo["registry"]["ka"].url + "municipality/telavi/"))
    assert "მოქმედებს" in html.select_one(".badge-embed img")["alt"]
    snippet = BeautifulSoup(html.select_one("textarea#badge-embed-code").get_text(), "html.parser")
    assert snippet.img["src"] == f"{SITE}/ka/badge/telavi.svg"
    assert "თელავი" in snippet.img["alt"]


def test_queries_are_bounded(client, demo, django_assert_max_num_queries):
    for days in (0, 400, 800):
        certificate("telavi", days_ago=days)
    with django_assert_max_num_queries(3):
        assert svg(client, "en").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/en/badge/telavi.png").status_code == 200
    page = demo["registry"]["en"]
    client.get(page.url + "municipality/telavi/")
    with django_assert_max_num_queries(30):
        assert client.get(page.url + "municipality/telavi/").status_code == 200


def test_the_baked_png_carries_the_certificates_real_signed_credential(client, demo):
    """The stored credential, byte for byte in meaning, linked from the verification page
    the printed code opens."""
    from pbcert_wagtail.credentials.certificate import credential_for

    cert = certificate("telavi")
    credential = credential_for(cert)
    code = cert.documents.get().code
    page = soup(client.get(f"/ka/verify/{code}/"))
    link = page.select_one('a[href*="?baked="]')
    assert link is not None and link["href"] == f"/ka/badge/telavi.png?baked={code}"
    response = client.get(link["href"])
    assert response.status_code == 200
    assert badges.credential_from_png(response.content) == credential
