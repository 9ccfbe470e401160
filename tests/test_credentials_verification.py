"""The verification page and its signed credential: the checks a verifier makes, each
with its answer in words in both languages (passed / failed / could not be checked told
apart by more than colour); the credential as a download and for `Accept:
application/vc+ld+json` or `application/ld+json` (the old JSON answer stays); a
revocation shows red in the next request; a bounded number of queries; no key on it."""

import json

import pytest

from pbcert_wagtail.certificates import revocation
from pbcert_wagtail.credentials import keys, status
from pbcert_wagtail.credentials.certificate import credential_for, signed_credential

from . import factories, scenarios
from .conftest import soup

pytestmark = pytest.mark.django_db


@pytest.fixture
def certified(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = scenarios.certified()
    case.code = case.certificate.current_document().code
    return case


def checks_on(page):
    """{check class: (outcome word, mark)} of the page's credential checks."""
    return {
        item["class"][1].removeprefix("check--"): (
            item.select_one(".check__outcome").get_text(strip=True),
            item.select_one(".check__mark").get_text(strip=True),
        )
        for item in page.select(".checks .check")
    }


@pytest.mark.parametrize("language", ["en", "ka"])
def test_the_page_shows_each_check_passed_in_the_visitors_language(client, certified, language):
    page = soup(client.get(f"/{language}/verify/{certified.code}/"))
    items = page.select(".checks .check")
    assert len(items) == 4
    assert {item["class"][1] for item in items} == {"check--passed"}
    assert all(item.select_one(".check__mark").get_text(strip=True) == "✓" for item in items)
    if language == "en":
        outcomes = [i.select_one(".check__outcome").get_text(strip=True) for i in items]
        assert outcomes == ["Passed"] * 4
        assert page.select_one(".checks-summary").get_text(strip=True) == "Every check passed."
        assert page.select_one("#credential-heading").get_text() == "Signed credential"
    link = page.select_one(f'a[href$="/verify/{certified.code}/credential.json"]')
    assert link is not None and link.has_attr("download")


def test_the_credential_downloads_and_answers_its_media_types(client, certified):
    credential = signed_credential(certified.certificate)
    download = client.get(f"/en/verify/{certified.code}/credential.json")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/vc+ld+json"
    assert "attachment" in download["Content-Disposition"]
    assert certified.certificate.number in download["Content-Disposition"]
    assert json.loads(download.content) == credential
    for media_type in ("application/vc+ld+json", "application/ld+json"):
        answer = client.get(f"/ka/verify/{certified.code}/", HTTP_ACCEPT=media_type)
        assert answer.status_code == 200 and answer["Content-Type"] == media_type
        assert json.loads(answer.content) == credential and "Accept" in answer["Vary"]
    old = client.get(f"/en/verify/{certified.code}/", HTTP_ACCEPT="application/json")
    assert old["Content-Type"] == "application/json"
    data = json.loads(old.content)
    assert data["number"] == certified.certificate.number and data["state"] == "valid"
    assert data["credential"]["ok"] is True
    assert {c["name"]: c["outcome"] for c in data["credential"]["checks"]} == dict.fromkeys(
        ("signature", "issuer_key", "dates", "status"), "passed"
    )
    assert data["credential"]["url"].endswith(f"/verify/{certified.code}/credential.json")
    browser = client.get(
        f"/en/verify/{certified.code}/",
        HTTP_ACCEPT="text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    )
    assert browser["Content-Type"].startswith("text/html")
    refused = client.get(
        f"/en/verify/{certified.code}/", HTTP_ACCEPT="application/ld+json;q=0, text/html"
    )
    assert refused["Content-Type"].startswith("text/html")  # q=0 means "not this one"


def test_a_revocation_shows_red_in_the_next_request(client, certified):
    revocation.revoke(certified.certificate, certified.people.staff, "issued_in_error", "")
    page = soup(client.get(f"/en/verify/{certified.code}/"))
    found = checks_on(page)
    assert found["failed"] == ("Failed", "✗")
    assert found["passed"] == ("Passed", "✓")  # the signature is still good
    status_item = page.select(".checks .check")[3]
    assert "check--failed" in status_item["class"] and "Revoked" in status_item.get_text()
    summary = page.select_one(".checks-summary")
    assert "checks-summary--failed" in summary["class"]
    assert summary.get_text(strip=True) == "The credential has been revoked."
    data = json.loads(
        client.get(f"/en/verify/{certified.code}/", HTTP_ACCEPT="application/json").content
    )
    assert data["credential"]["revoked"] is True and data["state"] == "revoked"
    assert {c["name"]: c["outcome"] for c in data["credential"]["checks"]}["status"] == "failed"


def test_a_status_list_that_cannot_be_read_could_not_be_checked(client, certified, monkeypatch):
    monkeypatch.setattr(status, "fetch_for_verifier", lambda url: None)  # read at each request
    page = soup(client.get(f"/en/verify/{certified.code}/"))
    item = page.select(".checks .check")[3]
    assert "check--could_not_check" in item["class"]
    assert item.select_one(".check__outcome").get_text(strip=True) == "Could not be checked"
    assert item.select_one(".check__mark").get_text(strip=True) == "?"
    assert "not revoked" not in item.get_text().lower()
    summary = page.select_one(".checks-summary")
    assert "checks-summary--could_not_check" in summary["class"]


def test_a_certificate_not_yet_signed_says_so(client):
    made = factories.CertificateFactory()
    code = made.current_document().code
    page = client.get(f"/en/verify/{code}/").content.decode()
    assert "being prepared" in page and 'class="checks"' not in page
    download = client.get(f"/en/verify/{code}/credential.json")
    assert download.status_code == 404 and "being prepared" in download.content.decode()
    answer = client.get(f"/en/verify/{code}/", HTTP_ACCEPT="application/vc+ld+json")
    assert answer.status_code == 404 and json.loads(answer.content)["error"]


def test_the_page_makes_a_bounded_number_of_queries(
    client, certified, django_assert_max_num_queries
):
    for _ in range(3):  # more credentials in the list change nothing
        factories.CertificateFactory()
        credential_for(factories.CertificateFactory(document=False))
    client.get(f"/en/verify/{certified.code}/")  # warm Wagtail's site caches
    with django_assert_max_num_queries(16):  # the page's 13, the credential and its list
        client.get(f"/en/verify/{certified.code}/")


def test_no_key_on_the_page_or_in_the_credential(client, certified):
    private = keys.current_key().private_multibase
    responses = [
        client.get(f"/en/verify/{certified.code}/"),
        client.get(f"/en/verify/{certified.code}/credential.json"),
        client.get(f"/en/verify/{certified.code}/", HTTP_ACCEPT="application/json"),
    ]
    for response in responses:
        assert private not in response.content.decode()
        assert "privateKey" not in response.content.decode()


def test_the_credentials_own_address_answers_it(client, certified):
    credential = signed_credential(certified.certificate)
    path = credential["id"].split("://", 1)[1].split("/", 1)[1]
    answer = client.get(f"/{path}")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/vc+ld+json"
    assert json.loads(answer.content) == credential
    assert client.get("/credentials/00000000-0000-4000-8000-000000000000.json").status_code == 404
