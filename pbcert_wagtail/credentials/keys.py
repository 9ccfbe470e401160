"""The issuer's Ed25519 signing key and its public keys (current and retired).

The private key is never stored in the database: it comes from the environment variable
PBCERT_ISSUER_KEY or the file PBCERT["ISSUER_KEY_FILE"] (a secretKeyMultibase, "z…").
"""

import logging
import os
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, unquote, urlsplit
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .. import conf
from . import multibase

logger = logging.getLogger(__name__)


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


# A retired key's retired_at given as a date means the end of that day, in Tbilisi.
TBILISI = ZoneInfo("Asia/Tbilisi")


class RetiredKey(NamedTuple):
    """A key that no longer signs but still verifies what it signed before `retired_at`
    (None: no limit). `created` is the signer's word, so retired_at stops a key that is
    still in use by mistake, not a stolen one: a compromised key must be removed."""

    id: str
    public_multibase: str
    retired_at: datetime | None


def parse_retired_at(value) -> datetime:
    """An ISO date (the end of that day in Tbilisi) or datetime (naive: Tbilisi); else
    ValueError."""
    if not isinstance(value, str):
        raise ValueError("retired_at must be a string: an ISO date or date and time")
    if "T" not in value and " " not in value.strip():
        day = date.fromisoformat(value.strip())
        return datetime.combine(day, time.max.replace(microsecond=0), tzinfo=TBILISI)
    moment = datetime.fromisoformat(value.strip())
    return moment if moment.tzinfo else moment.replace(tzinfo=TBILISI)


def _retired_entry(entry, did) -> RetiredKey:
    """One PBCERT["RETIRED_ISSUER_KEYS"] entry, or ValueError saying what is wrong."""
    if not isinstance(entry, dict):
        raise ValueError("an entry is not an object")
    key_id, public = entry.get("id"), entry.get("publicKeyMultibase")
    if not isinstance(key_id, str) or not key_id.strip():
        raise ValueError('an entry has no "id"')
    if not isinstance(public, str):
        raise ValueError(f'{key_id}: no "publicKeyMultibase"')
    try:
        multibase.decode_public_key(public)
    except ValueError as error:
        raise ValueError(
            f"{key_id}: publicKeyMultibase is not an Ed25519 Multikey ({error})"
        ) from None
    unknown = set(entry) - {"id", "publicKeyMultibase", "retired_at"}
    if unknown:
        raise ValueError(f"{key_id}: unknown keys {', '.join(sorted(unknown))}")
    retired_at = None
    if entry.get("retired_at") is not None:
        try:
            retired_at = parse_retired_at(entry["retired_at"])
        except ValueError as error:
            raise ValueError(
                f"{key_id}: retired_at is not an ISO date or datetime ({error})"
            ) from None
    if key_id.startswith("#"):
        key_id = did + key_id
    return RetiredKey(key_id, public, retired_at)


def retired_key_problems() -> list[str]:
    """What is wrong with PBCERT["RETIRED_ISSUER_KEYS"] (for `manage.py check`)."""
    entries = conf.get("RETIRED_ISSUER_KEYS") or []
    if not isinstance(entries, list):
        return ["RETIRED_ISSUER_KEYS is not a list"]
    problems = []
    for entry in entries:
        try:
            _retired_entry(entry, issuer_did())
        except ValueError as error:
            problems.append(str(error))
    return problems


def retired() -> list[RetiredKey]:
    """PBCERT["RETIRED_ISSUER_KEYS"]: keys that no longer sign but still verify old
    credentials. An id may be given as a bare fragment ("#z6Mk…"). A malformed entry is
    skipped with a warning (`manage.py check` reports it): public pages must not fail."""
    did = issuer_did()
    entries = conf.get("RETIRED_ISSUER_KEYS") or []
    found = []
    for entry in entries if isinstance(entries, list) else []:
        try:
            found.append(_retired_entry(entry, did))
        except ValueError as error:
            logger.warning("Skipping a malformed RETIRED_ISSUER_KEYS entry: %s", error)
    return found


def retired_keys() -> dict[str, str]:
    """Retired verification method id → publicKeyMultibase."""
    return {key.id: key.public_multibase for key in retired()}


def retirement_dates() -> dict[str, datetime]:
    """Retired verification method id → when it was retired (for those with a date)."""
    return {key.id: key.retired_at for key in retired() if key.retired_at}


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
    that may have signed a credential, current and retired, as Multikey entries.

    Retired keys stay under assertionMethod as well as verificationMethod: DID core ties
    a proof's purpose (assertionMethod) to that relationship, and a verifier checking an
    old credential looks its key up there. A retired key's "retiredAt" (our own term, an
    XML dateTime) says when it stopped signing: a proof created after it is refused. Not
    the CID `revoked`/`expires`, which verifiers read as "verify nothing with it"."""
    did = issuer_did()
    retired_at = retirement_dates()
    methods = []
    for key_id, public in public_keys().items():
        method = {
            "id": key_id,
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": public,
        }
        if key_id in retired_at:
            method["retiredAt"] = _xml_datetime(retired_at[key_id])
        methods.append(method)
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def _xml_datetime(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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
