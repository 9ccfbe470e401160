"""The revocation bitstring: the W3C Bitstring Status List encoding, bit 0 left-most."""

import base64
import gzip

import pytest

from pbcert_wagtail.credentials import statuslist


def test_a_new_list_has_the_minimum_size_and_encodes_as_gzip_base64url():
    bits = statuslist.new()
    assert len(bits) * 8 == statuslist.SIZE == 131072
    encoded = statuslist.encode(bits)
    assert encoded.startswith("u") and "=" not in encoded
    assert set(encoded[1:]) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )
    raw = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
    assert gzip.decompress(raw) == bytes(16384)
    assert statuslist.encode(bits) == encoded  # reproducible


def test_bit_zero_is_the_left_most_bit_of_the_first_byte():
    bits = statuslist.new()
    statuslist.set_bit(bits, 0)
    assert bits[0] == 0b1000_0000
    statuslist.set_bit(bits, 7)
    statuslist.set_bit(bits, 9)
    assert bits[:2] == bytearray([0b1000_0001, 0b0100_0000])
    statuslist.set_bit(bits, 0, False)
    assert bits[0] == 0b0000_0001


def test_round_trip_keeps_each_bit():
    bits = statuslist.new()
    for index in (3, 4242, statuslist.SIZE - 1):
        statuslist.set_bit(bits, index)
    decoded = statuslist.decode(statuslist.encode(bits))
    assert decoded == bits
    assert [i for i in (2, 3, 4, 4242, statuslist.SIZE - 1) if statuslist.is_set(decoded, i)] == [
        3,
        4242,
        statuslist.SIZE - 1,
    ]


def test_the_spec_example_list_decodes():
    # W3C Bitstring Status List v1.0, the example list of 131,072 zero bits.
    example = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"
    assert statuslist.decode(example) == bytearray(16384)


@pytest.mark.parametrize(
    "encoded",
    ["", "H4sIAAAA", "u!!!", "u" + base64.urlsafe_b64encode(b"not gzip").decode()],
)
def test_what_is_not_a_list_is_refused(encoded):
    with pytest.raises(statuslist.StatusListError):
        statuslist.decode(encoded)


def test_a_gzip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(statuslist, "MAX_BYTES", 100_000)
    bomb = statuslist.encode(bytes(200_000))
    with pytest.raises(statuslist.StatusListError, match="too large"):
        statuslist.decode(bomb)


def test_an_index_outside_the_list_is_refused():
    bits = statuslist.new()
    for index in (-1, statuslist.SIZE, "5"):
        with pytest.raises(IndexError):
            statuslist.is_set(bits, index)
