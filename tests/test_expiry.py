"""The end of the certificate year: reminders before expiry to the municipality's current
contact at 90, 30 and 7 days, each once (only the latest after an outage); validity ends
at midnight in Tbilisi without any job; a new call is announced once per address, to
holders of current or recent certificates and to subscribers alike."""

import datetime

import pytest
from django.utils import timezone

from pbcert_wagtail import notifications, subscriptions
from pbcert_wagtail.certificates import expiry
from pbcert_wagtail.models import Application, CallSubscription, Certificate, OutboxMessage

from . import factories, scenarios

pytestmark = pytest.mark.django_db


@pytest.fixture
def certified():
    return scenarios.certified(municipality="telavi", contact_email="telavi@example.org")


def reminders():
    return OutboxMessage.objects.filter(event="certificate_expiring")


def test_expiry_reminders_at_90_30_and_7_days_each_once(certified):
    last_day = certified.certificate.valid_until
    sent = []
    for days_before in (120, 90, 89, 31, 30, 8, 7, 3, 0):
        sent.append(expiry.send_expiry_reminders(last_day - datetime.timedelta(days=days_before)))
    assert sent == [0, 1, 0, 0, 1, 0, 1, 0, 0]
    assert [m.dedupe_key.rsplit(":", 1)[1] for m in reminders().order_by("pk")] == ["90", "30", "7"]
    assert {m.recipient for m in reminders()} == {"telavi@example.org"}
    assert "/application/" in reminders().first().body_text  # its private link, to renew


def test_after_an_outage_only_the_latest_reminder_due_goes_out(certified):
    last_day = certified.certificate.valid_until
    # The worker was down from before the 90-day mark until 20 days before the end.
    assert expiry.send_expiry_reminders(last_day - datetime.timedelta(days=20)) == 1
    assert [m.dedupe_key.rsplit(":", 1)[1] for m in reminders()] == ["30"]


def test_the_current_contact_is_the_latest_confirmed_application_then_the_official_email(
    certified,
):
    municipality = certified.certificate.municipality
    assert notifications.current_contact(municipality) == "telavi@example.org"
    # Anyone can open the public form in a municipality's name: an unconfirmed
    # application's address is nobody's word.
    later = factories.CertificationCallFactory()
    Application.objects.create(
        call=later,
        municipality=municipality,
        reference="PB-X-001",
        language="ka",
        contact_email="someone@attacker.example",
    )
    assert notifications.current_contact(municipality) == "telavi@example.org"
    paper = factories.CertificateFactory(municipality=factories.MunicipalityFactory())
    assert notifications.current_contact(paper.municipality) == ""
    paper.municipality.official_email = "office@municipality.example"
    paper.municipality.save()
    assert notifications.current_contact(paper.municipality) == "office@municipality.example"
    message = notifications.to_holder(
        "certificate_expiring", paper, "k1", due=paper.valid_until, days_left=7
    )
    assert (
        message.recipient == "office@municipality.example"
        and "/application/" not in message.body_text
    )


def test_validity_ends_at_midnight_in_tbilisi_everywhere(client, certified, monkeypatch):
    certificate = certified.certificate
    code = certificate.current_document().code
    last_day = certificate.valid_until
    # Tbilisi is UTC+4: 23:59 on the last day there is 19:59 UTC.
    before = datetime.datetime.combine(last_day, datetime.time(19, 59), datetime.UTC)
    after = before + datetime.timedelta(minutes=1)
    for moment, state, shown in ((before, "valid", "Valid until"), (after, "expired", "Expired")):
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        certificate.refresh_from_db()
        assert certificate.state() == state
        assert Certificate.objects.in_state(state).filter(pk=certificate.pk).exists()
        assert shown in client.get(f"/en/verify/{code}/").content.decode()
        registry = client.get(f"/en/registry/{certificate.municipality.code}/", follow=True)
        badge = "valid" if state == "valid" else "invalid"
        assert f'status-badge--{badge}">{state}</span>' in registry.content.decode()


def new_call_opens(case):
    """The certificate's call is last year's; a new one opens today."""
    past = timezone.localdate() - datetime.timedelta(days=400)
    type(case.call).objects.filter(pk=case.call.pk).update(
        opens_at=past, closes_at=past + datetime.timedelta(days=30)
    )
    return factories.CertificationCallFactory()


def test_a_new_call_is_announced_once_per_address_to_holders_and_subscribers(certified):
    subscriber = CallSubscription.objects.create(email="reader@example.org", language="ka")
    subscriptions.confirm(subscriber)
    # The holder's contact subscribed too: one email, the holder's (with the private link).
    both = CallSubscription.objects.create(email="telavi@example.org", language="en")
    subscriptions.confirm(both)
    call = new_call_opens(certified)
    assert subscriptions.notify_open_call() == 2
    assert subscriptions.notify_open_call() == 0
    opened = OutboxMessage.objects.filter(event__startswith="call_opened")
    to_holder = opened.get(recipient="telavi@example.org")
    assert to_holder.event == "call_opened_holder" and "/application/" in to_holder.body_text
    assert str(call.year) in to_holder.subject
    assert opened.get(recipient="reader@example.org").event == "call_opened"


def test_holders_are_current_or_recent_and_not_yet_applied(certified):
    call = new_call_opens(certified)
    lapsed = factories.CertificateFactory(
        municipality=factories.MunicipalityFactory(official_email="lapsed@example.org"),
        valid_from=timezone.localdate() - datetime.timedelta(days=800),
    )
    recent = factories.CertificateFactory(
        municipality=factories.MunicipalityFactory(official_email="recent@example.org"),
        valid_from=timezone.localdate() - datetime.timedelta(days=500),
    )
    held = {c.pk for c in expiry.holders(call)}
    assert certified.certificate.pk in held and recent.pk in held and lapsed.pk not in held
    scenarios.applied(call=call, municipality="telavi")
    assert certified.certificate.pk not in {c.pk for c in expiry.holders(call)}
