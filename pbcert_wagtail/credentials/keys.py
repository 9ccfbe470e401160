"""The issuer's Ed25519 signing key and its public keys (current and retired).

The private key is never stored in the database: it comes from the environment variable
PBCERT_ISSUER_KEY or the file PBCERT["ISSUER_KEY_FILE"] (a secretKeyMultibase, "z…").
"""

import os
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .. import conf
from . import multibase


class SigningKey:
    """An Ed25519 private key with the verification method id that names it."""

    def __init__(self, private_key: Ed25519PrivateKey, controller: str):
        self._private_key = private_key
        raw = private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.public_multibase = multibase.encode_public_key(raw)
        self.controller = controller
        self.id = f"{controller}#{self.public_multibase}"

    @classmethod
    def from_multibase(cls, private_multibase: str, controller: str):
        seed = multibase.decode_private_key(private_multibase.strip())
        return cls(Ed25519PrivateKey.from_private_bytes(seed), controller)

    @classmethod
    def generate(cls, controller: str):
        return cls(Ed25519PrivateKey.generate(), controller)

    @property
    def private_multibase(self) -> str:
        seed = self._private_key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        return multibase.encode_private_key(seed)

    def sign(self, data: bytes) -> bytes:
        return self._private_key.sign(data)

    def __repr__(self):
        return f"<SigningKey {self.id}>"


class NoIssuerKey(Exception):
    """No usable issuer key (or no issuer DID) is configured."""


ENV_VAR = "PBCERT_ISSUER_KEY"


def issuer_did() -> str:
    """The issuer's DID, PBCERT["ISSUER_DID"] (e.g. did:web:pbcert.example.ge) — set in
    the settings, never derived from a request's host."""
    return (conf.get("ISSUER_DID") or "").strip()


def _private_multibase() -> tuple[str, str]:
    """The configured private key (secretKeyMultibase) and where it came from."""
    value = os.environ.get(ENV_VAR, "").strip()
    if value:
        return value, f"the environment variable {ENV_VAR}"
    path = conf.get("ISSUER_KEY_FILE")
    if not path:
        raise NoIssuerKey(f"Neither {ENV_VAR} nor PBCERT['ISSUER_KEY_FILE'] is set.")
    try:
        text = Path(path).read_text()
    except OSError as error:
        raise NoIssuerKey(f"The issuer key file {path} cannot be read: {error}") from None
    lines = [line.strip() for line in text.splitlines()]
    keys = [line for line in lines if line and not line.startswith("#")]
    if len(keys) != 1:
        raise NoIssuerKey(f"The issuer key file {path} should hold one key line.")
    return keys[0], f"the file {path}"


def current_key() -> SigningKey:
    """The key new credentials are signed with; NoIssuerKey if none is usable."""
    did = issuer_did()
    if not did:
        raise NoIssuerKey("PBCERT['ISSUER_DID'] is not set.")
    value, source = _private_multibase()
    try:
        return SigningKey.from_multibase(value, did)
    except ValueError as error:
        raise NoIssuerKey(f"The key in {source} is not an Ed25519 Multikey: {error}") from None


def retired_keys() -> dict[str, str]:
    """PBCERT["RETIRED_ISSUER_KEYS"]: keys that no longer sign but still verify old
    credentials. An id may be given as a bare fragment ("#z6Mk…")."""
    did = issuer_did()
    found = {}
    for entry in conf.get("RETIRED_ISSUER_KEYS") or []:
        key_id = entry["id"]
        if key_id.startswith("#"):
            key_id = did + key_id
        found[key_id] = entry["publicKeyMultibase"]
    return found


def public_keys() -> dict[str, str]:
    """Verification method id → publicKeyMultibase: the current key, then retired ones."""
    found = {}
    try:
        key = current_key()
    except NoIssuerKey:
        pass
    else:
        found[key.id] = key.public_multibase
    for key_id, public in retired_keys().items():
        found.setdefault(key_id, public)
    return found


def did_document() -> dict:
    """The issuer's DID document (served at /.well-known/did.json for did:web): every key
    that may have signed a credential, current and retired, as Multikey entries."""
    did = issuer_did()
    methods = [
        {
            "id": key_id,
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": public,
        }
        for key_id, public in public_keys().items()
    ]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def did_web(url: str) -> str:
    """The did:web of a site address: did:web:host, a port's colon percent-encoded
    (http://127.0.0.1:8000 → did:web:127.0.0.1%3A8000)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host:
        return ""
    return "did:web:" + quote(f"{host}:{parts.port}" if parts.port else host, safe="")


def did_web_document_url(did: str) -> str:
    """Where a resolver fetches the DID document of a host-only did:web."""
    return f"https://{unquote(did.removeprefix('did:web:'))}/.well-known/did.json"
