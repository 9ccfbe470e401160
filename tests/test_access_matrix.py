"""The access-control matrix: every admin URL of our namespaces, for every role.

URLs are discovered from the URL resolver, so a new view in one of these namespaces is
checked by default (and fails here until its expectation is decided).
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from pbcert_wagtail import people as people_service
from pbcert_wagtail.community import nominations
from pbcert_wagtail.community import questions as expert_questions
from pbcert_wagtail.models import HandoverConference, OutboxMessage, PractitionerTopic

from . import factories, practitioner_helpers, scenarios
from .conftest import body

pytestmark = pytest.mark.django_db

NAMESPACES = [
    "pbcert_applications",
    "pbcert_outbox",
    "pbcert_reviews",
    "municipality",
    "certificationcall",
    "pbcert_lockouts",
    "certificate",
    "handoverconference",
    "pbcert_people",
    "pbcert_questions",
    "pbcert_nominations",
    # The directory (admin/practitioners.py); its "Hide now" has no namespace and is
    # checked for each role in test_practitioners.py::test_admin_access.
    "pbcert_contact_requests",
    "wagtailsnippets_pbcert_practitioner",
    "wagtailsnippets_pbcert_practitionertopic",
    "wagtailsnippetchoosers_pbcert_practitioner",
    "wagtailsnippetchoosers_pbcert_practitionertopic",
]
PRACTITIONER_NAMESPACES = {
    "wagtailsnippets_pbcert_practitioner": "practitioner",
    "wagtailsnippets_pbcert_practitionertopic": "topic",
    "wagtailsnippetchoosers_pbcert_practitioner": "practitioner",
    "wagtailsnippetchoosers_pbcert_practitionertopic": "topic",
}
POST_ONLY = {
    "pbcert_outbox:retry",
    "pbcert_outbox:retry_failed",
    "certificate:new_document",
    "certificate:render",
    "handoverconference:received",
    "pbcert_people:invite_again",
    "pbcert_people:reactivate",
    "pbcert_nominations:approve",
    "pbcert_nominations:reject",
}
PRACTITIONER_EMAIL = "matrix-practitioner-secret@example.org"
ROLES = [
    "anonymous",
    "applicant",
    "expert",
    "expert_other",
    "expert_conflict",
    "consortium",
    "staff",
    "editor",
    "superuser",
]


def walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and namespace in NAMESPACES and entry.name:
            yield f"{namespace}:{entry.name}", prefix + str(entry.pattern)


def discovered_urls():
    return sorted(set(walk(get_resolver().url_patterns)))


def fill(route, objects):
    """A concrete path for a route pattern, with the objects' ids."""
    path = "/" + route.lstrip("^").replace("\\Z", "").replace("$", "")
    for name, value in objects.items():
        path = re.sub(rf"<(?:\w+:)?{name}>", str(value), path)
    return path if "<" not in path else None


NOBODY = {
    # Applications are made by applicants and never deleted; outbox rows are the system's.
    "pbcert_applications:add",
    "pbcert_applications:delete",
    "pbcert_outbox:add",
    "pbcert_outbox:edit",
    "pbcert_outbox:delete",
    "pbcert_outbox:history",
    "pbcert_outbox:history_results",
    "pbcert_outbox:usage",
    # Certificates are revoked, never deleted.
    "certificate:delete",
    # Contact requests are the visitors': staff read them (abuse handling), never write one.
    "pbcert_contact_requests:add",
    "pbcert_contact_requests:edit",
    "pbcert_contact_requests:delete",
    "pbcert_contact_requests:history",
    "pbcert_contact_requests:history_results",
    "pbcert_contact_requests:usage",
}


