"""The Data Integrity proof of a credential: `DataIntegrityProof` with the
`eddsa-rdfc-2022` cryptosuite (W3C vc-di-eddsa), Ed25519 over RDF canonicalisation.

hashData = SHA-256(RDFC-1.0(proof options + the document's @context))
        || SHA-256(RDFC-1.0(document without its proof))
proofValue = "z" + base58btc(Ed25519 signature of hashData)

JSON-LD silently drops keys that no context defines, and RDF statements it has no place
for — such content would not be signed and could be changed without breaking the
signature — so `sign` refuses a document with any (`UndefinedTerms`, see `coverage`), and
`unsigned_keys` names them for a verifier.
"""

import copy
import hashlib
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pyld import jsonld

from . import loader, multibase
from .coverage import lost_keys

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PURPOSE = "assertionMethod"

# The proof options a DataIntegrityProof defines (vc-data-integrity); all but proofValue
# are hashed with the document. Any other key would not be signed: a proof with one is
# refused.
PROOF_KEYS = {
    "@context", "id", "type", "cryptosuite", "created", "expires", "verificationMethod",
    "proofPurpose", "domain", "challenge", "nonce", "previousProof", "proofValue",
}  # fmt: skip


class UndefinedTerms(ValueError):
    """The document has keys no context defines: they would not be signed."""

    def __init__(self, keys):
        self.keys = sorted(keys)
        super().__init__("Keys that no JSON-LD context defines: " + ", ".join(self.keys))


class ProofError(ValueError):
    """Why a proof does not verify (a human-readable reason, in English, for logs)."""


def canonical(document) -> str:
    """RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD document, offline."""
    return jsonld.normalize(
        document, loader.options(algorithm="URDNA2015", format="application/n-quads")
    )


def check_defined(document):
    """Raise UndefinedTerms unless every key of `document` survives expand/compact."""
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    lost = lost_keys(unsigned)
    if lost:
        raise UndefinedTerms(lost)


def unsigned_keys(document: dict) -> list[str]:
    """What a signed document carries that its signature does not cover (dotted paths):
    keys of the document, and of its proof (unknown proof keys, or values the proof
    options lose in canonicalisation). Raises JsonLdError for an unknown context."""
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    lost = lost_keys(unsecured)
    signature = document.get("proof")
    if isinstance(signature, dict):
        extra = sorted(set(signature) - PROOF_KEYS)
        lost += [f"proof.{key}" for key in extra]
        options = {
            k: v for k, v in signature.items() if k in PROOF_KEYS - {"proofValue", "@context"}
        }
        if "@context" in unsecured:
            config = {**options, "@context": unsecured["@context"]}
            lost += [f"proof.{key}" for key in lost_keys(config)]
    return lost


def _timestamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("created must be timezone-aware")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hash_data(unsecured: dict, proof_options: dict) -> bytes:
    proof_config = {**proof_options, "@context": unsecured["@context"]}
    proof_hash = hashlib.sha256(canonical(proof_config).encode()).digest()
    document_hash = hashlib.sha256(canonical(unsecured).encode()).digest()
    return proof_hash + document_hash


def sign(document: dict, key, created: datetime | None = None) -> dict:
    """A copy of `document` with a DataIntegrityProof (eddsa-rdfc-2022) made with `key`
    (a keys.SigningKey). Refuses a document with an undefined key or a proof already."""
    if "proof" in document:
        raise ValueError("The document already has a proof.")
    if "@context" not in document:
        raise ValueError("The document has no @context.")
    unsecured = copy.deepcopy(document)
    check_defined(unsecured)
    proof_options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": _timestamp(created or datetime.now(UTC)),
        "verificationMethod": key.id,
        "proofPurpose": PURPOSE,
    }
    lost = lost_keys({**proof_options, "@context": unsecured["@context"]})
    if lost:
        raise UndefinedTerms(f"proof.{path}" for path in lost)
    signature = key.sign(_hash_data(unsecured, proof_options))
    signed = copy.deepcopy(document)
    signed["proof"] = {**proof_options, "proofValue": multibase.encode(signature)}
    return signed


def proof_problem(document: dict, public_key_multibase: str) -> str | None:
    """None if the document's proof verifies with the public key, else why not."""
    try:
        _verify(document, public_key_multibase)
    except ProofError as error:
        return str(error)
    except jsonld.JsonLdError as error:
        return f"The document cannot be processed as JSON-LD offline: {error.args[0]}"
    return None


def verify_proof(document: dict, public_key_multibase: str) -> bool:
    """True if the document's eddsa-rdfc-2022 proof verifies with the public key."""
    return proof_problem(document, public_key_multibase) is None


def _verify(document, public_key_multibase):
    if not isinstance(document, dict) or not isinstance(document.get("proof"), dict):
        raise ProofError("The document has no proof.")
    proof = document["proof"]
    extra = sorted(set(proof) - PROOF_KEYS)
    if extra:
        raise ProofError("The proof has keys its signature does not cover: " + ", ".join(extra))
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError(f"The proof is not a {PROOF_TYPE} with {CRYPTOSUITE}.")
    if proof.get("proofPurpose") != PURPOSE:
        raise ProofError(f"The proof's purpose is not {PURPOSE}.")
    value = proof.get("proofValue")
    try:
        signature = multibase.decode(value)
        public_key = Ed25519PublicKey.from_public_bytes(
            multibase.decode_public_key(public_key_multibase)
        )
    except (multibase.MultibaseError, ValueError) as error:
        raise ProofError(f"Malformed key or proof value: {error}") from None
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    if "@context" not in unsecured:
        raise ProofError("The document has no @context.")
    proof_options = {k: v for k, v in proof.items() if k != "proofValue"}
    if "@context" in proof_options:
        # The proof's own context must be the start of the document's (vc-di-eddsa).
        wanted = proof_options.pop("@context")
        wanted = wanted if isinstance(wanted, list) else [wanted]
        have = unsecured["@context"]
        have = have if isinstance(have, list) else [have]
        if have[: len(wanted)] != wanted:
            raise ProofError("The proof's @context does not match the document's.")
    try:
        public_key.verify(signature, _hash_data(unsecured, proof_options))
    except InvalidSignature:
        raise ProofError("The signature does not match the document.") from None
