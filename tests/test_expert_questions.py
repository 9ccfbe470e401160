"""Ask an expert (issue 20), as the people meet it: a visitor asks and confirms their own
address; staff see the question in their queue and assign an expert; only that expert sees
it and answers; the answer is mailed to the visitor in the language they asked in, once;
staff make an unpublished FAQ entry of it without the visitor's identity; an editor
publishes it and translates it with wagtail-localize; the FAQ page and its JSON-LD show it.
A question whose address was never confirmed reaches no queue and causes no other email."""

import copy
import datetime
import itertools
import json
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation
from wagtail.models import Locale

from home.demo.localize import translate
from pbcert_wagtail import retention
from pbcert_wagtail.admin import dashboard
from pbcert_wagtail.community import questions as service
from pbcert_wagtail.models import (
    ExpertQuestion,
    FAQEntry,
    FAQTopic,
    Municipality,
    OutboxMessage,
    QuestionStatus,
)

from . import scenarios
from .conftest import soup

pytestmark = pytest.mark.django_db
S = QuestionStatus
addresses = (f"10.77.0.{n}" for n in itertools.count(1))
CONFIRM_LINK = re.compile(r"https?://\S+/confirm-address/\S+/")

ASKER = "ნინო ბერიძე-ტესტი"
ASKER_EMAIL = "nino.asks@example.org"


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()


@pytest.fixture
def cast(demo):
    return scenarios.people_per_role()


def municipality():
    return Municipality.objects.active().order_by("code").first()


def ask(client, language="ka", answer_language=None, **overrides):
    data = {
        "name": ASKER,
        "email": ASKER_EMAIL,
        "municipality": municipality().code,
        "question": f"როგორ ჩავრთოთ ახალგაზრდები სამოქალაქო ბიუჯეტში {municipality().name_ka}-ში?",
        "language": answer_language or language,
        **overrides,
    }
    return client.post(f"/{language}/ask-an-expert/", data, REMOTE_ADDR=next(addresses))


def emails_to(address):
    return OutboxMessage.objects.filter(recipient=address).order_by("pk")


def confirm(client, address=ASKER_EMAIL):
    """Open the link of the confirmation email, as the visitor does: the page, then its button."""
    (message,) = emails_to(address).filter(event="address_confirmation")
    link = CONFIRM_LINK.search(message.body_text).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert client.get(path).status_code == 200
    assert ExpertQuestion.objects.get(email=address).confirmed_at is None  # GET never confirms
    assert client.post(path).status_code == 200


class AdminClient(Client):
    """An admin user's browser: a GET follows the admin's redirect to /ka/admin/… (so a
    refusal reads 404 or 403 as the person sees it)."""

    def get(self, path, *args, **kwargs):
        response = super().get(path, *args, **kwargs)
        if response.status_code == 302 and response["Location"] == f"/ka{path}":
            response = super().get(response["Location"], *args, **kwargs)
        return response


def refused(response):
    """Refused as the admin refuses: 404 (also after the redirect to /ka/admin/…, which a
    POST gets), 403, or Wagtail's redirect of a refused person to the admin home or login."""
    if response.status_code in (403, 404):
        return True
    location = response.get("Location", "") if response.status_code == 302 else ""
    return (
        location.rstrip("/").endswith("/admin")
        or "/login/" in location
        or (location.startswith("/ka/admin/") and response.request["PATH_INFO"] == location[3:])
    )


def admin(user):
    client = AdminClient()
    client.force_login(user)
    return client


def asked_and_confirmed(client, **kwargs):
    assert ask(client, **kwargs).status_code == 302
    confirm(client)
    return ExpertQuestion.objects.get(email=ASKER_EMAIL)


