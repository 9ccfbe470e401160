"""People, as staff use it: invite an expert or a consortium member by email, the invited
person chooses a password through the email's link and works only on their own
assignments; staff send the invitation again, deactivate and reactivate — never
themselves or a superuser; only staff (and superusers) get any of it."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from pbcert_wagtail import people as service
from pbcert_wagtail import roles, tasks
from pbcert_wagtail.models import Invitation, Municipality, OutboxMessage

from . import factories, scenarios
from .actions import field_error
from .conftest import soup
from .races import both_reach, committed, together  # noqa: F401 (a fixture)

User = get_user_model()
INVITE = "/admin/pbcert/people/invite/"
LINK = re.compile(r"https?://\S+/invitation/confirm/[\w-]+/[\w-]+/")
PASSWORD = "ტყემალი-და-ხაჭაპური-2026"


def person_page(person, action=""):
    return f"/admin/pbcert/people/{person.pk}/{action}"


def invitation(**overrides):
    return {
        "email": "Tamar.Kapanadze@example.org",
        "first_name": "თამარ",
        "last_name": "კაპანაძე",
        "role": "expert",
        "language": "ka",
        **overrides,
    }


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff(people):
    return people.staff


@pytest.fixture
def as_staff(staff):
    return signed_in(staff)


def invited_link(address):
    """The link in the invitation actually sent to `address` (the worker sends it)."""
    tasks.send_due_messages()
    sent = [m for m in mail.outbox if address in m.to]
    assert len(sent) == 1, [m.to for m in mail.outbox]
    return LINK.search(sent[0].body).group(0)


def choose_password(link, password=PASSWORD):
    """Follow the link and choose the password, as the invited person does."""
    client = Client()
    opened = client.get(scenarios.path_of(link))
    assert opened.status_code == 302, opened  # the token moves into the session
    form = client.get(opened["Location"])
    assert form.status_code == 200 and "new_password1" in form.text, form.text
    saved = client.post(opened["Location"], {"new_password1": password, "new_password2": password})
    return client, saved


def sign_in(username, password=PASSWORD):
    client = Client()
    response = client.post("/admin/login/", {"username": username, "password": password})
    return client, response


def refused(response):
    """Refused as Wagtail refuses inside the admin: 403, or back to the admin home (a
    signed-in user), or to the sign-in page (anonymous)."""
    if response.status_code == 403:
        return True
    where = response.get("Location", "")
    return response.status_code == 302 and (where == "/admin/" or "/admin/login/" in where)


def rename(application, marker):
    """A marker in the application's municipality name, which its listings show."""
    Municipality.objects.filter(pk=application.municipality_id).update(name_ka=marker)


def test_staff_invite_an_expert_who_then_sees_only_their_assignments(as_staff, staff):
    response = as_staff.post(INVITE, invitation())
    expert = User.objects.get(email="Tamar.Kapanadze@example.org")
    assert response.status_code == 302 and response["Location"] == person_page(expert)
    assert expert.username == "tamar.kapanadze"
    assert roles.person_label(expert) == "თამარ კაპანაძე (tamar.kapanadze)"
    assert list(expert.groups.values_list("name", flat=True)) == [roles.EXPERTS]
    assert not expert.has_usable_password()
    assert UserProfile.get_for_user(expert).preferred_language == "ka"
    [email] = OutboxMessage.objects.filter(event="person_invited")
    assert email.recipient == expert.email and email.language == "ka"
    assert "გამარჯობა, თამარ კაპანაძე!" in email.body_text
    assert "თქვენი როლი: ექსპერტი\nმომხმარებლის სახელი: tamar.kapanadze\n" in email.body_text
    listing = as_staff.get("/admin/pbcert/people/?role=expert").text
    assert "თამარ კაპანაძე (tamar.kapanadze)" in listing
    assert "მოწვეულია, პაროლი ჯერ არ აქვს" in listing  # invited, no password yet

    link = invited_link(expert.email)
    assert link.split("/", 3)[3].startswith("ka/invitation/confirm/")
    email.refresh_from_db()
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in email.body_for_staff and token not in email.body_text  # masked

    _client, saved = choose_password(link)
    assert saved.status_code == 302 and saved["Location"] == reverse("wagtailadmin_login")
    expert.refresh_from_db()
    assert expert.has_usable_password()
    assert Invitation.objects.get(user=expert).accepted_at is not None
    again = Client().get(scenarios.path_of(link))
    assert "new_password1" not in again.text  # the link worked once

    mine, other = scenarios.in_review(), scenarios.in_review()
    own = scenarios.assign(mine, expert)
    foreign = scenarios.assign(other)  # the demo's first expert
    rename(mine.application, "MRK-MINE-7c1f")
    rename(other.application, "MRK-OTHER-93ab")

    client, response = sign_in("tamar.kapanadze")
    assert response.status_code == 302 and response["Location"] == "/admin/", response
    pages = {
        "dashboard": client.get("/admin/"),
        "my reviews": client.get("/admin/pbcert/reviews/"),
        "my assignment": client.get(f"/admin/pbcert/reviews/{own.pk}/"),
    }
    for name, page in pages.items():
        assert page.status_code == 200, name
        assert "MRK-OTHER-93ab" not in page.text, name
        assert other.application.reference not in page.text, name
    assert "MRK-MINE-7c1f" in pages["my reviews"].text
    assert mine.application.reference in pages["my reviews"].text
    assert client.get(f"/admin/pbcert/reviews/{foreign.pk}/", follow=True).status_code == 404
    assert refused(client.get("/admin/pbcert_applications/"))
    assert refused(client.get("/admin/pbcert/people/"))
    assert "tamar.kapanadze" in as_staff.get(person_page(expert)).text
    assert service.state_of(expert) == "active"


