"""The credential signer: reproduces the W3C eddsa-rdfc-2022 vector exactly, never touches
the network, refuses keys no context defines, and any change to a signed value breaks it."""

import copy
import hashlib
from datetime import datetime

import pytest
from pyld import jsonld

from pbcert_wagtail.credentials import keys, loader, multibase, proof
from tests.vc_samples import open_badge
from tests.vc_support import no_network, vector  # noqa: F401  (no_network: a fixture)

# Every test here runs with the network cut off: any socket attempt fails the test.
pytestmark = pytest.mark.usefixtures("no_network")

PUBLIC = vector("keyPair.json")["publicKeyMultibase"]
CREATED = datetime.fromisoformat("2023-02-24T23:36:38Z")


def w3c_key():
    pair = vector("keyPair.json")
    return keys.SigningKey.from_multibase(pair["privateKeyMultibase"], f"did:key:{PUBLIC}")


def test_multikey_round_trip_of_the_w3c_key_pair():
    pair = vector("keyPair.json")
    key = w3c_key()
    assert key.public_multibase == pair["publicKeyMultibase"]
    assert key.private_multibase == pair["privateKeyMultibase"]
    assert multibase.encode(multibase.decode("z1112ab")) == "z1112ab"  # leading zeros kept
    with pytest.raises(multibase.MultibaseError):
        multibase.decode_public_key(pair["privateKeyMultibase"])  # wrong prefix


def test_canonical_forms_and_hashes_match_the_w3c_vector():
    unsigned = vector("unsigned.json")
    config = vector("proofConfigDataInt.json")
    assert proof.canonical(unsigned).strip() == vector("canonDocDataInt.txt")
    assert proof.canonical(config).strip() == vector("proofCanonDataInt.txt")
    assert hashlib.sha256(proof.canonical(unsigned).encode()).hexdigest() == vector(
        "docHashDataInt.txt"
    )


def test_signing_the_w3c_vector_gives_the_w3c_signed_document_exactly():
    signed = proof.sign(vector("unsigned.json"), w3c_key(), created=CREATED)
    assert signed == vector("signedDataInt.json")
    assert signed["proof"]["proofValue"] == vector("sigBTC58DataInt.txt")
    assert multibase.decode(signed["proof"]["proofValue"]).hex() == vector("sigHexDataInt.txt")


def test_the_w3c_signed_document_verifies():
    assert proof.verify_proof(vector("signedDataInt.json"), PUBLIC)


def test_sign_does_not_change_its_argument():
    unsigned = vector("unsigned.json")
    before = copy.deepcopy(unsigned)
    proof.sign(unsigned, w3c_key(), created=CREATED)
    assert unsigned == before


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(name="Alumni Credential (forged)"),
        lambda d: d.update(validFrom="2022-01-01T00:00:00Z"),
        lambda d: d.update(issuer="https://vc.example/issuers/9999"),
        lambda d: d["credentialSubject"].update(id="did:example:someone-else"),
        lambda d: d["credentialSubject"].update(alumniOf="Another School"),
        lambda d: d["type"].append("ExtraCredential"),
        lambda d: d["proof"].update(created="2024-01-01T00:00:00Z"),
        lambda d: d["proof"].update(verificationMethod="did:key:zOther#zOther"),
    ],
)
def test_changing_any_signed_value_breaks_verification(change):
    tampered = vector("signedDataInt.json")
    change(tampered)
    assert not proof.verify_proof(tampered, PUBLIC)


def test_a_proof_from_another_key_does_not_verify():
    other = keys.SigningKey.generate("did:web:elsewhere")
    signed = proof.sign(vector("unsigned.json"), other, created=CREATED)
    assert proof.verify_proof(signed, other.public_multibase)
    assert not proof.verify_proof(signed, PUBLIC)
    assert "signature" in proof.proof_problem(signed, PUBLIC)


def test_an_open_badge_with_only_defined_terms_signs_and_verifies():
    key = keys.SigningKey.generate("did:web:testserver")
    signed = proof.sign(open_badge(), key)
    assert signed["proof"]["verificationMethod"] == key.id
    assert proof.verify_proof(signed, key.public_multibase)


