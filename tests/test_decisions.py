"""The consortium's decision and the publication of results."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pbcert_wagtail import workflow
from pbcert_wagtail.models import AccessToken, ApplicationStatus, ConsortiumDecision, OutboxMessage

from .actions import act, field_error, page_errors
from .conftest import soup
from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.fixture
def members(django_user_model, demo):
    group = Group.objects.get(name="Consortium members")
    people = [django_user_model.objects.get(username="consortium")]
    for i in range(3):
        person = django_user_model.objects.create_user(f"member{i}", f"member{i}@example.org", "pw")
        person.groups.add(group)
        people.append(person)
    return people


@pytest.fixture
def ready(demo):
    return ApplicationFactory(status=S.READY_FOR_DECISION, language="en")


def decide(application, chair, members, **extra):
    data = {
        "meeting_date": timezone.localdate(),
        "members_present": members[:3],
        "outcome": "certified",
        "rationale": "The process follows the standards.",
        "recommendations": [{"criterion": "pb_development", "text": "Add online voting."}],
        "progress_assessment": "Good progress on last year's advice.",
    }
    data.update(extra)
    return workflow.record_decision(application, chair, **data)


def test_decision_stays_internal_until_published_then_is_sent_once(client, ready, members):
    chair = members[0]
    decision = decide(
        ready, chair, members, votes={members[0]: "certified", members[1]: "certified"}
    )
    ready.refresh_from_db()
    assert ready.status == S.DECIDED
    assert decision.author == chair
    token = AccessToken.issue(ready)
    page = soup(client.get(f"/en/application/{token}/")).get_text(" ", strip=True)
    assert "The process follows the standards." not in page
    assert "decided" not in page.lower()
    assert not OutboxMessage.objects.filter(event="result_published").exists()

    assert workflow.publish_results(ready.call) == 1
    assert workflow.publish_results(ready.call) == 0  # twice: nobody emailed twice
    message = OutboxMessage.objects.get(event="result_published")
    assert message.language == "en"
    assert "Add online voting." in message.body_text
    page = soup(client.get(f"/en/application/{token}/")).get_text(" ", strip=True)
    assert "The process follows the standards." in page
    decision.refresh_from_db()
    assert decision.is_published


def test_the_schedule_publishes_on_the_results_date(ready, members):
    decide(ready, members[0], members)
    call = ready.call
    assert workflow.publish_due_results(call.results_at - datetime.timedelta(days=1)) == 0
    assert workflow.publish_due_results(call.results_at) == 1
    assert workflow.publish_due_results(call.results_at) == 0


def test_refusals(ready, members, django_user_model):
    chair = members[0]
    with pytest.raises(workflow.TransitionNotAllowed):
        decide(ready, chair, members, members_present=members[:2])  # no quorum
    outsider = django_user_model.objects.get(username="expert1")
    with pytest.raises(workflow.TransitionNotAllowed):
        decide(ready, chair, members, members_present=members[:2] + [outsider])
    with pytest.raises(workflow.TransitionNotAllowed):
        decide(ready, chair, members, votes={members[3]: "certified"})  # not present
    with pytest.raises(workflow.TransitionNotAllowed):
        decide(ready, chair, members, rationale=" ")
    with pytest.raises(PermissionDenied):
        decide(ready, outsider, members)
    assert not ConsortiumDecision.objects.exists()  # nothing half-saved
    ready.refresh_from_db()
    assert ready.status == S.READY_FOR_DECISION
    decide(ready, chair, members)
    with pytest.raises(workflow.TransitionNotAllowed):
        decide(ready, chair, members)  # a second decision


def test_no_decision_before_the_application_is_ready(demo, members):
    application = ApplicationFactory(status=S.IN_REVIEW)
    with pytest.raises(workflow.TransitionNotAllowed):
        decide(application, members[0], members)


def test_staff_record_in_the_admin_and_publish_with_a_preview(
    client, ready, members, django_user_model
):
    staff = django_user_model.objects.get(username="staff")
    client.force_login(members[0])
    data = {
        "meeting_date": timezone.localdate().isoformat(),
        "members_present": [m.pk for m in members[:3]],
        f"vote_{members[0].pk}": "certified",
        "outcome": "certified",
        "rationale": "Meets the standards.",
        "rec_0_criterion": "pb_development",
        "rec_0_text": "Hold more meetings.",
        "progress_assessment": "",
    }
    quorum = act(client, ready, "record_decision", {**data, "members_present": [members[0].pk]})
    assert quorum.status_code == 409
    assert "კვორუმ" in page_errors(quorum)
    assert act(client, ready, "record_decision", data).status_code == 302
    decision = ConsortiumDecision.objects.get(application=ready)
    assert decision.recommendations == [
        {"criterion": "pb_development", "text": "Hold more meetings."}
    ]
    assert decision.votes.get().member == members[0]
    # Consortium members do not publish; staff see who will be emailed, then publish.
    publish = f"/admin/pbcert_applications/publish/{ready.call_id}/"
    assert client.get(publish, follow=True).redirect_chain
    client.force_login(staff)
    preview = client.get(publish).content.decode()
    assert ready.reference in preview and ready.contact_email in preview
    assert client.post(publish).status_code == 302
    assert OutboxMessage.objects.filter(event="result_published").count() == 1
    client.post(publish)
    assert OutboxMessage.objects.filter(event="result_published").count() == 1


def test_a_published_decision_is_locked(ready, members):
    decision = decide(ready, members[0], members)
    workflow.amend_decision(decision, members[0], rationale="Corrected before publication.")
    workflow.publish_results(ready.call)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.amend_decision(decision, members[0], rationale="Changed after.")
    decision.refresh_from_db()
    assert decision.rationale == "Corrected before publication."


def test_review_fixes_votes_republish_and_badge(client, ready, members, django_user_model):
    staff = django_user_model.objects.get(username="staff")
    client.force_login(members[0])
    base = {
        "meeting_date": timezone.localdate().isoformat(),
        "members_present": [m.pk for m in members[:3]],
        "outcome": "certified",
        "rationale": "Fine.",
    }
    # A vote by a member not recorded as present is refused, not dropped.
    absent = act(client, ready, "record_decision", {**base, f"vote_{members[3].pk}": "certified"})
    assert absent.status_code == 400
    assert field_error(absent, f"vote_{members[3].pk}")
    assert not ConsortiumDecision.objects.exists()
    assert act(client, ready, "record_decision", base).status_code == 302
    token = AccessToken.issue(ready)
    page = soup(client.get(f"/en/application/{token}/"))
    assert "status-badge--decided" not in str(page)
    client.force_login(staff)
    publish = f"/admin/pbcert_applications/publish/{ready.call_id}/"
    client.post(publish)
    again = client.post(publish, follow=True)
    assert (
        "already published" in again.content.decode() or "გამოქვეყნებულია" in again.content.decode()
    )
    decision = ConsortiumDecision.objects.get()
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.amend_decision(decision, members[0], outcome="bogus")