def assign(staff, question, expert):
    response = admin(staff).post(
        f"/admin/pbcert/questions/{question.pk}/assign/", {"expert": expert.pk}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    question.refresh_from_db()
    return question


ANSWER = "დაიწყეთ სკოლებში შეხვედრებით და ახალგაზრდულ საბჭოსთან ერთად, ნინო ბერიძე-ტესტი."


def answer(expert, question, text=ANSWER):
    return admin(expert).post(f"/admin/pbcert/questions/{question.pk}/answer/", {"answer": text})


def faq_json_ld(html):
    (script,) = html.select('script[type="application/ld+json"]')
    return json.loads(script.string)


def faq_questions(client, page):
    html = soup(client.get(page.url))
    shown = [h.get_text(strip=True) for h in html.select(".faq__entry .faq__question")]
    in_json = [item["name"] for item in faq_json_ld(html)["mainEntity"]]
    return shown, in_json


def test_question_to_answer_to_a_published_translated_faq_entry(client, demo, cast):
    staff, expert, other = cast.staff, cast.experts[0], cast.experts[1]
    response = ask(client)
    assert response.status_code == 302
    question = ExpertQuestion.objects.get()
    assert question.status == S.UNCONFIRMED and question.language == "ka"
    assert question.municipality == municipality()
    # Not in the queue before the address is confirmed.
    assert question.question[:40] not in admin(staff).get("/admin/pbcert/questions/").text

    confirm(client)
    question.refresh_from_db()
    assert question.status == S.QUEUED
    queue = admin(staff).get("/admin/pbcert/questions/")
    assert question.question[:40] in queue.text
    with translation.override("en"):
        todo = {a.text: a for a in dashboard.next_actions(staff)["staff"]}
    assert todo["question to assign"].count == 1
    assert todo["question to assign"].url.endswith("?status=queued")

    # Staff choose the expert by "name (username)".
    screen = soup(admin(staff).get(f"/admin/pbcert/questions/{question.pk}/"))
    options = [o.get_text(strip=True) for o in screen.select("select[name=expert] option")]
    assert any(f"({expert.username})" in option for option in options)
    assign(staff, question, expert)
    assert question.status == S.ASSIGNED and question.expert == expert

    # Only that expert sees it.
    assert admin(other).get(f"/admin/pbcert/questions/{question.pk}/").status_code == 404
    assert question.question[:40] not in admin(other).get("/admin/pbcert/questions/").text
    assert refused(answer(other, question))
    with translation.override("en"):
        mine = [(a.text, a.count) for a in dashboard.next_actions(expert)["expert"]]
    assert mine == [("question to answer", 1)]
    page = admin(expert).get(f"/admin/pbcert/questions/{question.pk}/").text
    assert question.question[:40] in page and ASKER_EMAIL not in page

    # The answer goes to the asker, in Georgian, once.
    assert answer(expert, question).status_code == 302
    question.refresh_from_db()
    assert question.status == S.MAILED and question.answered_by == expert
    (mail,) = emails_to(ASKER_EMAIL).filter(event="expert_answer")
    assert mail.language == "ka" and mail.subject == "პასუხი თქვენს კითხვაზე"
    assert "დაიწყეთ სკოლებში შეხვედრებით" in mail.body_text
    assert refused(answer(expert, question, "სხვა პასუხი, ისევ და ისევ, მეორედ."))
    service.mail_answer(question)
    assert emails_to(ASKER_EMAIL).filter(event="expert_answer").count() == 1
    assert emails_to(ASKER_EMAIL).count() == 2  # the confirmation, the answer

    # Staff make an unpublished FAQ entry, in Georgian, without the asker.
    topic = FAQTopic.objects.filter(locale__language_code="ka").first()
    form = soup(admin(staff).get(f"/admin/pbcert/questions/{question.pk}/"))
    prefilled = form.select_one("textarea[name=answer]").get_text()
    assert ASKER not in prefilled and "[…]" in prefilled
    faq_question = form.select_one("input[name=question]")["value"]
    response = admin(staff).post(
        f"/admin/pbcert/questions/{question.pk}/faq-draft/",
        {"topic": topic.pk, "question": faq_question, "answer": prefilled},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    entry = question.faq_entry
    assert entry is not None and not entry.live and entry.locale.language_code == "ka"
    assert entry.topic == topic
    for identity in (ASKER, "ბერიძე-ტესტი", ASKER_EMAIL, municipality().name_ka):
        assert identity not in entry.question + entry.answer
    faq_ka = demo["faq"]["ka"]
    shown, in_json = faq_questions(client, faq_ka)
    assert entry.question not in shown and entry.question not in in_json

    # An editor publishes it: on the Georgian FAQ page and in its JSON-LD.
    entry.live = True
    entry.save()
    shown, in_json = faq_questions(client, faq_ka)
    assert entry.question in shown and entry.question in in_json

    # …and translates it with wagtail-localize.
    english = copy.copy(entry)
    english.question = "How do we involve young people in participatory budgeting?"
    english.answer = "<p>Start with meetings in schools, together with the youth council.</p>"
    translate(entry, english, Locale.objects.get(language_code="en"))
    translated = FAQEntry.objects.get(
        translation_key=entry.translation_key, locale__language_code="en"
    )
    assert translated.live and translated.topic.locale.language_code == "en"
    shown, in_json = faq_questions(client, demo["faq"]["en"])
    assert english.question in shown and english.question in in_json


def test_a_question_asked_in_english_is_answered_in_english_and_drafted_in_english(
    client, demo, cast
):
    question = asked_and_confirmed(
        client, language="ka", answer_language="en", question="How is a municipality certified?"
    )
    assert question.language == "en"
    assign(cast.staff, question, cast.experts[0])
    assert (
        answer(cast.experts[0], question, "Through the yearly call; see the C1 form.").status_code
        == 302
    )
    (mail,) = emails_to(ASKER_EMAIL).filter(event="expert_answer")
    assert mail.language == "en" and mail.subject == "The answer to your question"
    assert "/en/ask-an-expert/" in mail.body_text
    topics = soup(admin(cast.staff).get(f"/admin/pbcert/questions/{question.pk}/"))
    offered = {int(o["value"]) for o in topics.select("select[name=topic] option") if o["value"]}
    assert offered == set(
        FAQTopic.objects.filter(locale__language_code="en").values_list("pk", flat=True)
    )
    ka_topic = FAQTopic.objects.filter(locale__language_code="ka").first()
    with pytest.raises(service.NotNow):
        service.make_faq_draft(question, ka_topic, "Q?", "A.", cast.staff)
    en_topic = FAQTopic.objects.filter(locale__language_code="en").first()
    entry = service.make_faq_draft(
        question, en_topic, "How is one certified?", "Yearly.", cast.staff
    )
    assert entry.locale.language_code == "en" and not entry.live
    with pytest.raises(service.NotNow):  # once per question
        service.make_faq_draft(question, en_topic, "Again?", "Again.", cast.staff)


def test_an_unconfirmed_question_reaches_no_queue_and_no_email_but_the_confirmation(
    client, demo, cast
):
    assert ask(client).status_code == 302
    question = ExpertQuestion.objects.get()
    staff = admin(cast.staff)
    assert question.question[:40] not in staff.get("/admin/pbcert/questions/").text
    for path in ("", "assign/", "faq-draft/"):
        assert staff.get(f"/admin/pbcert/questions/{question.pk}/{path}").status_code == 404
    assert refused(
        staff.post(f"/admin/pbcert/questions/{question.pk}/assign/", {"expert": cast.experts[0].pk})
    )
    with pytest.raises(service.NotNow):
        service.assign(question, cast.experts[0], cast.staff)
    question.answer = "an answer written somehow"
    assert service.mail_answer(question) is None
    assert all("question" not in a.text for a in dashboard.next_actions(cast.staff)["staff"])
    assert [m.event for m in OutboxMessage.objects.all()] == ["address_confirmation"]
    # Asking again from the same address is another question, and another confirmation.
    assert ask(client).status_code == 302
    assert OutboxMessage.objects.exclude(event="address_confirmation").count() == 0


def test_an_expert_sees_only_the_questions_assigned_to_them(client, demo, cast):
    staff, mine, theirs = cast.staff, cast.experts[0], cast.experts[1]
    first = service.ask_question("ა ბ", "a@example.org", "პირველი კითხვა-mine-1a2b", "ka")
    second = service.ask_question("გ დ", "b@example.org", "მეორე კითხვა-theirs-3c4d", "ka")
    for question, expert in ((first, mine), (second, theirs)):
        question.confirmed_at = timezone.now()
        question.save()
        service.queue_question(question)
        service.assign(question, expert, staff)
    listing = admin(mine).get("/admin/pbcert/questions/").text
    assert "mine-1a2b" in listing and "theirs-3c4d" not in listing
    assert admin(mine).get(f"/admin/pbcert/questions/{second.pk}/").status_code == 404
    assert admin(mine).get(f"/admin/pbcert/questions/{second.pk}/answer/").status_code == 404
    assert refused(admin(mine).get(f"/admin/pbcert/questions/{first.pk}/assign/"))
    assert refused(admin(mine).get(f"/admin/pbcert/questions/{first.pk}/faq-draft/"))
    staff_listing = admin(staff).get(f"/admin/pbcert/questions/?expert={theirs.pk}").text
    assert "theirs-3c4d" in staff_listing and "mine-1a2b" not in staff_listing
    assert refused(admin(cast.editor).get("/admin/pbcert/questions/"))
    assert refused(admin(cast.consortium[0]).get(f"/admin/pbcert/questions/{first.pk}/"))


# -- the public form's protections ----------------------------------------------------------


def test_a_bot_is_thanked_and_nothing_is_kept(client, demo):
    response = ask(client, **{"pbcert-website": "http://spam.example"})
    assert response.status_code == 302
    assert not ExpertQuestion.objects.exists() and not OutboxMessage.objects.exists()


def test_errors_stand_next_to_the_field_in_the_visitors_language_and_nothing_is_kept(client, demo):
    response = ask(client, email="არა-ელფოსტა", question="x" * 4001)
    assert response.status_code == 400
    errors = {e["id"]: e.get_text() for e in soup(response).select(".field__errors")}
    assert "მართებული ელფოსტის" in errors["id_email_errors"]
    assert "id_question_errors" in errors
    response = ask(client, language="en", municipality="no-such-place")
    assert response.status_code == 400
    assert "valid choice" in soup(response).select_one("#id_municipality_errors").get_text()
    assert not ExpertQuestion.objects.exists() and not OutboxMessage.objects.exists()


def test_over_the_limit_the_form_refuses_in_georgian(client, demo, settings):
    settings.PBCERT = {"FORM_RATE_LIMIT": (2, 600)}
    for _ in range(2):
        assert client.post("/ka/ask-an-expert/", {}, REMOTE_ADDR="10.78.0.1").status_code == 400
    data = {
        "name": "ა",
        "email": "a@example.org",
        "question": "კითხვა, საკმარისად გრძელი.",
        "language": "ka",
    }
    response = client.post("/ka/ask-an-expert/", data, REMOTE_ADDR="10.78.0.1")
    assert response.status_code == 429
    assert "ძალიან ბევრი მცდელობა" in response.content.decode()
    assert not ExpertQuestion.objects.exists()


def test_the_form_needs_its_csrf_token(demo):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/ka/ask-an-expert/", {"name": "x"})
    assert response.status_code == 403
    assert not ExpertQuestion.objects.exists()


def test_the_form_page_in_both_languages(client, demo):
    for language, heading in (("ka", "ჰკითხეთ ექსპერტს"), ("en", "Ask an expert")):
        page = soup(client.get(f"/{language}/ask-an-expert/"))
        assert page.select_one("h1").get_text(strip=True) == heading
        assert page.select_one("form input[name=csrfmiddlewaretoken]")


# -- retention ----------------------------------------------------------------------------------


def test_the_askers_data_is_removed_after_the_retention_period(client, demo, cast, settings):
    question = asked_and_confirmed(client)
    assign(cast.staff, question, cast.experts[0])
    answer(cast.experts[0], question)
    OutboxMessage.objects.update(status="sent", sent_at=timezone.now())
    forgotten = service.ask_question("ვინმე", "never@example.org", "დაუდასტურებელი კითხვა", "ka")
    today = timezone.localdate()
    assert retention.purge_expired(today)["expert_questions"] == 0
    later = today + datetime.timedelta(days=31)
    OutboxMessage.objects.update(status="sent", sent_at=timezone.now())
    assert retention.purge_expired(later)["expert_questions"] == 1  # the unconfirmed one
    forgotten.refresh_from_db()
    assert forgotten.email.endswith(".invalid") and forgotten.question == ""
    much_later = today + datetime.timedelta(days=366)
    assert retention.purge_expired(much_later)["expert_questions"] == 1
    question.refresh_from_db()
    assert question.anonymised_at and question.name == "" and question.question == ""
    assert question.municipality is None and ASKER_EMAIL not in question.email
    assert "ბერიძე-ტესტი" not in question.answer and "სკოლებში" in question.answer
    assert not OutboxMessage.objects.filter(recipient=ASKER_EMAIL).exists()
    assert retention.purge_expired(much_later)["expert_questions"] == 0
    privacy = client.get("/en/privacy/").content.decode()
    assert "Questions to an expert" in privacy and "365 days" in privacy


def test_a_question_left_unanswered_past_the_period_leaves_the_queue_for_good(client, demo, cast):
    """The period took the asker and the question away: nobody is asked to answer an
    empty question, and an answer can no longer bring the asker back."""
    question = asked_and_confirmed(client)
    assign(cast.staff, question, cast.experts[0])
    OutboxMessage.objects.update(status="sent", sent_at=timezone.now())
    later = timezone.localdate() + datetime.timedelta(days=366)
    assert retention.purge_expired(later)["expert_questions"] == 1
    assert not ExpertQuestion.objects.confirmed().filter(pk=question.pk).exists()
    assert answer(cast.experts[0], question).status_code in (302, 404)
    question.refresh_from_db()
    assert question.answer == "" and question.answered_at is None


def test_the_askers_identity_goes_in_its_georgian_forms_and_nothing_else_does():
    """Inflected names and places go ("თელავში", "ბერიშვილს"); words that merely contain
    a short name stay ("განაცხადი" holds "ანა")."""
    from types import SimpleNamespace

    from pbcert_wagtail.community.questions import identity_in, without_identity

    asker = SimpleNamespace(
        name="ანა ბერიშვილი",
        email="ana.b@example.org",
        municipality=SimpleNamespace(name_ka="თელავი", name_en="Telavi"),
    )
    text = "როგორ შევავსოთ განაცხადი თელავში? ბერიშვილს და ანას ანგარიში, ana.b@example.org"
    cleaned = without_identity(text, asker)
    assert cleaned == "როგორ შევავსოთ განაცხადი […]? […] და […] ანგარიში, […]"
    assert identity_in(cleaned, asker) == []
    assert identity_in("განაცხადის ანგარიში", asker) == []  # the form refuses nothing here
