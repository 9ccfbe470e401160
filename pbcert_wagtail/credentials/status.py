"""The revocation status list (W3C Bitstring Status List): each signed credential has a
random index in a list of statuslist.SIZE bits; revoking its certificate sets the bit and
signs the list again, in the revoking transaction (a `certificate_revoked` receiver), with
the list's row locked so that two revocations at once both land.

The list is served, signed like the credentials, at a stable address outside the language
prefix: /credentials/status/<number>.json (URL name `pbcert_credentials:status_list`).
When it cannot be signed (no issuer key), it is not served at all (503): a verifier then
hears "could not be checked", never a stale "not revoked"."""

import logging
import secrets

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from .. import notifications
from ..models import IssuedCredential, StatusList
from . import keys, proof, statuslist

logger = logging.getLogger(__name__)

CONTEXT = ["https://www.w3.org/ns/credentials/v2"]
PURPOSE = "revocation"
# Credentials per list before a new list is started (None: statuslist.SIZE, all of it).
CAPACITY = None
RANDOM_TRIES = 32  # random picks before choosing among the free indices


def capacity():
    return CAPACITY or statuslist.SIZE


def list_url(number):
    """The list's stable, absolute address on this site (SITE_URL, never a request's host)."""
    path = reverse("pbcert_credentials:status_list", kwargs={"number": number})
    return f"{notifications.site_url()}{path}"


def list_document(number, bits):
    """The unsigned BitstringStatusListCredential of list `number` holding `bits`."""
    url = list_url(number)
    return {
        "@context": CONTEXT,
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": keys.issuer_did(),
        "validFrom": timezone.now().replace(microsecond=0).isoformat(),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": statuslist.encode(bits),
        },
    }


def sign_list(number, bits):
    """The signed list (raises keys.NoIssuerKey without a key)."""
    return proof.sign(list_document(number, bits), keys.current_key())


def entry(status_list, index):
    """The `credentialStatus` of a credential at `index` of `status_list`."""
    url = list_url(status_list.number)
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def open_list():
    """The list new credentials go to: the newest, or a new one when it holds capacity()."""
    newest = StatusList.objects.order_by("-number").first()
    if newest is not None and newest.credentials.count() < capacity():
        return newest
    number = newest.number + 1 if newest else 1
    bits = bytearray(statuslist.SIZE // 8)
    try:
        with transaction.atomic():
            return StatusList.objects.create(
                number=number, bits=bytes(bits), credential=sign_list(number, bits)
            )
    except IntegrityError:  # started by someone else at the same moment
        return StatusList.objects.get(number=number)


def free_index(status_list):
    """A random index of `status_list` that no credential holds and whose bit is clear
    (secrets: an index says nothing about when, or for whom, it was given out)."""
    bits = bytes(status_list.bits)
    used = IssuedCredential.objects.filter(status_list=status_list)
    for _attempt in range(RANDOM_TRIES):
        index = secrets.randbelow(statuslist.SIZE)
        if not statuslist.is_set(bits, index) and not used.filter(status_index=index).exists():
            return index
    taken = set(used.values_list("status_index", flat=True))
    free = [i for i in range(statuslist.SIZE) if i not in taken and not statuslist.is_set(bits, i)]
    if not free:
        raise IntegrityError(f"status list {status_list.number} is full")
    return secrets.choice(free)


def set_bits(status_list_pk, indices):
    """Set `indices` in the list and sign it again: in the caller's transaction, the list's
    row locked, so that another revocation at the same moment waits and then reads the
    bits this one wrote."""
    with transaction.atomic():
        status_list = StatusList.objects.select_for_update().get(pk=status_list_pk)
        bits = bytearray(status_list.bits)
        for index in indices:
            statuslist.set_bit(bits, index)
        publish(status_list, bits)


def publish(status_list, bits):
    """Store `bits` with the list signed again; without a key the list is stored unsigned
    (and not served) rather than left saying "not revoked"."""
    try:
        signed = sign_list(status_list.number, bits)
    except keys.NoIssuerKey:
        logger.error("Status list %s changed but cannot be signed: no issuer key", status_list)
        signed = None
    StatusList.objects.filter(pk=status_list.pk).update(
        bits=bytes(bits), credential=signed, updated_at=timezone.now()
    )


def revoke_credential(sender, certificate, **kwargs):
    """The `certificate_revoked` receiver (inside the revoking transaction): the bit of the
    certificate's credential set, the list signed again. A certificate not yet signed has
    no bit: its credential, when signed, starts with its bit set (certificate.py)."""
    place = (
        IssuedCredential.objects.filter(certificate_id=certificate.pk)
        .values_list("status_list_id", "status_index")
        .first()
    )
    if place is not None:
        set_bits(place[0], [place[1]])


def status_list_credential(number):
    """The signed list `number` as served, or None (no such list, or it cannot be signed:
    it is signed again here once a key is configured)."""
    found = StatusList.objects.filter(number=number).values_list("pk", "credential").first()
    if found is None:
        return None
    pk, credential = found
    if credential is not None:
        return credential
    try:  # a GET writes nothing while there is no key to sign with
        keys.current_key()
    except keys.NoIssuerKey:
        return None
    with transaction.atomic():
        status_list = StatusList.objects.select_for_update().get(pk=pk)
        if status_list.credential is None:
            publish(status_list, bytearray(status_list.bits))
            status_list.refresh_from_db(fields=["credential"])
        return status_list.credential


def fetch_for_verifier(url):
    """`fetch_status_list` for verify.verify_credential on this site: a list of ours read
    from the database (never over the network), None for any other address."""
    prefix = list_url(0).rsplit("/", 1)[0] + "/"
    if not isinstance(url, str) or not url.startswith(prefix) or not url.endswith(".json"):
        return None
    number = url[len(prefix) : -len(".json")]
    if not number.isdigit():
        return None
    return status_list_credential(int(number))
