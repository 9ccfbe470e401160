"""The issuer's Ed25519 signing key and its public keys (current and retired).

The private key is never stored in the database: it comes from the environment variable
PBCERT_ISSUER_KEY or the file PBCERT["ISSUER_KEY_FILE"] (a secretKeyMultibase, "z…").
"""

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

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
