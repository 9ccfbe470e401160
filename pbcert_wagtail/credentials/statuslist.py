"""The bitstring of a W3C Bitstring Status List v1.0: one bit per credential (1 = revoked),
at least 131,072 bits so that one index says nothing about how many were issued.

encodedList = "u" + base64url-no-padding(GZIP(bitstring)); bit 0 is the left-most (most
significant) bit of the first byte.
"""

import base64
import binascii
import gzip
import zlib

SIZE = 131072  # bits: the spec's minimum (16 KiB)
# A decoded list larger than this is refused (a small GZIP can inflate enormously).
MAX_BYTES = 16 * 1024 * 1024


class StatusListError(ValueError):
    """Not an encoded status list (or one too large to decode)."""


def new(size: int = SIZE) -> bytearray:
    """An all-zero bitstring of `size` bits."""
    if size < SIZE or size % 8:
        raise ValueError(f"A status list has at least {SIZE} bits, a multiple of 8.")
    return bytearray(size // 8)


def encode(bits: bytearray | bytes) -> str:
    compressed = gzip.compress(bytes(bits), mtime=0)  # mtime 0: the same bits, the same text
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def decode(encoded: str) -> bytearray:
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise StatusListError("An encoded status list starts with the multibase prefix 'u'.")
    body = encoded[1:]
    try:
        compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        inflater = zlib.decompressobj(wbits=31)  # GZIP only
        bits = inflater.decompress(compressed, MAX_BYTES + 1)
    except (binascii.Error, ValueError, zlib.error) as error:
        raise StatusListError(f"Not a GZIP + base64url status list: {error}") from None
    if len(bits) > MAX_BYTES or inflater.unconsumed_tail:
        raise StatusListError("The status list is too large.")
    if not inflater.eof:
        raise StatusListError("The status list is truncated.")
    return bytearray(bits)


def _position(bits, index: int) -> tuple[int, int]:
    if not isinstance(index, int) or index < 0 or index >= len(bits) * 8:
        raise IndexError(f"Status list index {index!r} is outside the list.")
    return index // 8, 7 - index % 8


def is_set(bits, index: int) -> bool:
    byte, shift = _position(bits, index)
    return bool(bits[byte] >> shift & 1)


def set_bit(bits: bytearray, index: int, value: bool = True) -> None:
    byte, shift = _position(bits, index)
    if value:
        bits[byte] |= 1 << shift
    else:
        bits[byte] &= ~(1 << shift) & 0xFF
