"""Two staff approve two nominations of the same municipality at the same moment: one
invitation, one email (the unique constraint on municipality and call decides), on the
real database (a file on SQLite, PostgreSQL in CI; see tests/races.py)."""

import pytest
from django.test import Client

from pbcert_wagtail.community import nominations as service
from pbcert_wagtail.models import Municipality, MunicipalityInvitation, Nomination, OutboxMessage

from . import factories
from .races import both_reach, committed, together  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("committed")
REASON = "მუნიციპალიტეტი უკვე ატარებს საჯარო განხილვებს ბიუჯეტზე."


def test_two_approvals_at_once_send_one_invitation(monkeypatch):
    municipality = Municipality.objects.get(code="zugdidi")
    official = municipality.official_email
    Municipality.objects.filter(pk=municipality.pk).update(
        official_email="office@zugdidi.example.org"
    )
    factories.current_call()
    first = service.nominate(municipality, REASON, "", "ka")
    second = service.nominate(municipality, REASON, "", "en")
    staff = [factories.StaffFactory(), factories.StaffFactory()]

    def approving(person, nomination):
        def post():
            client = Client()
            client.force_login(person)
            url = f"/admin/pbcert/nominations/approve/{nomination.pk}/"
            return client.post(url, {"language": "ka"}).status_code

        return post

    try:
        with both_reach(monkeypatch, service, "invite"):
            results = together(approving(staff[0], first), approving(staff[1], second))
        assert results == [302, 302]
        (invitation,) = MunicipalityInvitation.objects.filter(municipality=municipality)
        assert set(invitation.nominations.values_list("pk", flat=True)) == {first.pk, second.pk}
        assert (
            Nomination.objects.filter(pk__in=[first.pk, second.pk], status="approved").count() == 2
        )
        emails = OutboxMessage.objects.filter(event="municipality_invitation")
        assert list(emails.values_list("recipient", flat=True)) == ["office@zugdidi.example.org"]
    finally:
        Municipality.objects.filter(pk=municipality.pk).update(official_email=official)
        type(staff[0]).objects.filter(pk__in=[s.pk for s in staff]).delete()
