"""manage.py verify_credential: the offline checks of a saved credential, each printed
with its result; exit status 1 when one failed or could not be made; limits on what it
reads (size, blank nodes, processing time)."""

import json
import sys
import time

import pytest
from django.core.management import CommandError, call_command
from pyld import jsonld

from pbcert_wagtail.credentials import keys, limits, proof
from tests.vc_samples import INDEX, signed_badge, status_list
from tests.vc_support import no_network  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.usefixtures("no_network"), pytest.mark.django_db]


@pytest.fixture
def files(tmp_path, client):
    """A saved credential, the site's did.json and a status list, as a verifier has them."""

    def save(name, document):
        path = tmp_path / name
        path.write_text(json.dumps(document) if not isinstance(document, str) else document)
        return str(path)

    saved = {
        "good": save("credential.json", signed_badge()),
        "did": save("did.json", client.get("/.well-known/did.json").json()),
        "list": save("status.json", status_list()),
        "revoked-list": save("revoked.json", status_list(revoked=[INDEX])),
    }
    saved["save"] = save
    return saved


def verify(*args, capsys):
    """Run the command; its exit status and what it printed."""
    status = 0
    try:
        call_command("verify_credential", *args, "--language", "en", "--date", "2027-06-01")
    except SystemExit as exit:
        status = exit.code
    except CommandError as error:
        status = 1
        print(error, file=sys.stderr)
    out, err = capsys.readouterr()
    return status, out, err


def test_a_good_credential_with_its_status_list_passes(files, capsys):
    status, out, err = verify(
        files["good"], "--did-document", files["did"], "--status-list", files["list"], capsys=capsys
    )
    assert status == 0, out + err
    for line in ["Signature: passed", "Issuer key: passed", "Dates: passed"]:
        assert line in out
    assert "Revocation status: passed — Not revoked" in out
    assert "All checks passed." in out


def test_without_a_status_list_the_status_could_not_be_checked_offline(files, capsys):
    status, out, err = verify(files["good"], "--did-document", files["did"], capsys=capsys)
    assert status == 1
    assert "Signature: passed" in out
    assert "Revocation status: could not be checked — No status list was given (offline)" in out
    assert "Could not be checked: Revocation status." in err
    assert "Failed" not in err


def test_a_revoked_credential_fails_its_status(files, capsys):
    status, out, err = verify(
        files["good"],
        "--did-document",
        files["did"],
        "--status-list",
        files["revoked-list"],
        capsys=capsys,
    )
    assert status == 1
    assert "Revocation status: failed — Revoked" in out
    assert "Failed: Revocation status." in err


def test_a_tampered_credential_fails_its_signature(files, capsys):
    tampered = signed_badge()
    tampered["validUntil"] = "2099-12-31T23:59:59+04:00"
    path = files["save"]("tampered.json", tampered)
    status, out, err = verify(
        path, "--did-document", files["did"], "--status-list", files["list"], capsys=capsys
    )
    assert status == 1
    assert "Signature: failed" in out
    assert "Failed: Signature." in err


def test_a_public_key_given_on_the_command_line(files, capsys):
    key = keys.current_key()
    status, out, err = verify(
        files["good"],
        "--public-key",
        f"{key.id}={key.public_multibase}",
        "--status-list",
        files["list"],
        capsys=capsys,
    )
    assert status == 0, out + err


def test_an_unknown_key(files, capsys):
    stranger = keys.SigningKey.generate("did:web:testserver")
    path = files["save"]("stranger.json", signed_badge(key=stranger))
    status, out, err = verify(path, "--did-document", files["did"], capsys=capsys)
    assert status == 1
    assert "Signature: could not be checked" in out
    assert "Issuer key: failed" in out
    assert "Failed: Issuer key." in err


def test_a_key_listed_but_not_for_assertions_is_not_used(files, capsys):
    document = json.loads(open(files["did"]).read())
    document["assertionMethod"] = []
    path = files["save"]("did-no-assertion.json", document)
    status, out, err = verify(files["good"], "--did-document", path, capsys=capsys)
    assert status == 1 and "Issuer key: failed" in out


def test_a_file_over_the_size_limit_is_refused_unread(files, capsys, settings):
    settings.PBCERT = {**settings.PBCERT, "VERIFY_MAX_BYTES": 500}
    status, out, err = verify(files["good"], "--did-document", files["did"], capsys=capsys)
    assert status == 1
    assert "at most 500 are read" in err


def test_too_many_blank_nodes_are_refused(files, capsys, settings):
    settings.PBCERT = {**settings.PBCERT, "VERIFY_MAX_BLANK_NODES": 10}
    credential = signed_badge()
    credential["credentialSubject"]["https://example.org/note"] = [
        {"https://example.org/n": i} for i in range(50)
    ]
    path = files["save"]("blank.json", credential)
    status, out, err = verify(path, "--did-document", files["did"], capsys=capsys)
    assert status == 1
    assert "blank nodes; at most 10" in err
    assert "Signature" not in out


def clique(size):
    """Blank nodes all linked to each other: canonicalisation takes factorial time."""
    knows = "https://example.org/knows"
    return [
        {"@id": f"_:b{i}", knows: [{"@id": f"_:b{j}"} for j in range(size) if j != i]}
        for i in range(size)
    ]