def test_the_invitation_goes_in_the_language_staff_chose(as_staff):
    as_staff.post(INVITE, invitation(email="giorgi@example.org", language="en"))
    email = OutboxMessage.objects.get(event="person_invited")
    assert email.language == "en" and "Your role: Expert\n" in email.body_text
    assert "/en/invitation/confirm/" in email.body_text
    giorgi = User.objects.get(email="giorgi@example.org")
    assert UserProfile.get_for_user(giorgi).preferred_language == "en"


def test_a_duplicate_email_is_refused_next_to_the_field_in_georgian(as_staff):
    existing = factories.ExpertFactory(username="nberidze", email="nino@example.org")
    response = as_staff.post(INVITE, invitation(email="NINO@Example.org"))
    assert response.status_code == 400
    error = field_error(response, "email")
    assert error.startswith("ეს ელფოსტა უკვე ეკუთვნის ანგარიშს"), error
    assert roles.person_label(existing) in error
    assert User.objects.filter(email__iexact="nino@example.org").count() == 1
    assert not OutboxMessage.objects.filter(event="person_invited").exists()


def test_a_username_taken_by_another_address_gets_a_number(as_staff):
    factories.ExpertFactory(username="nino", email="nino@other.example.org")
    as_staff.post(INVITE, invitation(email="Nino@example.org"))
    assert User.objects.get(email="Nino@example.org").username == "nino2"


@pytest.mark.parametrize("role", ["expert", "consortium", "editor"])
def test_those_who_are_not_staff_cannot_invite(people, role):
    user = {"expert": people.expert, "consortium": people.chair, "editor": people.editor}[role]
    client = signed_in(user)
    assert refused(client.get(INVITE))
    assert refused(client.post(INVITE, invitation()))
    assert refused(client.get("/admin/pbcert/people/"))
    assert refused(client.post(person_page(people.experts[1], "deactivate/")))
    assert not User.objects.filter(email__iexact="tamar.kapanadze@example.org").exists()
    assert not OutboxMessage.objects.filter(event="person_invited").exists()
    people.experts[1].refresh_from_db()
    assert people.experts[1].is_active


def test_anonymous_is_sent_to_sign_in(people):
    response = Client().post(INVITE, invitation())
    assert refused(response) and "/admin/login/" in response["Location"]
    assert not User.objects.filter(email__iexact="tamar.kapanadze@example.org").exists()


def test_staff_invite_no_staff_but_a_superuser_does(people, as_staff):
    form = soup(as_staff.get(INVITE))
    assert [i["value"] for i in form.select("input[name=role]")] == ["expert", "consortium"]
    refused = as_staff.post(INVITE, invitation(role="staff"))
    assert refused.status_code == 400 and field_error(refused, "role")
    assert not User.objects.filter(email__iexact="tamar.kapanadze@example.org").exists()
    admin = signed_in(people.admin)
    assert admin.post(INVITE, invitation(role="staff")).status_code == 302
    colleague = User.objects.get(email="Tamar.Kapanadze@example.org")
    assert colleague.groups.get().name == roles.STAFF
    # A colleague on staff is changed only by those who may invite staff.
    as_staff.post(person_page(colleague, "deactivate/"))
    colleague.refresh_from_db()
    assert colleague.is_active


