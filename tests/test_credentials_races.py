"""Credentials under races, with threads on the real database (a file on SQLite,
PostgreSQL in CI; see tests/races.py): two workers signing one certificate at once keep
one credential; two revocations at once both land in the status list (its row is locked:
without the lock, on PostgreSQL, the second signed list would drop the first bit)."""

import pytest

from pbcert_wagtail.certificates import revocation
from pbcert_wagtail.credentials import certificate as credentials
from pbcert_wagtail.credentials import status, statuslist
from pbcert_wagtail.models import IssuedCredential, Municipality, StatusList

from . import factories, scenarios
from .races import both_reach, committed, together  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("committed")


def test_two_workers_signing_one_certificate_at_once_keep_one_credential(monkeypatch):
    municipality = Municipality.objects.get(code="ozurgeti")  # a demo one: not left behind
    certificate = factories.CertificateFactory(municipality=municipality, document=False)
    with both_reach(monkeypatch, credentials, "_sign_and_store"):
        results = together(
            lambda: credentials.credential_for(certificate),
            lambda: credentials.credential_for(certificate),
        )
    assert [r for r in results if isinstance(r, Exception)] == []
    assert results[0] == results[1]
    assert IssuedCredential.objects.filter(certificate=certificate).count() == 1
    assert credentials.signed_credential(certificate) == results[0]


def test_two_revocations_at_once_both_set_their_bit(monkeypatch):
    cases = [scenarios.certified(municipality=name) for name in ("telavi", "gori")]
    for case in cases:
        credentials.credential_for(case.certificate)
    places = [
        IssuedCredential.objects.values_list("status_list_id", "status_index").get(
            certificate=case.certificate
        )
        for case in cases
    ]
    assert places[0][0] == places[1][0]  # one list
    with both_reach(monkeypatch, status, "sign_list"):
        results = together(
            *[
                lambda case=case: revocation.revoke(
                    case.certificate, case.people.staff, "issued_in_error", ""
                )
                for case in cases
            ]
        )
    assert [r for r in results if isinstance(r, Exception)] == []
    status_list = StatusList.objects.get(pk=places[0][0])
    bits = bytes(status_list.bits)
    assert [statuslist.is_set(bits, index) for _pk, index in places] == [True, True]
    signed = statuslist.decode(status_list.credential["credentialSubject"]["encodedList"])
    assert [statuslist.is_set(signed, index) for _pk, index in places] == [True, True]