def allowed(role, name):
    """Who may open what. Anything not listed is refused."""
    namespace, view = name.split(":")
    if name in NOBODY:
        return False
    if namespace == "pbcert_questions":
        # Staff see every confirmed question, assign it, make an FAQ draft of it; only the
        # expert it is assigned to opens it and answers it; other experts see their (empty)
        # list. The world's question is assigned and answered only in its own tests.
        if role in ("staff", "superuser"):
            return view in ("index", "question", "assign")
        if role == "expert":
            return view in ("index", "question", "answer")
        return role in ("expert_other", "expert_conflict") and view == "index"
    if namespace.startswith("wagtailsnippetchoosers_") and view != "create":
        # Wagtail opens every snippet's chooser to anyone signed in to the admin: the
        # practitioners' and topics' names, never a practitioner's email (test_matrix).
        return role not in ("anonymous", "applicant")
    if role == "superuser":
        return namespace != "pbcert_reviews" or view == "index"
    if namespace == "pbcert_reviews":
        # The expert has declared no conflict on a review (not a completeness check).
        return (
            (role == "expert" and view in ("index", "assignment", "attachment", "review"))
            or (role == "expert_conflict" and view in ("index", "assignment"))
            or (role == "expert_other" and view == "index")
        )
    if role == "staff":  # People too (pbcert_people): staff and superusers only
        deletes = (
            "municipality",
            "certificationcall",
            "handoverconference",
            # Staff hide a practitioner ("Hide now"); only a superuser deletes one.
            *PRACTITIONER_NAMESPACES,
        )
        return not (namespace in deletes and view in ("delete",))
    if role == "consortium":
        # The world's application is still in review: the consortium sees it only from
        # "ready for the consortium" on (test_the_consortium_sees_it_when_it_is_ready).
        return namespace == "pbcert_applications" and view in (
            "index",
            "index_results",
            "export",
            "consortium",
            "export_reviews",
        )
    return False


@pytest.fixture
def world(demo):
    """An application in review: one expert without a conflict, one with, a file."""
    case = scenarios.in_review()
    cast = case.people
    people = {
        "staff": cast.staff,
        "expert": cast.experts[0],
        "expert_other": cast.experts[1],
        "expert_conflict": factories.ExpertFactory(username="expert3"),
        "consortium": cast.consortium[0],
        "editor": cast.editor,
        "superuser": cast.admin,
    }
    mine = scenarios.assign(case, people["expert"])
    conflicted = scenarios.assign(
        case, people["expert_conflict"], conflict=True, note="I advise them."
    )
    attachment = factories.AttachmentFactory(application=case.application)
    outbox = OutboxMessage.objects.first()
    # People (staff only): an expert invited, still without a password.
    invitee = people_service.invite(
        "invitee@example.org", "ნიკა", "ბერიძე", "expert", "ka", by=cast.staff
    ).user
    certificate = factories.CertificateFactory(municipality=case.application.municipality)
    # Ask an expert: a confirmed question, assigned to the expert.
    question = expert_questions.ask_question("ანა", "ana@example.org", "კითხვა ექსპერტს?", "ka")
    question.confirmed_at = timezone.now()
    question.save()
    expert_questions.queue_question(question)
    expert_questions.assign(question, people["expert"], cast.staff)
    conference = HandoverConference.objects.create(
        call=case.application.call, date=timezone.localdate(), place_ka="თბილისი"
    )
    # The directory: a practitioner, a topic, a visitor's message to them.
    person = practitioner_helpers.practitioner(email=PRACTITIONER_EMAIL)
    topic = PractitionerTopic.objects.create(name="ბიუჯეტი", locale=person.locale)
    person.topics.add(topic)
    message = practitioner_helpers.contact_request(person)
    nomination = nominations.nominate(
        case.application.municipality, "ეს მუნიციპალიტეტი მზადაა.", "", "ka"
    )
    return {
        "people": people,
        "application": case.application,
        "token": case.token,
        "assignments": {"expert": mine, "expert_conflict": conflicted},
        "objects": {
            "attachment_pk": attachment.pk,
            "outbox": outbox.pk,
            "certificate": certificate.pk,
            "document": certificate.current_document().pk,
            "conference": conference.pk,
            "person": invitee.pk,
            "question": question.pk,
            "nomination": nomination.pk,
            "practitioner": person.pk,
            "topic": topic.pk,
            "contact_request": message.pk,
        },
    }


def client_for(role, world):
    client = Client()
    if role not in ("anonymous", "applicant"):
        client.force_login(world["people"][role])
    return client


