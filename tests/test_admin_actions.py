"""The application screen and its actions as staff and the consortium use them: what to
do next on top, a URL and a form per action, and messages that claim only what happened."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from pbcert_wagtail import tasks, workflow
from pbcert_wagtail.admin.applications.actions import ACTIONS, WithdrawAssignmentView, slug
from pbcert_wagtail.models import OutboxMessage

from . import scenarios
from .actions import act, action_url, field_error, screen_url
from .conftest import soup

pytestmark = pytest.mark.django_db
NOBODY = "ელფოსტა არავის გაეგზავნა."


def days(n):
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def checklist():
    return [key for key, *_ in workflow.screening_checklist()]


def ticked_screening():
    case = scenarios.screening()
    scenarios.tick_checklist(case)
    return case


def with_assignment():
    case = scenarios.in_review()
    scenarios.assign(case)
    return case


def declined_and_told():
    case = scenarios.declined()
    tasks.send_due_messages()  # its emails have gone: its personal data may be removed
    return case


DECISION = {
    "outcome": "certified",
    "rationale": "სტანდარტებს შეესაბამება.",
    "rec_0_criterion": "pb_development",
    "rec_0_text": "გამოაქვეყნეთ შედეგები ონლაინ.",
}
# action: (scenario, form data, who acts, whom it emails)
CASES = {
    # The confirmation, and the first instruction email with it.
    "confirm": (scenarios.applied, {"comment": "ვესაუბრეთ მერიას."}, "staff",
                ["applicant", "applicant"]),
    "decline": (scenarios.applied, {"comment": "ბიუჯეტი არ არის."}, "staff", ["applicant"]),
    "withdraw": (scenarios.applied, {"comment": "მოითხოვეს."}, "staff", ["applicant"]),
    "extend_questionnaire": (scenarios.questionnaire_open, {"until": days(9)}, "staff",
                             ["applicant"]),
    "reopen_questionnaire": (scenarios.submitted, {"comment": "შეასწორეთ."}, "staff",
                             ["applicant"]),
    "start_screening": (scenarios.submitted, {}, "staff", []),
    "screening": (scenarios.screening, {"checked": checklist()}, "staff", []),
    "accept_for_review": (ticked_screening, {}, "staff", []),
    "screen_ineligible": (scenarios.screening, {"comment": "არ აკმაყოფილებს."}, "staff",
                          ["applicant"]),
    "request_information": (scenarios.screening, {"text": "დაურთეთ დადგენილება.",
                            "due_date": days(7)}, "staff", ["applicant"]),
    "extend_request": (scenarios.information_requested, {"until": days(12)}, "staff",
                       ["applicant"]),
    "assign_expert": (scenarios.in_review, {"due_date": days(10), "purpose": "review"},
                      "staff", ["expert"]),
    "withdraw_assignment": (with_assignment, {"reason": ""}, "staff", []),
    # every consortium member is told (consortium_notice.py, through the signal)
    "ready_for_consortium": (scenarios.reviewed, {}, "staff",
                             ["consortium2@example.org", "consortium3@example.org",
                              "consortium@example.org"]),
    "record_decision": (scenarios.ready_for_decision, {**DECISION, "meeting_date": days(0)},
                        "chair", []),
    "amend_decision": (scenarios.decided, {**DECISION, "rationale": "შესწორებული."}, "chair",
                       []),
    "remove_personal_data": (declined_and_told, {"confirm": "on"}, "staff", []),
}  # fmt: skip


def test_every_action_has_its_own_url_and_form_and_a_case_below():
    names = {view.name.removeprefix("action_") for view in ACTIONS} | {"withdraw_assignment"}
    assert names == set(CASES)
    views = [*ACTIONS, WithdrawAssignmentView]
    assert len({slug(view.name) for view in views}) == len(views)
    assert all(view.form_class and view.__doc__ for view in views)


def sent_to(application, mark):
    return list(
        OutboxMessage.objects.filter(pk__gt=mark, application=application).values_list(
            "recipient", flat=True
        )
    )


@pytest.mark.parametrize("name", CASES)
def test_the_success_message_says_whom_the_outbox_emails(client, demo, name):
    scenario, data, who, expected = CASES[name]
    case = scenario()
    application, people = case.application, case.people
    actor = people.chair if who == "chair" else people.staff
    client.force_login(actor)
    args = []
    if name == "assign_expert":
        data = {**data, "expert": people.experts[1].pk}
    if name == "withdraw_assignment":
        args = [application.assignments.get().pk]
    if name == "record_decision":
        data = {**data, "members_present": [m.pk for m in people.consortium]}
    before = application.status
    mark = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    response = act(client, application, name, data, *args, follow=True)

    assert response.redirect_chain == [(screen_url(application), 302)], field_errors(response)
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert application.reference in said
    recipients = sent_to(application, mark)
    kinds = sorted(
        "applicant" if r == application.contact_email else "expert" if r.startswith("expert")
        else r for r in recipients
    )  # fmt: skip
    assert kinds == expected
    if not recipients:
        assert NOBODY in said
        assert "@" not in said and "განმცხადებელ" not in said
    else:
        assert NOBODY not in said
        for recipient in recipients:
            shown = "განმცხადებელი" if recipient == application.contact_email else recipient
            assert shown in said
    application.refresh_from_db()
    transition = workflow.TRANSITIONS.get(name)
    if transition:
        assert application.status == transition.target != before


def field_errors(response):
    return [e.get_text(" ", strip=True) for e in soup(response).select(".error-message")]


def test_bad_input_is_told_next_to_its_field_in_georgian(client, demo):
    case = scenarios.screening()
    client.force_login(case.people.staff)
    data = {"text": "", "due_date": "2020-01-01"}
    response = act(client, case.application, "request_information", data)
    assert response.status_code == 400
    assert field_error(response, "text") == "ეს ველი აუცილებელია."
    assert field_error(response, "due_date") == "თარიღი წარსულში ვერ იქნება."
    response = act(client, case.application, "extend_request", {"until": "ხვალ"}, follow=True)
    assert response.redirect_chain[-1][0] == screen_url(case.application)
    assert "ახლა შეუძლებელია" in response.content.decode()  # no request is open
    assert case.status == "screening"


def next_steps(page):
    section = page.select_one("#next-steps")
    return section, [b.get_text(strip=True) for b in section.select("button, a.button")]


def open_panels(page):
    return {
        section["id"]: section.select_one("details").has_attr("open")
        for section in page.select("section.pbcert-panel")
    }


def test_awaiting_confirmation_shows_what_to_do_first_and_no_empty_panel(client, demo):
    case = scenarios.applied()
    client.force_login(case.people.staff)
    page = soup(client.get(screen_url(case.application)))
    section, labels = next_steps(page)
    assert page.select("h2")[0] is section.select_one("h2")  # the first heading on the page
    assert labels[0] == "პროცესის დაწყების დადასტურება"
    assert section.select_one("form")["action"] == action_url(case.application, "confirm")
    assert open_panels(page) == {"application_form": True}  # no scores, experts, decision…


def test_a_precondition_is_stated_beside_its_disabled_button(client, demo):
    case = scenarios.screening()
    client.force_login(case.people.staff)
    page = soup(client.get(screen_url(case.application)))
    section, _labels = next_steps(page)
    accept = section.select_one(
        f"form[action='{action_url(case.application, 'accept_for_review')}']"
    )
    button = accept.select_one("button")
    assert button.has_attr("disabled")
    reason = page.select_one(f"#{button['aria-describedby']}").get_text(strip=True)
    assert reason == str(
        workflow.blocked_reason(case.application, workflow.TRANSITIONS["accept_for_review"])
    )
    assert open_panels(page) == {
        "application_form": False,
        "questionnaire": True,
        "screening": True,
    }
    scenarios.tick_checklist(case)
    page = soup(client.get(screen_url(case.application)))
    assert not next_steps(page)[0].select("button[disabled]")


def test_the_consortium_sees_a_summary_with_anchors_and_its_action(client, demo):
    case = scenarios.ready_for_decision()
    member = case.people.chair
    client.force_login(member)
    page = soup(client.get(screen_url(case.application)))
    facts = page.select_one(".pbcert-review__facts").get_text(" ", strip=True)
    assert "4,00" in facts  # the weighted average, before any section
    anchors = [a["href"] for a in page.select(".pbcert-review__toc a[href^='#']")]
    assert anchors and all(page.select_one(anchor) for anchor in anchors)
    assert "#scores" in anchors and "#experts" in anchors
    _section, labels = next_steps(page)
    assert labels == ["კონსორციუმის გადაწყვეტილების ჩაწერა…"]
    assert not page.select(f"a[href='{action_url(case.application, 'withdraw')}']")


def test_staff_reach_the_publication_from_the_call_and_the_listing(client, demo):
    case = scenarios.decided()
    client.force_login(case.people.staff)
    publish = f"/admin/pbcert_applications/publish/{case.call.pk}/"
    call_screen = soup(client.get(f"/admin/certificationcall/edit/{case.call.pk}/"))
    assert call_screen.select_one(f"header a[href='{publish}']") is not None
    listing = soup(client.get("/admin/certificationcall/"))
    assert listing.select_one(f"a[href='{publish}']") is not None
    assert case.application.reference in client.get(publish).content.decode()


def test_an_action_claims_only_the_emails_it_queued_itself():
    """Another request's email, queued while an action runs, is not the action's."""
    from pbcert_wagtail import notifications

    case = scenarios.applied()
    with notifications.watch() as queued:
        notifications.to_staff("staff_questionnaire_received", case.application)
    notifications.to_applicant("application_confirmed", case.application)  # not watched
    assert [m.recipient for m in queued] == [notifications.staff_address()]


def test_a_member_still_reviewing_sees_no_other_experts_verdict(client, demo):
    """A consortium member who is also an expert with a pending review sees neither the
    others' recommendations in the experts panel nor in the decision form."""
    from django.contrib.auth.models import Group

    case = scenarios.reviewed(recommendation="do_not_certify")
    member = case.people.chair
    member.groups.add(Group.objects.get(name="Experts"))
    scenarios.assign(case, member)
    client.force_login(member)
    page = client.get(screen_url(case.application)).content.decode()
    assert "უარი სერტიფიცირებაზე" not in page
    assert soup(client.get(screen_url(case.application))).select_one("#scores") is None