def test_a_deactivated_person_cannot_sign_in(people, as_staff):
    expert = people.experts[1]
    expert.set_password(PASSWORD)
    expert.save()
    case = scenarios.in_review()
    assignment = scenarios.assign(case, expert)
    already_in = signed_in(expert)
    assert already_in.get("/admin/pbcert/reviews/").status_code == 200

    warning = as_staff.get(person_page(expert, "deactivate/"))
    assert warning.status_code == 200
    assert case.application.reference in soup(warning).select_one(".pbcert-warning").text
    response = as_staff.post(person_page(expert, "deactivate/"), follow=True)
    assert case.application.reference in as_staff.get(person_page(expert)).text
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]
    expert.refresh_from_db()
    assert not expert.is_active
    assignment.refresh_from_db()
    assert assignment.is_active  # it stays: staff reassign it

    client, response = sign_in(expert.username)
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert already_in.get("/admin/pbcert/reviews/")["Location"].startswith("/admin/login/")
    listing = as_staff.get("/admin/pbcert/people/?state=inactive").text
    assert roles.person_label(expert) in listing
    assert roles.person_label(people.experts[0]) not in listing

    as_staff.post(person_page(expert, "reactivate/"))
    client, response = sign_in(expert.username)
    assert response.status_code == 302 and client.get("/admin/").status_code == 200


def test_staff_cannot_deactivate_a_superuser_or_themselves(staff, as_staff):
    superuser = factories.SuperuserFactory(groups=[roles.CONSORTIUM])
    for person in (superuser, staff):
        page = as_staff.get(person_page(person))
        assert page.status_code == 200 and "deactivate/" not in page.text
        as_staff.post(person_page(person, "deactivate/"))
        person.refresh_from_db()
        assert person.is_active


def test_a_person_outside_the_programme_has_no_page_here(people, as_staff):
    assert as_staff.get(person_page(people.editor), follow=True).status_code == 404
    assert as_staff.post(person_page(people.admin, "deactivate/"), follow=True).status_code == 404
    people.admin.refresh_from_db()
    assert people.admin.is_active


def test_sending_again_gives_a_new_link_and_a_double_click_sends_one(as_staff):
    as_staff.post(INVITE, invitation())
    expert = User.objects.get(email="Tamar.Kapanadze@example.org")
    first = invited_link(expert.email)
    mail.outbox.clear()
    as_staff.post(person_page(expert, "invite-again/"))  # a moment after the first
    assert OutboxMessage.objects.filter(event="person_invited").count() == 1

    earlier = datetime.timedelta(minutes=5)
    Invitation.objects.filter(user=expert).update(last_sent_at=expert.date_joined - earlier)
    for _click in range(2):
        response = as_staff.post(person_page(expert, "invite-again/"))
        assert response.status_code == 302
    assert OutboxMessage.objects.filter(event="person_invited").count() == 2
    second = invited_link(expert.email)
    assert second != first
    assert "new_password1" not in Client().get(scenarios.path_of(first), follow=True).text
    _client, saved = choose_password(second)
    assert saved.status_code == 302


def test_an_expired_link_no_longer_works(as_staff, settings, monkeypatch):
    as_staff.post(INVITE, invitation())
    expert = User.objects.get(email="Tamar.Kapanadze@example.org")
    link = invited_link(expert.email)
    later = default_token_generator._now() + datetime.timedelta(
        seconds=settings.PASSWORD_RESET_TIMEOUT + 60
    )
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    page = Client().get(scenarios.path_of(link), follow=True)
    assert page.status_code == 200 and "new_password1" not in page.text
    assert "ეს მოსაწვევი ბმული არ მუშაობს" in page.text
    Invitation.objects.filter(user=expert).update(
        last_sent_at=expert.date_joined - datetime.timedelta(days=30)
    )
    assert "მოწვევის ვადა გავიდა" in as_staff.get("/admin/pbcert/people/").text


def test_the_link_is_no_way_to_reset_a_password(people):
    expert = people.expert  # has a password
    uidb64 = urlsafe_base64_encode(force_bytes(expert.pk))
    token = default_token_generator.make_token(expert)
    path = reverse("pbcert:accept_invitation", kwargs={"uidb64": uidb64, "token": token})
    page = Client().get(path, follow=True)
    assert "new_password1" not in page.text


