"""The only JSON-LD document loader we give PyLD: the pinned contexts, from this package.

PyLD's default loader fetches any URL a document names with `requests` (SSRF, and a
context that changes under a signature). This one knows a fixed list of URLs, checks each
file's sha256 the first time it is read, and refuses everything else with a JsonLdError —
it never opens a socket. Pass `OPTIONS` (or `options()`) to every PyLD call.
"""

import copy
import hashlib
import json
import threading
from functools import cache
from pathlib import Path

from cachetools import LRUCache
from pyld.context_resolver import ContextResolver
from pyld.jsonld import JsonLdError

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"

# URL → (file in contexts/, its sha256). See contexts/README.md for where each came from.
PINNED = {
    "https://www.w3.org/ns/credentials/v2": (
        "credentials-v2.jsonld",
        "8a9f494a89ecc51db093e90e84713e07e84d6d9204364a9b3c7868b21751236f",
    ),
    "https://www.w3.org/ns/credentials/examples/v2": (
        "examples-v2.jsonld",
        "57393fbc69d6efb9b9b5dc9cb6b9880b0944360abfe2eaf459c9e58cf2279d7c",
    ),
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": (
        "ob-3.0.3.json",
        "7d565ce7159a06e19b8b07d57c80be56843d221d1b7f1aaf2f1b425660c521c3",
    ),
}

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OPEN_BADGES_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


class ContextTampered(JsonLdError):
    """A pinned context file on disk does not have the hash it was pinned with."""


@cache
def _pinned_document(url):
    name, expected = PINNED[url]
    raw = (CONTEXTS_DIR / name).read_bytes()
    actual = hashlib.sha256(raw).hexdigest()
    if actual != expected:
        raise ContextTampered(
            f"The pinned context {name} has sha256 {actual}, expected {expected}.",
            "jsonld.LoadDocumentError",
            {"url": url},
            code="loading remote context failed",
        )
    return json.loads(raw)


def document_loader(url, options=None):
    """PyLD document loader: a pinned context, or JsonLdError (never the network)."""
    if url not in PINNED:
        raise JsonLdError(
            f"Refusing to load {url!r}: only the pinned contexts are known offline.",
            "jsonld.LoadDocumentError",
            {"url": url},
            code="loading remote context failed",
        )
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        # A copy: PyLD must not be able to change our cached context.
        "document": copy.deepcopy(_pinned_document(url)),
        # PyLD caches a "static" context by URL: resolved once, not on every call.
        "tag": "static",
    }


class LockedLRUCache(LRUCache):
    """An LRUCache that threads can share: even a read reorders an LRUCache, so every
    access takes the lock (PyLD calls get and __setitem__ on the cache we give it)."""

    def __init__(self, maxsize):
        super().__init__(maxsize)
        self.lock = threading.RLock()

    def __getitem__(self, key):
        with self.lock:
            return super().__getitem__(key)

    def __setitem__(self, key, value):
        with self.lock:
            super().__setitem__(key, value)

    def __delitem__(self, key):
        with self.lock:
            super().__delitem__(key)

    def __contains__(self, key):
        with self.lock:
            return super().__contains__(key)

    def get(self, key, default=None):
        with self.lock:
            return super().get(key, default)

    def pop(self, key, *default):
        with self.lock:
            return super().pop(key, *default)

    def popitem(self):
        with self.lock:
            return super().popitem()

    def clear(self):
        with self.lock:
            super().clear()


# Our own cache of resolved contexts: PyLD's shared one could hold a context that some
# other code loaded with another loader under the same URL. Shared by the threads of a
# web server, hence the lock.
_resolved = LockedLRUCache(maxsize=20)


def options(**extra):
    """PyLD options with our loader (and a context cache only it fills); add e.g.
    algorithm/format for normalize."""
    return {
        "documentLoader": document_loader,
        "contextResolver": ContextResolver(_resolved, document_loader),
        **extra,
    }
