"""Verification codes: 80 random bits in Crockford's base32 (16 characters, printed in
groups of four), read back forgivingly (case, dashes, spaces, O for 0, I and L for 1)."""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
LENGTH = 16  # 16 × 5 = 80 bits
MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code():
    number = secrets.randbits(LENGTH * 5)
    return "".join(ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(LENGTH)))


def normalise(typed):
    """The code as stored, from what a person typed or a URL carried; "" if it cannot be one."""
    code = "".join(str(typed).split()).replace("-", "").upper().translate(MISREAD)
    return code if len(code) == LENGTH and all(c in ALPHABET for c in code) else ""


def grouped(code):
    """XXXX-XXXX-XXXX-XXXX, as printed."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