def test_a_key_no_context_defines_is_refused_before_signing():
    document = open_badge(recommendations="Publish the votes")
    document["credentialSubject"]["achievement"]["score"] = 87
    signed_calls = []

    class Key:
        id = "did:web:testserver#k"

        def sign(self, data):
            signed_calls.append(data)
            return b"\0" * 64

    with pytest.raises(proof.UndefinedTerms) as refused:
        proof.sign(document, Key())
    assert refused.value.keys == ["credentialSubject.achievement.score", "recommendations"]
    assert "recommendations" in str(refused.value)
    assert not signed_calls


def test_an_undefined_key_would_not_have_been_signed():
    """Why the refusal matters: the dropped key is outside the signature."""
    key = keys.SigningKey.generate("did:web:testserver")
    signed = proof.sign(open_badge(), key)
    signed["recommendations"] = "added after signing"
    assert proof.verify_proof(signed, key.public_multibase)  # JSON-LD ignores it
    assert proof.lost_keys({k: v for k, v in signed.items() if k != "proof"}) == ["recommendations"]


def test_a_null_value_is_refused_too():
    with pytest.raises(proof.UndefinedTerms) as refused:
        proof.sign(open_badge(description=None), keys.SigningKey.generate("did:web:x"))
    assert refused.value.keys == ["description"]


def test_the_loader_knows_only_the_pinned_contexts_and_never_opens_a_socket():
    for url in loader.PINNED:
        assert loader.document_loader(url)["document"]["@context"]
    for url in [
        "https://example.org/context.jsonld",
        "http://127.0.0.1:8000/admin/",
        "file:///etc/passwd",
        "https://www.w3.org/ns/credentials/v2/",  # not the pinned URL
    ]:
        with pytest.raises(jsonld.JsonLdError):
            loader.document_loader(url)
    hostile = open_badge()
    hostile["@context"].append("https://attacker.example/context.jsonld")
    with pytest.raises(jsonld.JsonLdError):
        proof.sign(hostile, keys.SigningKey.generate("did:web:x"))
    assert not proof.verify_proof({**vector("signedDataInt.json"), **hostile}, PUBLIC)


def test_the_guard_would_catch_pyld_s_default_loader(request):
    """PyLD's own loader goes to the network: with it, the no_network guard trips."""
    attempts = request.getfixturevalue("no_network")
    default = jsonld.get_document_loader()
    with pytest.raises(jsonld.JsonLdError):
        default("https://attacker.example/context.jsonld", {})
    assert attempts, "PyLD's default loader did not try the network"
    attempts.clear()


def test_a_tampered_pinned_context_is_refused(monkeypatch, tmp_path):
    for name, _ in loader.PINNED.values():
        (tmp_path / name).write_bytes((loader.CONTEXTS_DIR / name).read_bytes())
    (tmp_path / "examples-v2.jsonld").write_text('{"@context": {"@vocab": "https://evil/"}}')
    monkeypatch.setattr(loader, "CONTEXTS_DIR", tmp_path)
    loader._pinned_document.cache_clear()
    try:
        with pytest.raises(loader.ContextTampered):
            loader.document_loader("https://www.w3.org/ns/credentials/examples/v2")
    finally:
        loader._pinned_document.cache_clear()


def test_a_context_pyld_cached_from_elsewhere_is_not_used(monkeypatch):
    """Other code may fill PyLD's shared context cache (by URL, for a document its loader
    tags "static") with another loader: our calls resolve contexts through their own
    cache, from the pinned files."""
    evil = {"@context": {"@vocab": "https://evil.example/#"}}

    def other_loader(url, options=None):
        document = evil if "examples" in url else loader.document_loader(url)["document"]
        return {"contentType": "application/ld+json", "contextUrl": None,
                "documentUrl": url, "document": document, "tag": "static"}  # fmt: skip

    unsigned = vector("unsigned.json")
    try:
        poisoned = jsonld.normalize(
            unsigned,
            {"documentLoader": other_loader, "algorithm": "URDNA2015",
             "format": "application/n-quads"},
        )  # fmt: skip
        assert "evil.example" in poisoned
        assert proof.canonical(unsigned).strip() == vector("canonDocDataInt.txt")
    finally:
        jsonld._resolved_context_cache.clear()