def test_a_slow_graph_stops_at_the_time_limit(files, capsys, settings):
    settings.PBCERT = {**settings.PBCERT, "VERIFY_TIMEOUT_SECONDS": 0.5}
    credential = signed_badge()
    credential["credentialSubject"]["https://example.org/knows"] = clique(8)
    path = files["save"]("slow.json", credential)
    started = time.monotonic()
    status, out, err = verify(path, "--did-document", files["did"], capsys=capsys)
    assert time.monotonic() - started < 10
    assert status == 1
    assert "longer than 0.5 seconds" in err


def test_canonicalise_limits_arbitrary_input():
    document = {"@graph": clique(8)}
    with pytest.raises(limits.LimitExceeded, match="longer than"):
        limits.canonicalise(document, max_bytes=10**6, max_blank_nodes=100, timeout_seconds=0.3)
    with pytest.raises(limits.LimitExceeded, match="blank nodes"):
        limits.canonicalise(document, max_bytes=10**6, max_blank_nodes=5, timeout_seconds=5)
    with pytest.raises(limits.LimitExceeded, match="bytes"):
        limits.canonicalise(document, max_bytes=100, max_blank_nodes=100, timeout_seconds=5)
    small = {"@graph": clique(3)}
    assert limits.canonicalise(small, max_bytes=10**6, max_blank_nodes=100, timeout_seconds=5)
    assert limits.blank_nodes([{"@id": "_:a"}, {"@value": 1}, {"http://x/p": [{}]}]) == 3


def test_not_json_and_unknown_contexts_are_clear_errors(files, capsys):
    path = files["save"]("junk.json", "{not json")
    status, out, err = verify(path, "--did-document", files["did"], capsys=capsys)
    assert status == 1 and "not JSON" in err
    other = signed_badge()
    other["@context"].append("https://attacker.example/context.jsonld")
    path = files["save"]("context.json", other)
    status, out, err = verify(path, "--did-document", files["did"], capsys=capsys)
    assert status == 1 and "offline" in err


def test_a_credential_the_signer_would_refuse_is_reported_not_crashed(files, capsys):
    credential = proof.sign(
        {k: v for k, v in signed_badge().items() if k != "proof"}, keys.current_key()
    )
    credential["unsignedNote"] = "added"
    path = files["save"]("note.json", credential)
    status, out, err = verify(path, "--did-document", files["did"], capsys=capsys)
    assert status == 1 and "unsignedNote" in out


def test_content_the_signature_does_not_cover_fails_the_signature(files, capsys):
    credential = signed_badge()
    credential["@comment"] = "FAKE"
    credential["credentialSubject"]["@note"] = "FAKE"
    credential["evidence"] = [
        {"id": "urn:x y", "type": ["Evidence"], "narrative": "FAKE recommendation"}
    ]
    path = files["save"]("unsigned-content.json", credential)
    status, out, err = verify(
        path, "--did-document", files["did"], "--status-list", files["list"], capsys=capsys
    )
    assert status == 1
    assert "Signature: failed" in out and "evidence.narrative" in out
    assert "Failed: Signature." in err


def test_a_retired_key_s_date_in_did_json_is_applied_offline(files, capsys, client, settings):
    from datetime import datetime

    from tests.vc_samples import open_badge

    retired = keys.SigningKey.generate("did:web:testserver")
    entry = {"id": retired.id, "publicKeyMultibase": retired.public_multibase}
    settings.PBCERT = {**settings.PBCERT, "RETIRED_ISSUER_KEYS": [{**entry, "retired_at": "2027-03-01"}]}  # fmt: skip
    did = files["save"]("did-retired.json", client.get("/.well-known/did.json").json())
    before = datetime.fromisoformat("2027-02-01T10:00:00+04:00")
    after = datetime.fromisoformat("2027-04-01T10:00:00+04:00")
    for created, expected in [(before, "Issuer key: passed"), (after, "Issuer key: failed")]:
        path = files["save"]("old.json", proof.sign(open_badge(), retired, created=created))
        status, out, err = verify(path, "--did-document", did, "--status-list", files["list"], capsys=capsys)  # fmt: skip
        assert expected in out, out
    assert "was retired on" in out and status == 1


def test_max_list_age_turns_an_old_status_list_into_could_not_be_checked(files, capsys):
    args = [files["good"], "--did-document", files["did"], "--status-list", files["list"]]
    status, out, err = verify(*args, "--max-list-age", "365", capsys=capsys)
    assert status == 0 and "Not revoked, according to the issuer's status list as of" in out
    status, out, err = verify(*args, "--max-list-age", "30", capsys=capsys)  # of 1 January
    assert status == 1
    assert "Revocation status: could not be checked — The status list is of" in out
    assert "older than the 30 days allowed" in out
    assert "Could not be checked: Revocation status." in err


def test_the_time_limit_is_not_swallowed_by_pyld(monkeypatch):
    """PyLD wraps any Exception raised while it loads a context into a JsonLdError: the
    alarm must get through as the time limit, not as "cannot be processed offline"."""
    from pbcert_wagtail.credentials import loader

    def slow_loader(url, options=None):
        time.sleep(2)
        raise AssertionError("not reached")

    monkeypatch.setattr(loader, "document_loader", slow_loader)
    document = {"@context": "https://example.org/slow-context", "name": "x"}
    started = time.monotonic()
    with pytest.raises(limits.LimitExceeded, match="longer than 0.2 seconds"):
        with limits.time_limit(0.2):
            jsonld.expand(document, loader.options())
    assert time.monotonic() - started < 1.5
