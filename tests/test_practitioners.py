"""The practitioner directory and the private contact relay (issue 20): filters in both
languages, the relay end to end, consent, limits, stop and report links, retention, the
staff screens, and the practitioner's address in no response and no email to the visitor."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pbcert_wagtail import retention
from pbcert_wagtail.community import confirmation, relay
from pbcert_wagtail.models import (
    ContactRequest,
    ContactRequestState,
    Municipality,
    OutboxMessage,
    Practitioner,
    PractitionerDirectoryPage,
    PractitionerKind,
    PractitionerTopic,
)

from . import factories
from .conftest import soup
from .practitioner_helpers import contact_request, practitioner
from .races import committed, together  # noqa: F401 (a fixture)
from .test_confirmation import link_of

SECRET = "unique-planted-address-7f3a9c@example.org"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def directory(language):
    return PractitionerDirectoryPage.objects.get(locale__language_code=language)


def names(response):
    return [h.get_text(strip=True) for h in soup(response).select(".practitioner h2")]


def send(client, person, language="ka", **fields):
    data = {
        "name": "ლევან ვიზიტორი",
        "email": "visitor@example.org",
        "message": "როგორ მოამზადეთ პირველი კენჭისყრა?",
        "consent": "on",
        **fields,
    }
    return client.post(f"/{language}/practitioners/{person.pk}/contact/", data)


@pytest.mark.django_db
def test_demo_directory_in_both_languages_with_an_academy_alumnus(client, demo):
    for language, alumnus in (("ka", "თამარ გელაშვილი"), ("en", "Tamar Gelashvili")):
        page = directory(language)
        assert page.get_parent().specific_class.__name__ == "ProgrammePage"
        response = client.get(page.url)
        assert response.status_code == 200
        assert alumnus in names(response)
        assert "practitioner@example.org" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ka", "en"])
def test_filters(client, demo, language):
    page = directory(language)
    base = page.url
    alumnus = ("თამარ გელაშვილი", "Tamar Gelashvili")[language == "en"]
    expert = ("გიორგი ლომიძე", "Giorgi Lomidze")[language == "en"]
    representative = ("ნინო ხარაიშვილი", "Nino Kharaishvili")[language == "en"]
    assert names(client.get(base + "?kind=alumnus")) == [alumnus]
    assert names(client.get(base + "?region=imereti")) == [representative]
    assert names(client.get(base + "?language=ru")) == [expert]
    voting = PractitionerTopic.objects.get(locale=page.locale, order=10)
    assert names(client.get(base + f"?topic={voting.pk}")) == [alumnus]
    # A topic chosen in the other language finds the same people.
    other = voting.get_translation(
        PractitionerDirectoryPage.objects.exclude(locale=page.locale).first().locale
    )
    assert names(client.get(base + f"?topic={other.pk}")) == [alumnus]
    assert names(client.get(base + "?kind=alumnus&region=imereti")) == []
    everyone = client.get(base + "?kind=nonsense&region=%00&topic=x&language=zz")
    assert everyone.status_code == 200 and len(names(everyone)) == 3
    html = soup(client.get(base + "?kind=alumnus"))
    for select in html.select("form select"):
        assert html.select_one(f'label[for="{select["id"]}"]')
    assert html.select_one('select[name="kind"] option[selected]')["value"] == "alumnus"
    label = ("მონაწილეობის აკადემიის", "Participation Academy alumnus, 2023")[language == "en"]
    assert label in html.select_one(".practitioner__kind").get_text()


@pytest.mark.django_db
def test_hidden_or_unconsented_practitioners_are_not_listed(client, demo):
    hidden = practitioner(name="Hidden Person", hidden=True)
    unconsented = practitioner(name="No Consent", consent_date=None)
    shown = names(client.get(directory("ka").url))
    assert hidden.name not in shown and unconsented.name not in shown
    for person in (hidden, unconsented):
        assert client.get(f"/ka/practitioners/{person.pk}/contact/").status_code == 404


@pytest.mark.django_db
def test_relay_end_to_end_never_shows_the_practitioners_address(client, demo):
    person = practitioner(name="ნინო საიდუმლო", email=SECRET)
    responses = [client.get(directory("ka").url), client.get(directory("en").url)]
    form = client.get(f"/ka/practitioners/{person.pk}/contact/")
    responses.append(form)
    assert form.status_code == 200
    sent = send(client, person)
    assert sent.status_code == 302
    responses.append(client.get(sent["Location"]))
    row = ContactRequest.objects.get()
    assert row.state == ContactRequestState.WAITING and row.language == "ka"
    # Nothing to the practitioner yet: only the confirmation to the visitor.
    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == [
        "visitor@example.org"
    ]
    url = link_of(OutboxMessage.objects.get(event="address_confirmation"))
    responses.append(client.get(url))
    assert not OutboxMessage.objects.filter(recipient=SECRET).exists()
    done = client.post(url)
    responses.append(done)
    assert "გადაეცა" in done.content.decode()
    message = OutboxMessage.objects.get(recipient=SECRET)
    assert message.event == "practitioner_message"
    assert "visitor@example.org" in message.headers["Reply-To"]
    assert "როგორ მოამზადეთ პირველი კენჭისყრა?" in message.body_text
    assert "/ka/practitioners/stop/" in message.body_text
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    row.refresh_from_db()
    assert row.state == ContactRequestState.RELAYED
    for response in responses:
        assert SECRET not in response.content.decode()
    to_visitor = OutboxMessage.objects.filter(recipient="visitor@example.org")
    assert to_visitor.count() == 1
    for email in to_visitor:
        assert SECRET not in email.body_text + email.body_html + email.subject + str(email.headers)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "field", "changes", "error"),
    [
        ("ka", "consent", {"consent": ""}, "თანხმობის"),
        ("en", "consent", {"consent": ""}, "Without your consent"),
        ("en", "email", {"email": "not-an-address"}, "valid email"),
        ("en", "message", {"message": "x" * 4001}, "4000"),
        ("en", "name", {"name": ""}, "required"),
    ],
)
def test_refusals_are_400_next_to_the_field_and_keep_nothing(
    client, demo, language, field, changes, error
):
    person = practitioner()
    response = send(client, person, language, **changes)
    assert response.status_code == 400
    errors = soup(response).select_one(f'.field[data-key="{field}"] .field__errors')
    assert errors is not None and error in errors.get_text()
    assert not ContactRequest.objects.exists()
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_honeypot_keeps_nothing(client, demo):
    person = practitioner()
    response = send(client, person, **{"pbcert-website": "http://spam.example"})
    assert response.status_code == 302
    assert not ContactRequest.objects.exists() and not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_csrf_is_required(demo):
    person = practitioner()
    strict = Client(enforce_csrf_checks=True)
    assert send(strict, person).status_code == 403
    assert not ContactRequest.objects.exists()


@pytest.mark.django_db
def test_a_practitioner_who_does_not_accept_contact_has_no_form(client, demo):
    person = practitioner(accepts_contact=False)
    assert client.get(f"/en/practitioners/{person.pk}/contact/").status_code == 404
    assert (
        "Write to"
        not in client.get(directory("ka").url).content.decode().split(person.name)[-1][:300]
    )


@pytest.mark.django_db
def test_per_ip_limit(client, demo, settings):
    settings.PBCERT = {"FORM_RATE_LIMIT": (2, 600)}
    person = practitioner()
    codes = [send(client, person, name="").status_code for _ in range(3)]
    assert codes == [400, 400, 429]


@pytest.mark.django_db
def test_sender_limit_per_practitioner_per_day(client, demo, settings):
    settings.PBCERT = {"CONTACT_SENDER_LIMIT": (2, 86400)}
    person, other = practitioner(), practitioner()
    assert [send(client, person).status_code for _ in range(2)] == [302, 302]
    refused = send(client, person, "en", email="VISITOR@example.org")
    assert refused.status_code == 400
    assert "already written" in soup(refused).select_one('.field[data-key="email"]').get_text()
    assert ContactRequest.objects.count() == 2
    assert send(client, other).status_code == 302  # another practitioner: fine


@pytest.mark.django_db
def test_practitioner_limit_per_day(settings):
    settings.PBCERT = {"CONTACT_PRACTITIONER_LIMIT": (2, 86400)}
    person = practitioner()
    rows = [contact_request(person) for _ in range(3)]
    results = [confirmation.confirm(confirmation.make_token(row)) for row in rows]
    assert [row.state for row in results] == ["relayed", "relayed", "not_relayed"]
    assert OutboxMessage.objects.filter(recipient=person.email).count() == 2
    assert "წერილებს არ იღებს" in str(relay.confirmed_text(results[2]))


@pytest.mark.usefixtures("committed")
def test_practitioner_limit_holds_when_confirmations_arrive_together(settings):
    settings.PBCERT = {"CONTACT_PRACTITIONER_LIMIT": (3, 86400)}
    person = practitioner()
    tokens = [confirmation.make_token(contact_request(person)) for _ in range(8)]
    together(
        *[lambda token=token: Client().post(f"/ka/confirm-address/{token}/") for token in tokens]
    )
    assert OutboxMessage.objects.filter(recipient=person.email).count() == 3
    assert ContactRequest.objects.filter(practitioner=person, state="relayed").count() == 3


@pytest.mark.django_db
def test_stop_link_in_one_click_in_every_language(client, demo):
    person = practitioner()
    english = Practitioner.objects.create(
        **{
            f.attname: getattr(person, f.attname)
            for f in Practitioner._meta.concrete_fields
            if not f.primary_key and f.name != "locale"
        }
        | {"locale": directory("en").locale, "name": "English copy"}
    )
    row = contact_request(person)
    confirmation.confirm(confirmation.make_token(row))
    message = OutboxMessage.objects.get(event="practitioner_message")
    stop = re.search(r"/ka/practitioners/stop/[^\s/]+/", message.body_text).group(0)
    page = client.get(stop)
    assert page.status_code == 200
    person.refresh_from_db()
    assert person.accepts_contact  # a GET changes nothing
    # One-click unsubscribe (RFC 8058): a POST without a CSRF token.
    assert Client(enforce_csrf_checks=True).post(stop).status_code == 200
    person.refresh_from_db()
    english.refresh_from_db()
    assert not person.accepts_contact and not english.accepts_contact
    assert client.get(f"/ka/practitioners/{person.pk}/contact/").status_code == 404
    # A message confirmed afterwards is not relayed.
    late = contact_request(person)
    assert confirmation.confirm(confirmation.make_token(late)).state == "not_relayed"
    assert client.get("/ka/practitioners/stop/forged/").status_code == 404


@pytest.mark.django_db
def test_report_shows_the_message_to_staff(client, demo):
    row = contact_request(message="A rude message, planted-text-91")
    confirmation.confirm(confirmation.make_token(row))
    staff = factories.StaffFactory()
    admin = Client()
    admin.force_login(staff)
    index = reverse("pbcert_contact_requests:index")
    listing = admin.get(index)
    assert listing.status_code == 200
    assert "planted-text-91" not in listing.content.decode()
    inspect = admin.get(reverse("pbcert_contact_requests:inspect", args=[row.pk]))
    assert "planted-text-91" not in inspect.content.decode()
    outbox = admin.get(reverse("pbcert_outbox:index"))
    assert "planted-text-91" not in outbox.content.decode()
    email = OutboxMessage.objects.get(event="practitioner_message")
    shown = admin.get(reverse("pbcert_outbox:inspect", args=[email.pk])).content.decode()
    assert "planted-text-91" not in shown
    report = re.search(r"/ka/practitioners/report/[^\s/]+/", email.body_text).group(0)
    client.get(report)
    row.refresh_from_db()
    assert row.reported_at is None
    client.post(report)
    row.refresh_from_db()
    assert row.reported_at is not None
    assert "planted-text-91" in admin.get(index).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "listing", "edit", "sees_email"),
    [
        ("anonymous", 302, 302, False),
        ("expert", 302, 302, False),
        ("consortium", 302, 302, False),
        ("editor", 302, 302, False),
        ("staff", 200, 200, True),
        ("superuser", 200, 200, True),
        ("changer", 302, 200, False),
    ],
)
def test_admin_access(role, listing, edit, sees_email):
    person = practitioner(email=SECRET)
    row = contact_request(person)
    users = {
        "expert": factories.ExpertFactory,
        "consortium": factories.ConsortiumMemberFactory,
        "editor": factories.EditorFactory,
        "staff": factories.StaffFactory,
        "superuser": factories.SuperuserFactory,
    }
    client = Client()
    if role == "changer":  # may edit practitioners, not see their address
        user = factories.UserFactory(groups=[])
        group = Group.objects.create(name="practitioner editors")
        group.permissions.set(
            Permission.objects.filter(
                codename__in=["access_admin", "change_practitioner", "view_practitioner"]
            )
        )
        user.groups.add(group)
        client.force_login(user)
    elif role != "anonymous":
        client.force_login(users[role]())
    codes = lambda r: 302 if r.status_code in (302, 403) else r.status_code  # noqa: E731
    assert codes(client.get(reverse("pbcert_contact_requests:index"))) == listing
    assert codes(client.get(reverse("pbcert_contact_requests:inspect", args=[row.pk]))) == listing
    page = client.get(reverse("wagtailsnippets_pbcert_practitioner:edit", args=[person.pk]))
    assert codes(page) == edit
    if edit == 200:
        assert (SECRET in page.content.decode()) is sees_email
    hide = client.post(reverse("pbcert_practitioner_hide", args=[person.pk]))
    person.refresh_from_db()
    assert person.hidden is (role in ("staff", "superuser", "changer")), hide.status_code


@pytest.mark.django_db
def test_registry_links_a_certified_municipality_to_its_representatives(client, demo):
    kutaisi = Municipality.objects.get(code="kutaisi")
    for language in ("ka", "en"):
        registry = demo["registry"][language]
        page = client.get(registry.url + "municipality/kutaisi/")
        if page.status_code == 404:
            pytest.skip("kutaisi has no certificate in the demo")
        person = kutaisi.representatives.get(locale=registry.locale)
        links = [a["href"] for a in soup(page).select(".registry__representatives a")]
        assert links == [f"{directory(language).url}?municipality=kutaisi#practitioner-{person.pk}"]
        listed = client.get(f"{directory(language).url}?municipality=kutaisi")
        assert names(listed) == [person.name]


@pytest.mark.django_db
def test_retention_anonymises_old_contact_requests(settings):
    settings.PBCERT = {"CONTACT_REQUEST_DAYS": 30}
    person = practitioner()
    old = contact_request(person, name="Old Sender", message="old text")
    confirmation.ask(old)
    confirmation.confirm(confirmation.make_token(old))
    OutboxMessage.objects.update(status="sent", sent_at=timezone.now())
    ContactRequest.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    recent = contact_request(person, name="Recent Sender")
    counts = retention.purge_expired()
    assert counts["contact_requests"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.anonymised_at and old.message == "" and "Old Sender" not in old.name
    assert old.email.endswith(".invalid") and old.state == "relayed"
    assert recent.name == "Recent Sender"
    for email in OutboxMessage.objects.all():
        assert "Old Sender" not in email.subject + email.body_text + str(email.headers)
    assert retention.purge_expired()["contact_requests"] == 0


def test_kind_line_names_the_cohort():
    person = Practitioner(name="A", kind=PractitionerKind.ALUMNUS, cohort_year=2024)
    assert person.kind_line.endswith(", 2024")