def test_people_lists_the_programme_by_role(people, as_staff):
    page = as_staff.get("/admin/pbcert/people/")
    assert page.status_code == 200
    rows = {row.select_one("a").text: row for row in soup(page).select("tbody tr")}
    assert roles.person_label(people.expert) in rows
    assert roles.person_label(people.chair) in rows
    assert roles.person_label(people.staff) in rows
    assert roles.person_label(people.editor) not in rows
    members = as_staff.get("/admin/pbcert/people/?role=consortium").text
    assert roles.person_label(people.chair) in members
    assert roles.person_label(people.expert) not in members


# -- at the same time ---------------------------------------------------------------------


@pytest.mark.usefixtures("committed")
def test_an_invitation_sent_twice_at_once_makes_one_person_and_one_email(monkeypatch):
    staff = User.objects.get(username="staff")
    address = "race.person@example.org"
    logs_before = ModelLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def post():
        client = Client()
        client.force_login(staff)
        return client.post(INVITE, invitation(email=address))

    try:
        with both_reach(monkeypatch, service, "invite"):
            results = together(post, post)
        assert sorted(r.status_code for r in results) == [302, 400], results
        assert User.objects.filter(email__iexact=address).count() == 1
        assert OutboxMessage.objects.filter(event="person_invited", recipient=address).count() == 1
    finally:
        User.objects.filter(email__iexact=address).delete()
        ModelLogEntry.objects.filter(pk__gt=logs_before).delete()


@pytest.mark.usefixtures("committed")
def test_sending_again_twice_at_once_sends_once(monkeypatch):
    staff = User.objects.get(username="staff")
    address = "race.again@example.org"
    logs_before = ModelLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    try:
        person = User.objects.create_user("race.again", email=address)
        person.groups.add(Group.objects.get(name=roles.EXPERTS))
        Invitation.objects.create(user=person, language="ka")

        def post():
            client = Client()
            client.force_login(staff)
            return client.post(person_page(person, "invite-again/"))

        with both_reach(monkeypatch, service, "send_invitation"):
            results = together(post, post)
        assert [r.status_code for r in results] == [302, 302], results
        assert OutboxMessage.objects.filter(event="person_invited", recipient=address).count() == 1
    finally:
        User.objects.filter(email__iexact=address).delete()
        ModelLogEntry.objects.filter(pk__gt=logs_before).delete()


def test_people_is_in_the_menu_of_staff_only(people):
    index = reverse("pbcert_people:index")
    assert index in signed_in(people.staff).get("/admin/").text
    for user in (people.expert, people.chair, people.editor):
        assert index not in signed_in(user).get("/admin/").text


def test_a_group_of_the_site_s_own_may_let_staff_invite_staff(staff):
    leads = Group.objects.create(name="Programme leads")
    leads.permissions.add(Permission.objects.get(codename="invite_staff"))
    staff.groups.add(leads)
    client = signed_in(staff)
    assert client.post(INVITE, invitation(role="staff")).status_code == 302
    assert User.objects.get(email="Tamar.Kapanadze@example.org").groups.get().name == roles.STAFF


def test_the_staff_dashboard_names_invitations_that_expired_unused(as_staff, staff):
    as_staff.post(INVITE, invitation())
    person = User.objects.get(email__iexact="tamar.kapanadze@example.org")
    home = lambda: soup(as_staff.get("/admin/", HTTP_ACCEPT_LANGUAGE="en"))  # noqa: E731
    assert "invitation expired unused" not in home().get_text()
    Invitation.objects.filter(user=person).update(
        last_sent_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    action = next(
        li for li in home().select(".pbcert-next__action") if "invitation expired" in li.text
    )
    assert action.select_one(f'a[href="{person_page(person)}"]') is not None
    assert "?state=expired" in action.select_one(".pbcert-next__link")["href"]


def test_the_password_rules_read_as_guidance_in_georgian_before_anything_is_typed(as_staff):
    as_staff.post(INVITE, invitation())
    link = invited_link("Tamar.Kapanadze@example.org")
    client = Client()
    opened = client.get(scenarios.path_of(link).replace("/en/", "/ka/"))
    form = soup(client.get(opened["Location"], HTTP_ACCEPT_LANGUAGE="ka")).select_one("form")
    text = form.get_text(" ", strip=True)
    assert "პაროლი უნდა შეიცავდეს მინიმუმ" in text
    assert "არ უნდა ჰგავდეს თქვენს სხვა პირად მონაცემებს" in text
    assert "ძალიან მოკლეა" not in text and "ძალიან გავს" not in text  # no error before typing