def object_ids(name, world, role):
    namespace = name.split(":")[0]
    if namespace == "pbcert_reviews":
        assignment = world["assignments"].get(role, world["assignments"]["expert"])
        return {"pk": assignment.pk, "attachment_pk": world["objects"]["attachment_pk"]}
    if namespace == "pbcert_outbox":
        return {"pk": world["objects"]["outbox"]}
    if namespace == "certificate":
        key = (
            "document"
            if name.split(":")[1] in ("document", "new_document", "render")
            else "certificate"
        )
        return {"pk": world["objects"][key]}
    if namespace == "handoverconference":
        return {"pk": world["objects"]["conference"]}
    if namespace == "pbcert_people":
        return {"pk": world["objects"]["person"]}
    if namespace == "pbcert_questions":
        return {"pk": world["objects"]["question"]}
    if namespace == "pbcert_nominations":
        if name.endswith(":municipality"):
            return {"pk": world["application"].municipality_id}
        return {"pk": world["objects"]["nomination"]}
    if namespace in PRACTITIONER_NAMESPACES:
        return {"pk": world["objects"][PRACTITIONER_NAMESPACES[namespace]]}
    if namespace == "pbcert_contact_requests":
        return {"pk": world["objects"]["contact_request"]}
    if namespace == "municipality":
        return {"pk": world["application"].municipality_id}
    if namespace == "certificationcall":
        return {"pk": world["application"].call_id}
    if name.endswith(":attachment"):
        return {"pk": world["objects"]["attachment_pk"]}
    if name == "pbcert_applications:publish":
        return {"pk": world["application"].call_id}
    return {"pk": world["application"].pk, "assignment": world["assignments"]["expert"].pk}


def opened(response):
    """True when the page was shown: after redirects, a 200 that is not the login page or
    the admin home (where Wagtail sends a refused user)."""
    if response.status_code != 200:
        return False
    final = response.redirect_chain[-1][0] if response.redirect_chain else ""
    return not ("/login/" in final or final.rstrip("/").endswith("/admin"))


def test_every_namespace_has_urls():
    found = {name.split(":")[0] for name, _route in discovered_urls()}
    assert set(NAMESPACES) <= found


@pytest.mark.parametrize("role", ROLES)
def test_matrix(role, world):
    client = client_for(role, world)
    results = []
    for name, route in discovered_urls():
        path = fill(route, object_ids(name, world, role))
        if path is None:
            continue
        if name in POST_ONLY:
            response = client.post(path)
            got = (
                response.status_code == 302
                and "/login/" not in response["Location"]
                and role in ("staff", "superuser")
            )
            expected = role in ("staff", "superuser")
        else:
            response = client.get(path, follow=True)
            got = opened(response)
            expected = allowed(role, name)
            if got and role not in ("staff", "superuser"):
                # Only who may see it (pbcert.see_practitioner_email) is shown the address.
                assert PRACTITIONER_EMAIL not in body(response).decode(), path
        if got != expected:
            results.append(
                f"{name} {path}: expected {'allowed' if expected else 'refused'}, got {response.status_code}"
            )
    assert results == []


@pytest.mark.parametrize(
    "role", ["expert", "expert_conflict", "expert_other", "editor", "consortium"]
)
def test_site_history_shows_no_application_to_those_without_staff_rights(role, world):
    client = client_for(role, world)
    reference = world["application"].reference
    for url in (
        "/admin/reports/site-history/",
        "/admin/reports/site-history/results/",
        "/admin/reports/site-history/?export=csv",
    ):
        response = client.get(url)
        if response.status_code == 200 and role != "consortium":
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert reference not in body.decode(), url


def test_expert_with_a_conflict_sees_no_answer_and_no_file(world):
    client = client_for("expert_conflict", world)
    assignment = world["assignments"]["expert_conflict"]
    page = client.get(f"/admin/pbcert/reviews/{assignment.pk}/").content.decode()
    assert "pbcert-review__answers" not in page
    own_file = f"/admin/pbcert/reviews/{assignment.pk}/file/{world['objects']['attachment_pk']}/"
    assert client.get(own_file, follow=True).status_code == 404


def test_applicant_link_opens_only_its_own_application(world):
    client = Client()
    token = world["token"]
    attachment = world["objects"]["attachment_pk"]
    assert client.get(f"/ka/application/{token}/").status_code == 200
    assert client.get(f"/ka/application/{token}/files/{attachment}/").status_code == 200
    other = scenarios.applied().token
    assert client.get(f"/ka/application/{other}/files/{attachment}/").status_code == 404
    assert client.get("/admin/pbcert_applications/").status_code == 302  # to the login


def test_the_consortium_sees_it_when_it_is_ready(world):
    client = client_for("consortium", world)
    application = world["application"]
    screen = f"/admin/pbcert_applications/review/{application.pk}/"
    assert not opened(client.get(screen, follow=True))
    assert application.reference not in client.get("/admin/pbcert_applications/").text
    type(application).objects.filter(pk=application.pk).update(status="ready_for_decision")
    assert opened(client.get(screen, follow=True))
    assert application.reference in client.get("/admin/pbcert_applications/").text
