"""Shared pieces of the signed-credential tests: the W3C vectors and a no-network guard."""

import json
import socket
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data" / "vc"


def vector(name):
    text = (DATA / name).read_text()
    return json.loads(text) if name.endswith(".json") else text.strip()


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection or resolve a name fails, and is recorded."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted during a test that must stay offline")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts
    assert not attempts, f"network access attempted: {attempts}"
