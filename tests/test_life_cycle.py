"""The life-cycle table and what hangs off it: only fire() writes a status, transitions say
whom they email, signals inside (or after) the transaction, withdrawn requests closed
with a reason, revisions decided by the first submission, the demo's sample application
made through the real steps."""

import ast
import io
import pathlib

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pbcert_wagtail import signals, workflow
from pbcert_wagtail.answers import answer_sections
from pbcert_wagtail.models import (
    Application,
    ApplicationLogEntry,
    ApplicationStatus,
    InformationRequest,
    Municipality,
    OutboxMessage,
)
from pbcert_wagtail.models.questionnaires import QuestionnaireResponse

from . import scenarios
from .actions import act
from .factories import ApplicationFactory

S = ApplicationStatus
PLUGIN = pathlib.Path(workflow.__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def actions(application):
    return list(
        ApplicationLogEntry.objects.filter(application=application)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def test_the_table_covers_every_status():
    reached = {t.target for t in workflow.TRANSITIONS.values()} | {S.AWAITING_CONFIRMATION}
    left = {source for t in workflow.TRANSITIONS.values() for source in t.sources}
    assert reached - {"back"} == set(S.values)
    # Every status but the ends can be left; the ends cannot.
    assert set(S.values) - left == {S.DECIDED, S.DECLINED, S.INELIGIBLE, S.WITHDRAWN}


def test_only_fire_writes_an_application_status():
    """No module but workflow/machine.py (the demo loader included) assigns or updates
    `status` on an application."""
    offenders = []
    for path in [*PLUGIN.rglob("*.py"), *(PLUGIN.parent / "home").rglob("*.py")]:
        if "migrations" in path.parts or path.name == "machine.py":
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            keywords = node.keywords if isinstance(node, ast.Call) else []
            writes = ("update", "create", "get_or_create", "update_or_create")
            if any(k.arg == "status" for k in keywords) and ast.unparse(node.func).endswith(writes):
                offenders.append(f"{path.relative_to(PLUGIN.parent)}:{node.lineno}")
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Attribute) and t.attr == "status" for t in node.targets
            ):
                offenders.append(f"{path.relative_to(PLUGIN.parent)}:{node.lineno}")
    # The outbox has a status of its own (the sender's updates of it are not ours to forbid),
    # and so do the community's questions and nominations (community/), never applications.
    own = ("pbcert_wagtail/tasks.py", "pbcert_wagtail/community/")
    assert [o for o in offenders if not o.startswith(own)] == []


def test_no_module_is_over_450_lines():
    long = {
        str(path.relative_to(PLUGIN)): n
        for path in PLUGIN.rglob("*.py")
        if "migrations" not in path.parts and (n := len(path.read_text().splitlines())) > 450
    }
    assert long == {}


# The completeness checklist, every item ticked (the guard of "accept for review").
TICKED = {key: True for key, *_labels in workflow.screening_checklist()}


# "ready for the consortium" tells the consortium's members (tests/test_labels.py).
@pytest.mark.parametrize("name", ["start_screening", "accept_for_review"])
def test_internal_steps_email_nobody_and_say_so(admin_client, people, name):
    application = ApplicationFactory(status=workflow.TRANSITIONS[name].sources[0], screening=TICKED)
    before = OutboxMessage.objects.count()
    response = act(admin_client, application, name, follow=True)
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == workflow.TRANSITIONS[name].target
    assert workflow.TRANSITIONS[name].emails == ()
    assert OutboxMessage.objects.count() == before
    text = response.content.decode()
    assert "ელფოსტა არავის გაეგზავნა" in text
    assert "განმცხადებელს ელფოსტით ეცნობა" not in text  # the claim it used to make


def test_every_button_emails_whom_the_table_says(people):
    """Fire each transition staff can press and compare the outbox with `emails`."""
    staff = people.staff
    for name, transition in workflow.TRANSITIONS.items():
        if not transition.button:
            continue
        application = ApplicationFactory(status=transition.sources[0], screening=TICKED)
        type(application.call).objects.filter(pk=application.call_id).update(
            experts_per_application=0
        )
        before = set(OutboxMessage.objects.values_list("pk", flat=True))
        workflow.fire(application, name, staff, comment="Because.")
        new = OutboxMessage.objects.exclude(pk__in=before)
        to_applicant = new.filter(recipient=application.contact_email).exists()
        assert to_applicant == ("applicant" in transition.emails), name


def test_the_transition_signal_is_inside_the_transaction(people):
    application = scenarios.applied(people=people).application
    assert application.status == S.AWAITING_CONFIRMATION
    seen = []

    def receiver(application, transition, user, **kwargs):
        seen.append(
            (transition.name, transition.target, transaction.get_connection().in_atomic_block)
        )
        raise RuntimeError("a receiver failed")

    signals.application_transitioned.connect(receiver)
    try:
        with pytest.raises(RuntimeError):
            workflow.fire(application, "confirm", people.staff)
    finally:
        signals.application_transitioned.disconnect(receiver)
    assert seen == [("confirm", S.QUESTIONNAIRE, True)]
    application.refresh_from_db()
    # The receiver's failure undid the change and its email.
    assert application.status == S.AWAITING_CONFIRMATION
    assert not OutboxMessage.objects.filter(event="application_confirmed").exists()


