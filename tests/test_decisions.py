"""The consortium's decision and the publication of results."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pbcert_wagtail import workflow
from pbcert_wagtail.models import ApplicationStatus, ConsortiumDecision, OutboxMessage

from . import scenarios
from .actions import act, field_error, page_errors
from .conftest import soup

pytestmark = pytest.mark.django_db
S = ApplicationStatus
RATIONALE = "The process follows the standards."
ADVICE = [{"criterion": "pb_development", "text": "Add online voting."}]


@pytest.fixture
def ready(demo):
    """An English application sent to the consortium, which has four members."""
    people = scenarios.people_per_role(members=4)
    return scenarios.ready_for_decision(language="en", people=people)


def record(application, chair, members_present, **extra):
    """`workflow.record_decision` itself, for what `scenarios.decided` would not try."""
    data = {"outcome": "certified", "rationale": RATIONALE, "recommendations": ADVICE}
    return workflow.record_decision(
        application,
        chair,
        meeting_date=timezone.localdate(),
        members_present=members_present,
        **{**data, **extra},
    )


def test_decision_stays_internal_until_published_then_is_sent_once(client, ready):
    members = ready.people.consortium
    chair = members[0]
    decision = scenarios.decided(
        ready, members=members[:3], rationale=RATIONALE, recommendations=ADVICE
    ).decision
    assert ready.status == S.DECIDED
    assert decision.author == chair
    page = soup(client.get(ready.url())).get_text(" ", strip=True)
    assert "The process follows the standards." not in page
    assert "decided" not in page.lower()
    assert not OutboxMessage.objects.filter(event="result_published").exists()

    assert workflow.publish_results(ready.call) == 1
    assert workflow.publish_results(ready.call) == 0  # twice: nobody emailed twice
    message = OutboxMessage.objects.get(event="result_published")
    assert message.language == "en"
    assert "Add online voting." in message.body_text
    page = soup(client.get(ready.url())).get_text(" ", strip=True)
    assert "The process follows the standards." in page
    decision.refresh_from_db()
    assert decision.is_published


def test_the_schedule_publishes_on_the_results_date(ready):
    scenarios.decided(ready)
    call = ready.call
    assert workflow.publish_due_results(call.results_at - datetime.timedelta(days=1)) == 0
    assert workflow.publish_due_results(call.results_at) == 1
    assert workflow.publish_due_results(call.results_at) == 0


def test_refusals(ready):
    members = ready.people.consortium
    chair, outsider = members[0], ready.people.expert
    with pytest.raises(workflow.TransitionNotAllowed):
        scenarios.decided(ready, members=members[:2])  # no quorum
    with pytest.raises(workflow.TransitionNotAllowed):
        scenarios.decided(ready, members=[*members[:2], outsider], votes=False)
    with pytest.raises(workflow.TransitionNotAllowed):
        record(ready.application, chair, members[:3], votes={members[3]: "certified"})  # absent
    with pytest.raises(workflow.TransitionNotAllowed):
        scenarios.decided(ready, members=members[:3], rationale=" ")
    with pytest.raises(PermissionDenied):
        record(ready.application, outsider, members[:3])
    assert not ConsortiumDecision.objects.exists()  # nothing half-saved
    assert ready.status == S.READY_FOR_DECISION
    scenarios.decided(ready, members=members[:3])
    assert ready.status == S.DECIDED
    with pytest.raises(workflow.TransitionNotAllowed):
        record(ready.application, chair, members[:3])  # a second decision


def test_no_decision_before_the_application_is_ready(people):
    case = scenarios.reviewed(people=people)  # reviewed, not sent to the consortium
    assert case.status == S.IN_REVIEW
    with pytest.raises(workflow.TransitionNotAllowed):
        record(case.application, people.chair, people.consortium)


def test_staff_record_in_the_admin_and_publish_with_a_preview(client, ready):
    members, staff, application = ready.people.consortium, ready.people.staff, ready.application
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
    quorum = act(
        client, application, "record_decision", {**data, "members_present": [members[0].pk]}
    )
    assert quorum.status_code == 409
    assert "კვორუმ" in page_errors(quorum)
    assert act(client, application, "record_decision", data).status_code == 302
    decision = ConsortiumDecision.objects.get(application=application)
    assert decision.recommendations == [
        {"criterion": "pb_development", "text": "Hold more meetings."}
    ]
    assert decision.votes.get().member == members[0]
    # Consortium members do not publish; staff see who will be emailed, then publish.
    publish = f"/admin/pbcert_applications/publish/{application.call_id}/"
    assert client.get(publish, follow=True).redirect_chain
    client.force_login(staff)
    preview = client.get(publish).content.decode()
    assert application.reference in preview and application.contact_email in preview
    assert client.post(publish).status_code == 302
    assert OutboxMessage.objects.filter(event="result_published").count() == 1
    client.post(publish)
    assert OutboxMessage.objects.filter(event="result_published").count() == 1


def test_a_published_decision_is_locked(ready):
    chair = ready.people.chair
    decision = scenarios.decided(ready).decision
    workflow.amend_decision(decision, chair, rationale="Corrected before publication.")
    workflow.publish_results(ready.call)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.amend_decision(decision, chair, rationale="Changed after.")
    decision.refresh_from_db()
    assert decision.rationale == "Corrected before publication."


def test_review_fixes_votes_republish_and_badge(client, ready):
    members, staff, application = ready.people.consortium, ready.people.staff, ready.application
    client.force_login(members[0])
    base = {
        "meeting_date": timezone.localdate().isoformat(),
        "members_present": [m.pk for m in members[:3]],
        "outcome": "certified",
        "rationale": "Fine.",
    }
    # A vote by a member not recorded as present is refused, not dropped.
    absent = act(
        client, application, "record_decision", {**base, f"vote_{members[3].pk}": "certified"}
    )
    assert absent.status_code == 400
    assert field_error(absent, f"vote_{members[3].pk}")
    assert not ConsortiumDecision.objects.exists()
    assert act(client, application, "record_decision", base).status_code == 302
    page = soup(client.get(ready.url()))
    assert "status-badge--decided" not in str(page)
    client.force_login(staff)
    publish = f"/admin/pbcert_applications/publish/{application.call_id}/"
    client.post(publish)
    again = client.post(publish, follow=True)
    assert (
        "already published" in again.content.decode() or "გამოქვეყნებულია" in again.content.decode()
    )
    decision = ConsortiumDecision.objects.get()
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.amend_decision(decision, members[0], outcome="bogus")


def test_a_recommendation_two_experts_made_alike_is_proposed_once(client, people):
    same = {"criterion": "pb_development", "text": "გაავრცელეთ  სამოქალაქო ბიუჯეტი სოფლებზეც."}
    other = {"criterion": "", "text": "გამოაქვეყნეთ ანგარიში."}
    case = scenarios.reviewed(recommendations=[same])
    scenarios.review(
        case,
        scenarios.assign(
            case,
            people.experts[2]
            if len(people.experts) > 2
            else scenarios.people_per_role(experts=3).experts[2],
        ),
        recommendations=[{**same, "text": same["text"].replace("  ", " ")}, other],
    )
    case = scenarios.ready_for_decision(case)
    client.force_login(case.people.staff)
    url = f"/admin/pbcert_applications/review/{case.application.pk}/record-decision/"
    texts = [t.text.strip() for t in soup(client.get(url)).select("textarea[name$='_text']")]
    texts = [t for t in texts if t]
    assert texts.count("გაავრცელეთ სამოქალაქო ბიუჯეტი სოფლებზეც.") + texts.count(same["text"]) == 1
    assert "გამოაქვეყნეთ ანგარიში." in texts
