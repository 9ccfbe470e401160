"""Multibase base58btc ("z…") and Ed25519 Multikey encoding (W3C Controlled Identifiers).

A Multikey is "z" + base58btc(multicodec prefix + key bytes): 0xed01 for an Ed25519
public key (32 bytes), 0x8026 for an Ed25519 private key (its 32-byte seed).
"""

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {char: i for i, char in enumerate(ALPHABET)}

ED25519_PUBLIC = b"\xed\x01"
ED25519_PRIVATE = b"\x80\x26"


class MultibaseError(ValueError):
    """Not a base58btc multibase string, or not the Multikey expected."""


def b58encode(data: bytes) -> str:
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, rest = divmod(number, 58)
        digits.append(ALPHABET[rest])
    return "1" * zeros + "".join(reversed(digits))


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        try:
            number = number * 58 + _INDEX[char]
        except KeyError:
            raise MultibaseError(f"{char!r} is not a base58btc character") from None
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def encode(data: bytes) -> str:
    """Multibase base58btc: "z" + base58btc(data)."""
    return "z" + b58encode(data)


def decode(text: str) -> bytes:
    if not isinstance(text, str) or not text.startswith("z") or len(text) > 200:
        raise MultibaseError("expected a base58btc multibase string (starting with 'z')")
    return b58decode(text[1:])


def _decode_key(text: str, prefix: bytes, what: str) -> bytes:
    data = decode(text)
    if not data.startswith(prefix) or len(data) != len(prefix) + 32:
        raise MultibaseError(f"not an Ed25519 {what} Multikey")
    return data[len(prefix) :]


def encode_public_key(raw: bytes) -> str:
    """The publicKeyMultibase of a 32-byte Ed25519 public key."""
    return encode(ED25519_PUBLIC + raw)


def decode_public_key(text: str) -> bytes:
    return _decode_key(text, ED25519_PUBLIC, "public key")


def encode_private_key(seed: bytes) -> str:
    """The secretKeyMultibase of an Ed25519 private key (its 32-byte seed)."""
    return encode(ED25519_PRIVATE + seed)


def decode_private_key(text: str) -> bytes:
    return _decode_key(text, ED25519_PRIVATE, "private key")