def test_withdrawing_closes_open_requests_with_the_reason(people):
    case = scenarios.information_requested(
        text="The council's decision, please.", due_date=timezone.localdate(), people=people
    )
    application, request = case.application, case.request
    assert request.is_open
    scenarios.withdrawn(case, reason="The municipality asked to withdraw.")
    assert case.status == S.WITHDRAWN
    request.refresh_from_db()
    assert not request.is_open
    assert request.answered_at is None and request.answer_text == ""
    assert request.closed_reason == "The municipality asked to withdraw."
    assert not InformationRequest.objects.open().filter(application=application).exists()


def test_information_requests_go_through_the_table(people):
    case = scenarios.information_requested(
        during=S.IN_REVIEW, text="More, please.", due_date=timezone.localdate(), people=people
    )
    application = case.application
    assert case.status == S.INFORMATION_REQUESTED
    scenarios.information_answered(case, "Here it is.")
    assert case.status == S.IN_REVIEW  # back where it came from
    assert actions(application)[-2:] == [
        "pbcert.application.request_information",
        "pbcert.application.answer_information",
    ]


def test_revisions_start_after_the_first_submission(client, people):
    """Before the first submission, drafts change freely; after it, changes are kept."""
    application = scenarios.questionnaire_open(people=people).application
    assert application.status == S.QUESTIONNAIRE
    response = QuestionnaireResponse.objects.create(application=application, answers={"a": "1"})
    workflow.record_revisions(application, response, {"a": "1"}, {"a": "2"})
    assert not application.revisions.exists()
    workflow.submit_questionnaire(application, response)
    first = QuestionnaireResponse.objects.get(pk=response.pk).first_submitted_at
    assert first is not None
    workflow.fire(application, "reopen_questionnaire", people.staff, comment="Please add the plan.")
    response.refresh_from_db()
    workflow.record_revisions(application, response, {"a": "2"}, {"a": "3"})
    assert list(application.revisions.values_list("old_value", "new_value")) == [("2", "3")]
    workflow.submit_questionnaire(application, response)
    response.refresh_from_db()
    assert response.first_submitted_at == first


def test_results_published_is_sent_after_commit_and_decision_published_inside(
    people, django_capture_on_commit_callbacks
):
    case = scenarios.decided(people=people)
    application = case.application
    assert application.status == S.DECIDED and not case.decision.is_published
    inside, after = [], []

    def on_decision(decision, **kwargs):
        inside.append(transaction.get_connection().in_atomic_block)

    def on_results(call, decisions, **kwargs):
        after.append((call.pk, [d.application_id for d in decisions]))

    signals.decision_published.connect(on_decision)
    signals.results_published.connect(on_results)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert workflow.publish_results(application.call) == 1
            assert after == []  # not before the commit
    finally:
        signals.decision_published.disconnect(on_decision)
        signals.results_published.disconnect(on_results)
    assert inside == [True]
    assert after == [(application.call_id, [application.pk])]


def test_the_demo_sample_application_went_through_the_real_steps(demo):
    call_command("load_initial_data", stdout=io.StringIO())
    application = Application.objects.get(municipality=Municipality.objects.get(code="sighnaghi"))
    assert application.status == S.SUBMITTED
    assert actions(application) == [
        "pbcert.application.submit",
        "pbcert.application.confirm",
        "pbcert.application.submit_questionnaire",
    ]
    response = application.questionnaire
    assert response.questions, "its questionnaire keeps the questions as asked"
    sections = answer_sections(application, response)
    shown = [row for section in sections for row in section["rows"] if row["layout"] != "empty"]
    assert {row["key"] for row in shown} >= {"general_data", "population"}
    assert application.questions and application.answers["contacts"][0]["email"].endswith(
        "@example.org"
    )


def test_a_screening_expert_who_lost_a_race_is_told_what_happened(people):
    expert = people.expert
    case = scenarios.screening(people=people)
    scenarios.assign(case, expert, purpose="screening")
    stale = Application.objects.get(pk=case.application.pk)
    scenarios.in_review(case)  # staff ticked the checklist and accepted it meanwhile
    assert case.status == S.IN_REVIEW and stale.status == S.SCREENING
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.fire(stale, "screen_ineligible", expert, comment="Too late.")


def test_a_closed_request_reads_as_closed_to_staff_and_applicant(admin_client, client, people):
    case = scenarios.information_requested(
        text="Send the plan.", due_date=timezone.localdate(), people=people
    )
    application, request = case.application, case.request
    scenarios.withdrawn(case, reason="Withdrawn-marker-7Q.")
    screen = admin_client.get(reverse("pbcert_applications:review", args=[application.pk]))
    html = screen.content.decode()
    assert "დაიხურა პასუხის გარეშე" in html and "Withdrawn-marker-7Q." in html
    assert 'name="extend_request"' not in html
    page = client.get(case.url(f"information/{request.pk}/", language="ka")).content.decode()
    assert "ეს მოთხოვნა დაიხურა პასუხის გარეშე" in page
    assert "ამ მოთხოვნას პასუხი გაეცა" not in page
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.answer_information_request(request, "late", {})
