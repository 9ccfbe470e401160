"""The verifier's checks: a good credential passes all four; a change to any signed value,
an unknown key, dates outside the validity, a revoked bit each fail their own check; a
status list that cannot be fetched or trusted is "could not be checked", never "not revoked"."""

import copy
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from pbcert_wagtail.credentials import keys, verify
from tests.vc_samples import INDEX, LIST_URL, signed_badge, status_list
from tests.vc_support import no_network  # noqa: F401  (a fixture)

pytestmark = pytest.mark.usefixtures("no_network")

IN_2027 = date(2027, 6, 1)


@pytest.fixture(autouse=True)
def english():
    """The details are read in English here (their Georgian: scripts/ka_strings_vc.py)."""
    with translation.override("en"):
        yield


def run(credential, lists=None, **kwargs):
    lists = {LIST_URL: status_list()} if lists is None else lists
    kwargs.setdefault("today", IN_2027)
    return verify.verify_credential(credential, fetch_status_list=lists.get, **kwargs)


def outcomes(report):
    return {check.name: check.outcome for check in report.checks}


def test_a_good_credential_passes_every_check_in_order():
    report = run(signed_badge())
    assert [check.name for check in report.checks] == ["signature", "issuer_key", "dates", "status"]
    assert set(outcomes(report).values()) == {"passed"}
    assert report.ok and not report.revoked


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c.update(name="PB certified 2030"),
        lambda c: c.update(validUntil="2099-12-31T23:59:59+04:00"),
        lambda c: c["credentialSubject"].update(id="https://testserver/ka/registry/kutaisi/"),
        lambda c: c["credentialSubject"]["achievement"]["criteria"].update(narrative="Other."),
        lambda c: c["credentialStatus"].update(statusListIndex="1"),
        lambda c: c["issuer"].update(name="Someone else"),
    ],
)
def test_changing_a_signed_value_fails_the_signature(change):
    credential = signed_badge()
    change(credential)
    report = run(credential)
    assert report["signature"].outcome == "failed"
    assert not report.ok


def test_a_field_added_after_signing_fails_the_signature():
    credential = signed_badge()
    credential["recommendations"] = "Added later: not covered by the signature"
    report = run(credential)
    assert report["signature"].outcome == "failed"
    assert "recommendations" in str(report["signature"].detail)


def test_an_unknown_key_is_not_the_issuer_s():
    stranger = keys.SigningKey.generate("did:web:testserver")
    report = run(signed_badge(key=stranger))
    assert outcomes(report)["signature"] == "could_not_check"
    assert outcomes(report)["issuer_key"] == "failed"


def test_a_key_of_another_did_does_not_vouch_for_the_issuer():
    other = keys.SigningKey.generate("did:web:elsewhere.example")
    report = run(signed_badge(key=other), public_keys={other.id: other.public_multibase})
    assert outcomes(report)["signature"] == "passed"
    assert outcomes(report)["issuer_key"] == "failed"
    assert "does not belong" in str(report["issuer_key"].detail)


def test_a_retired_key_still_verifies(settings):
    retired = keys.SigningKey.generate("did:web:testserver")
    credential = signed_badge(key=retired)
    settings.PBCERT = {
        **settings.PBCERT,
        "RETIRED_ISSUER_KEYS": [{"id": retired.id, "publicKeyMultibase": retired.public_multibase}],
    }
    assert run(credential).ok


@pytest.mark.parametrize(
    "today, word",
    [
        (date(2026, 12, 31), "Not yet valid"),
        (date(2028, 1, 1), "Expired"),
        (datetime(2027, 12, 31, 23, 59, tzinfo=ZoneInfo("Asia/Tbilisi")), None),
        (datetime(2027, 1, 1, 0, 0, tzinfo=ZoneInfo("Asia/Tbilisi")), None),
    ],
)
def test_dates(today, word):
    check = run(signed_badge(), today=today)["dates"]
    if word:
        assert check.outcome == "failed" and word in str(check.detail)
    else:
        assert check.outcome == "passed"


def test_a_revoked_bit_fails_the_status_and_says_revoked():
    report = run(signed_badge(), lists={LIST_URL: status_list(revoked=[INDEX])})
    assert report.revoked and not report.ok
    assert report["status"].outcome == "failed"
    assert "Revoked" in str(report["status"].detail)
    # Another credential's bit is not this one's.
    assert not run(signed_badge(), lists={LIST_URL: status_list(revoked=[INDEX + 1])}).revoked


def failing_fetch(url):
    raise ConnectionError("offline")


def forged_list():
    forged = status_list()
    forged["credentialSubject"]["encodedList"] = status_list(revoked=[1])["credentialSubject"][
        "encodedList"
    ]
    return forged


@pytest.mark.parametrize(
    "fetch",
    [
        None,
        failing_fetch,
        lambda url: None,
        lambda url: {"not": "a list"},
        lambda url: status_list(url="https://testserver/credentials/status/2"),
        lambda url: status_list(key=keys.SigningKey.generate("did:web:testserver")),
        lambda url: status_list(
            issuer="did:web:elsewhere",
            key=keys.SigningKey.generate("did:web:elsewhere"),
        ),
        lambda url: forged_list(),
    ],
    ids=["none", "raises", "empty", "junk", "other-list", "unknown-key", "other-issuer", "forged"],
)
def test_a_status_list_that_cannot_be_trusted_could_not_be_checked(fetch):
    report = verify.verify_credential(signed_badge(), fetch_status_list=fetch, today=IN_2027)
    assert report["status"].outcome == "could_not_check"
    assert not report.revoked and not report.ok
    assert "Not revoked" not in str(report["status"].detail)