def test_withdrawing_an_expert_is_over_once_the_review_is(client, demo):
    case = scenarios.ready_for_decision()
    client.force_login(case.people.staff)
    page = soup(client.get(screen_url(case.application)))
    assert not page.select("a[href*='withdraw-assignment']")
    assignment = case.application.assignments.first()
    response = act(client, case.application, "withdraw_assignment", {}, assignment.pk, follow=True)
    assert response.redirect_chain[-1][0] == screen_url(case.application)
    assignment.refresh_from_db()
    assert assignment.withdrawn_at is None


def test_a_correction_records_only_what_changed(client, demo):
    from pbcert_wagtail.models import ApplicationLogEntry

    case = scenarios.decided()
    decision = case.decision
    client.force_login(case.people.chair)
    same = {
        "outcome": decision.outcome,
        "rationale": decision.rationale,
        "progress_assessment": decision.progress_assessment,
        **{f"rec_{i}_criterion": r["criterion"] for i, r in enumerate(decision.recommendations)},
        **{f"rec_{i}_text": r["text"] for i, r in enumerate(decision.recommendations)},
    }
    amended = ApplicationLogEntry.objects.filter(action="pbcert.application.decision_amended")
    response = act(client, case.application, "amend_decision", same, follow=True)
    assert "არაფერი შეცვლილა" in response.content.decode()
    assert not amended.exists()
    act(client, case.application, "amend_decision", {**same, "rationale": "შესწორებული."})
    assert amended.get().data["comment"] == "rationale"


def test_an_expert_already_reviewing_or_with_a_conflict_is_not_offered_again(client, demo):
    case = scenarios.in_review()
    experts = scenarios.people_per_role(experts=3).experts
    scenarios.assign(case, experts[0])
    scenarios.assign(case, experts[1], conflict=True)
    client.force_login(case.people.staff)
    page = soup(client.get(action_url(case.application, "assign_expert")))
    offered = {option["value"] for option in page.select("select[name=expert] option")}
    assert str(experts[2].pk) in offered
    assert str(experts[0].pk) not in offered and str(experts[1].pk) not in offered


def test_a_recorded_decision_leads_to_the_page_that_publishes_the_results(client, demo):
    from django.urls import reverse

    case = scenarios.decided()
    client.force_login(case.people.staff)
    page = soup(client.get(screen_url(case.application)))
    publish = reverse("pbcert_applications:publish", args=[case.call.pk])
    assert page.select_one(f'#next-steps a[href="{publish}"]') is not None
    workflow.publish_results(case.call, case.people.staff)
    page = soup(client.get(screen_url(case.application)))
    assert page.select_one(f'#next-steps a[href="{publish}"]') is None
