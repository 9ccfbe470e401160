"""Limits for verifying arbitrary input (`manage.py verify_credential`): its size, its
number of blank nodes, and a time limit on JSON-LD processing — RDF canonicalisation of a
crafted graph takes exponential time (eight blank nodes linked to each other: a minute).
The site itself verifies only credentials it issued."""

import json
import signal
import threading
from contextlib import contextmanager

from pyld import jsonld

from . import loader, proof


class LimitExceeded(Exception):
    """The input is too large, has too many blank nodes, or took too long."""


class _Alarm(BaseException):
    """The time is up. Not an Exception: PyLD turns any Exception raised while it loads a
    context into a JsonLdError ("cannot be processed"), and the status check treats one
    as "could not fetch"; time_limit turns this into LimitExceeded at its edge."""


@contextmanager
def time_limit(seconds):
    """Raise LimitExceeded in the block after `seconds` (SIGALRM: the main thread only)."""
    if not seconds:
        yield
        return
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("time_limit needs the main thread (it uses SIGALRM)")

    def stop(signum, frame):
        raise _Alarm

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Alarm:
        raise LimitExceeded(
            f"Processing the document took longer than {seconds} seconds: stopped. A "
            "crafted graph can take exponential time to canonicalise."
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_size(raw: bytes, max_bytes):
    if len(raw) > max_bytes:
        raise LimitExceeded(f"The document has {len(raw)} bytes; at most {max_bytes} are read.")


def parse(raw: bytes, max_bytes) -> dict:
    """The JSON object in `raw`, within the size limit."""
    check_size(raw, max_bytes)
    try:
        document = json.loads(raw)
    except (ValueError, RecursionError) as error:
        raise LimitExceeded(f"The document is not JSON: {error}") from None
    if not isinstance(document, dict):
        raise LimitExceeded("The document is not a JSON object.")
    return document


def blank_nodes(expanded) -> int:
    """Blank nodes in expanded JSON-LD: node objects without an @id, plus distinct "_:"
    labels."""
    unlabelled = 0
    labels = set()
    stack = [expanded]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if "@value" in item:
                continue
            if "@id" in item:
                if str(item["@id"]).startswith("_:"):
                    labels.add(item["@id"])
            elif "@list" not in item and "@set" not in item:
                unlabelled += 1
            stack.extend(value for key, value in item.items() if key != "@id")
    return unlabelled + len(labels)


def check_blank_nodes(document: dict, max_blank_nodes):
    count = blank_nodes(jsonld.expand(document, loader.options()))
    if count > max_blank_nodes:
        raise LimitExceeded(
            f"The document has {count} blank nodes; at most {max_blank_nodes} are accepted."
        )
    return count


def canonicalise(document: dict, *, max_bytes, max_blank_nodes, timeout_seconds) -> str:
    """RDFC-1.0 N-Quads of arbitrary input, or LimitExceeded (too large, too many blank
    nodes, too slow)."""
    check_size(json.dumps(document).encode(), max_bytes)
    with time_limit(timeout_seconds):
        check_blank_nodes(document, max_blank_nodes)
        return proof.canonical(document)