@pytest.mark.parametrize(
    "extra, lost",
    [
        ({"@comment": "FAKE"}, ["@comment"]),
        # The id is not an IRI: RDF drops the node and the link to it, so none of it is signed.
        (
            {"evidence": [{"id": "urn:x y", "type": ["Evidence"], "narrative": "FAKE"}]},
            ["evidence", "evidence.id", "evidence.narrative", "evidence.type"],
        ),
        ({"related": [{"id": "http://exa mple/", "type": ["Related"]}]}, ["related"]),
    ],
    ids=["unknown-keyword", "id-with-a-space", "host-with-a-space"],
)
def test_content_canonicalisation_drops_is_refused_before_signing(extra, lost):
    with pytest.raises(proof.UndefinedTerms) as refused:
        proof.sign(open_badge(**extra), keys.SigningKey.generate("did:web:testserver"))
    assert set(lost) <= set(refused.value.keys)


def test_content_rdf_keeps_signs_blank_nodes_lists_and_good_iris_included():
    """No false alarm: blank nodes, an @list container (OB allowedValue), node references."""
    document = open_badge(
        evidence=[
            {"id": "https://testserver/ka/registry/batumi/#assessment", "type": ["Evidence"],
             "narrative": "Assessed."},
            {"type": ["Evidence"], "narrative": "Recommendation: publish the votes."},
        ]
    )  # fmt: skip
    document["credentialSubject"]["achievement"]["resultDescription"] = [
        {"id": "urn:uuid:1b1f0c52-63a5-4a0c-9e07-3f3b0d6c2a11", "type": ["ResultDescription"],
         "name": "Level", "resultType": "RubricCriterionLevel",
         "allowedValue": ["basic", "good", "exemplary"]}
    ]  # fmt: skip
    key = keys.SigningKey.generate("did:web:testserver")
    signed = proof.sign(document, key)
    assert proof.verify_proof(signed, key.public_multibase)
    assert proof.unsigned_keys(signed) == []


def test_a_list_item_rdf_drops_is_refused():
    document = open_badge()
    document["credentialSubject"]["achievement"]["resultDescription"] = [
        {"id": "urn:uuid:1b1f0c52-63a5-4a0c-9e07-3f3b0d6c2a11", "type": ["ResultDescription"],
         "name": "Level", "resultType": "RubricCriterionLevel",
         "allowedValue": [{"id": "urn:x y"}, "good"]}
    ]  # fmt: skip
    with pytest.raises(proof.UndefinedTerms) as refused:
        proof.sign(document, keys.SigningKey.generate("did:web:testserver"))
    assert any("allowedValue" in key for key in refused.value.keys), refused.value.keys


def test_a_proof_key_outside_the_proof_options_is_refused():
    key = keys.SigningKey.generate("did:web:testserver")
    signed = proof.sign(open_badge(), key)
    signed["proof"]["note"] = "not covered by the signature"
    assert not proof.verify_proof(signed, key.public_multibase)
    assert "note" in proof.proof_problem(signed, key.public_multibase)
    assert proof.unsigned_keys(signed) == ["proof.note"]


def test_the_context_cache_is_shared_by_threads_under_a_lock():
    """A web server's threads share the resolved-context cache; an LRUCache reorders
    itself even on a read, so each access waits for the lock."""
    import threading

    cache = loader._resolved
    results = []

    def canonicalise():
        results.append(proof.canonical(open_badge()))

    with cache.lock:
        worker = threading.Thread(target=canonicalise)
        worker.start()
        worker.join(timeout=0.3)
        assert worker.is_alive(), "the cache was used without its lock"
    worker.join(timeout=10)
    assert results and results[0] == proof.canonical(open_badge())
    threads = [threading.Thread(target=canonicalise) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == 7 and len(set(results)) == 1