def test_a_credential_without_a_status_entry_could_not_be_checked():
    credential = signed_badge()
    unsigned = {k: v for k, v in credential.items() if k not in ("proof", "credentialStatus")}
    from pbcert_wagtail.credentials import proof

    report = run(proof.sign(unsigned, keys.current_key()))
    assert report["status"].outcome == "could_not_check"
    assert outcomes(report)["signature"] == "passed"


def test_no_proof_at_all():
    credential = signed_badge()
    del credential["proof"]
    report = run(credential)
    assert outcomes(report)["signature"] == "failed"
    assert outcomes(report)["issuer_key"] == "failed"


def test_the_details_are_translated_when_shown_not_when_checked():
    """A report made in one request renders in the language of the page that shows it."""
    from django.utils.functional import Promise

    report = run(copy.deepcopy(signed_badge()), today=date(2028, 1, 1))
    for check in report.checks:
        assert isinstance(check.detail, Promise)
        assert isinstance(check.label, Promise)
    assert str(report["dates"].label) == "Dates"
    assert str(report["dates"].outcome_label) == "failed"
    assert str(report["dates"].detail) == "Expired: valid until 31 December 2027."
    with translation.override("ka"):
        assert str(report["dates"].detail) == "ვადაგასულია: მოქმედებდა 2027 წლის 31 დეკემბრამდე."


def test_content_outside_the_signature_fails_it_naming_the_keys():
    """Keys JSON-LD ignores ("@…") and a node whose id is not an IRI (RDF drops it) are
    not signed: a verifier must not report them as signed."""
    credential = signed_badge()
    credential["@comment"] = "FAKE"
    credential["credentialSubject"]["@note"] = "FAKE"
    credential["evidence"] = [
        {"id": "urn:x y", "type": ["Evidence"], "narrative": "FAKE recommendation"}
    ]
    check = run(credential)["signature"]
    assert check.outcome == "failed"
    for key in ["@comment", "credentialSubject.@note", "evidence.narrative"]:
        assert key in str(check.detail)


def test_a_key_added_to_the_proof_fails_the_signature():
    credential = signed_badge()
    credential["proof"]["note"] = "x"
    check = run(credential)["signature"]
    assert check.outcome == "failed"
    assert "proof.note" in str(check.detail)


def retired_setting(key, retired_at):
    return {"id": key.id, "publicKeyMultibase": key.public_multibase, "retired_at": retired_at}


@pytest.mark.parametrize(
    "created, retired_at, ok",
    [
        ("2027-02-01T10:00:00+04:00", "2027-03-01", True),
        ("2027-03-01T23:00:00+04:00", "2027-03-01", True),  # that day still counts
        ("2027-03-02T00:00:01+04:00", "2027-03-01", False),
        ("2027-03-01T12:00:00+04:00", "2027-03-01T11:00:00+04:00", False),
        ("2027-05-01T12:00:00+04:00", None, True),
    ],
)
def test_a_retired_key_verifies_only_what_it_signed_before_it_was_retired(
    settings, created, retired_at, ok
):
    from pbcert_wagtail.credentials import proof
    from tests.vc_samples import open_badge

    retired = keys.SigningKey.generate("did:web:testserver")
    credential = proof.sign(open_badge(), retired, created=datetime.fromisoformat(created))
    settings.PBCERT = {
        **settings.PBCERT,
        "RETIRED_ISSUER_KEYS": [retired_setting(retired, retired_at)],
    }
    report = run(credential)
    assert report["signature"].outcome == "passed"
    assert report["issuer_key"].outcome == ("passed" if ok else "failed")
    if not ok:
        assert "was retired on" in str(report["issuer_key"].detail)


def with_proof_options(**changes):
    """The sample badge signed with proof options of our choosing (a valid signature)."""
    from pbcert_wagtail.credentials import multibase, proof
    from tests.vc_samples import open_badge

    document, key = open_badge(), keys.current_key()
    options = {
        "type": proof.PROOF_TYPE,
        "cryptosuite": proof.CRYPTOSUITE,
        "created": "2027-01-02T10:00:00Z",
        "verificationMethod": key.id,
        "proofPurpose": proof.PURPOSE,
        **changes,
    }
    options = {k: v for k, v in options.items() if v is not None}
    signature = key.sign(proof._hash_data(document, options))
    return {**document, "proof": {**options, "proofValue": multibase.encode(signature)}}


@pytest.mark.parametrize(
    "created", [None, "yesterday", "2027-01-02", "2027-01-02T10:00:00", "2027-02-30T10:00:00Z"]
)
def test_a_proof_without_a_valid_creation_time_fails_the_signature(created):
    assert run(with_proof_options())["signature"].outcome == "passed"
    check = run(with_proof_options(created=created))["signature"]
    assert check.outcome == "failed"
    assert "creation time" in str(check.detail)


def test_not_revoked_says_as_of_when_the_status_list_was_made():
    check = run(signed_badge())["status"]
    assert check.outcome == "passed"
    assert str(check.detail) == (
        "Not revoked, according to the issuer's status list as of 1 January 2027."
    )


@pytest.mark.parametrize("days, outcome", [(30, "could_not_check"), (365, "passed")])
def test_a_status_list_older_than_the_age_allowed_could_not_be_checked(days, outcome):
    check = run(signed_badge(), max_list_age=days)["status"]  # the list is of 1 January
    assert check.outcome == outcome
    if outcome == "could_not_check":
        assert "older than the 30 days allowed" in str(check.detail)
        assert "Jan. 1, 2027" in str(check.detail)
