"""The admin home as each person's dashboard: what waits for them, named and linked, and
nothing of what they may not see; a person with two roles sees both lists."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pbcert_wagtail import workflow
from pbcert_wagtail.admin import dashboard
from pbcert_wagtail.models import Municipality

from . import factories, scenarios
from .conftest import body, soup

pytestmark = pytest.mark.django_db


def panel(client, user):
    client.force_login(user)
    page = soup(client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en"))
    return page.select_one(".pbcert-next")


def actions(found):
    """{label: (count, url, [(item text, item url)])} of a panel."""
    result = {}
    for li in found.select(".pbcert-next__action") if found else []:
        link = li.select_one(".pbcert-next__link")
        count = int(link.select_one(".pbcert-next__count").text)
        label = link.get_text(" ", strip=True).split(" ", 1)[1]
        items = [(a.get_text(strip=True), a["href"]) for a in li.select(".pbcert-next__items a")]
        result[label] = (count, link["href"], items)
    return result


def test_staff_see_each_stage_waiting_with_its_applications_linked(client, demo):
    waiting = scenarios.applied(municipality="telavi")
    short = scenarios.in_review(scenarios.submitted(municipality="gori"))
    overdue = scenarios.assign(short, due_date=timezone.localdate() - datetime.timedelta(days=2))
    ready = scenarios.ready_for_decision(municipality="batumi")
    found = actions(panel(client, waiting.people.staff))

    count, url, items = found["new application to confirm"]
    assert count == 1 and "status=awaiting_confirmation" in url
    assert items[0][0].startswith(waiting.application.reference)
    assert client.get(items[0][1]).status_code == 200  # the application screen

    count, _url, items = found["application short of experts: assign them"]
    assert count == 1 and short.application.reference in items[0][0]
    needed = short.call.experts_per_application
    assert f"1 of {needed} experts" in panel(client, waiting.people.staff).text
    count, _url, items = found["review overdue"]
    assert count == 1 and short.application.reference in items[0][0]
    assert overdue.expert.username in panel(client, waiting.people.staff).text
    assert "application with all its reviews in: send it to the consortium" not in found
    scenarios.review(short, overdue)
    others = [
        scenarios.assign(short, expert)
        for expert in short.people.experts[1 : short.call.experts_per_application]
    ]
    found = actions(panel(client, waiting.people.staff))
    count, _url, items = found["application in expert review, reviews still to come"]
    assert count == 1 and short.application.reference in items[0][0]
    assert "application short of experts: assign them" not in found
    for assignment in others:
        scenarios.review(short, assignment)
    found = actions(panel(client, waiting.people.staff))
    count, _url, items = found["application with all its reviews in: send it to the consortium"]
    assert count == 1 and short.application.reference in items[0][0]
    assert (
        "review overdue" not in found and "application short of experts: assign them" not in found
    )
    count, url, items = found["decision to record"]
    assert count == 1 and ready.application.reference in items[0][0]
    assert url.endswith("/consortium/")


def test_an_expert_sees_their_own_tasks_in_order_and_nothing_of_others(client, demo):
    mine = scenarios.in_review(municipality="telavi")
    other = scenarios.in_review(municipality="gori")
    assignment = scenarios.assign(mine, conflict=None)
    scenarios.assign(other, mine.people.experts[1])
    expert = assignment.expert

    found = actions(panel(client, expert))
    count, _url, items = found["assignment: declare any conflict of interest"]
    assert count == 1 and items[0][1] == f"/admin/pbcert/reviews/{assignment.pk}/"
    assert other.application.reference not in panel(client, expert).text

    workflow.declare_conflict(assignment, expert, False, "")
    found = actions(panel(client, expert))
    assert "assignment: declare any conflict of interest" not in found
    count, _url, items = found["review to write"]
    assert count == 1 and mine.application.reference in items[0][0]

    scenarios.review(mine, assignment)
    assert panel(client, expert).select_one(".pbcert-next__none") is not None  # all done


def test_a_review_whose_application_changed_after_it_was_sent_is_flagged(client, demo):
    case = scenarios.reviewed(scenarios.submitted(municipality="telavi"))
    assert "application whose answers changed since your review" not in actions(
        panel(client, case.people.expert)
    )
    case = scenarios.information_requested(case, during="in_review", unlocked_keys=["general_data"])
    scenarios.information_answered(case, changes={"general_data": "ახალი აღწერა."})
    found = actions(panel(client, case.people.expert))
    count, _url, items = found["application whose answers changed since your review"]
    assert count == 1 and case.application.reference in items[0][0]


def test_the_consortium_sees_its_list_but_not_an_application_it_declared_a_conflict_on(
    client, demo
):
    ready = scenarios.ready_for_decision(municipality="telavi")
    hidden = scenarios.in_review(municipality="gori")
    member = ready.people.chair
    member.groups.add(*ready.people.expert.groups.all())  # a member who is also an expert
    scenarios.assign(hidden, member, conflict=True)
    hidden = scenarios.ready_for_decision(hidden)
    found = actions(panel(client, member))
    count, url, items = found["application ready for the consortium's decision"]
    assert count == 1 and ready.application.reference in items[0][0]
    assert "weighted average 4.00" in panel(client, member).text
    assert hidden.application.reference not in panel(client, member).text


def test_editors_see_drafts_and_what_is_not_translated_yet(client, demo):
    page = demo["programme"]["ka"]
    page.title = "ახალი სათაური-ჯერ-არ-გამოქვეყნებული"
    page.save_revision()
    editor = scenarios.people_per_role().admin
    found = actions(panel(client, editor))
    count, _url, items = found["page with changes not yet published"]
    assert any(text.startswith("ახალი სათაური-ჯერ") for text, _ in items)
    assert client.get(items[0][1]).status_code == 200


def test_someone_with_no_role_sees_no_panel(client, demo):
    nobody = factories.UserFactory()
    assert dashboard.next_actions(nobody) == {}


def test_the_staff_dashboard_queries_do_not_grow_with_applications(client, demo):
    people = scenarios.people_per_role()
    client.force_login(people.staff)

    def measure():
        body(client.get("/admin/"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/").status_code == 200
        return len(queries)

    codes = list(Municipality.objects.active().values_list("code", flat=True)[:36])

    def more(first, last):  # per municipality: one short of experts, one to confirm
        for i in range(first, last):
            scenarios.in_review(scenarios.submitted(municipality=codes[i]))
            scenarios.applied(municipality=codes[18 + i])

    more(0, dashboard.MAX_ITEMS + 1)
    few = measure()
    more(dashboard.MAX_ITEMS + 1, 18)
    assert measure() == few  # the items named are capped; the rest are counted


def test_an_application_that_ended_asks_nothing_more_of_its_experts(client, demo):
    case = scenarios.in_review(municipality="telavi")
    declared = scenarios.assign(case)
    undeclared = scenarios.assign(case, case.people.experts[1], conflict=None)
    assert actions(panel(client, declared.expert))["review to write"][0] == 1
    assert (
        actions(panel(client, undeclared.expert))["assignment: declare any conflict of interest"][0]
        == 1
    )
    scenarios.withdrawn(case)
    assert "review to write" not in actions(panel(client, declared.expert))
    assert "assignment: declare any conflict of interest" not in actions(
        panel(client, undeclared.expert)
    )


def test_staff_with_a_conflict_do_not_see_its_decision_among_those_to_publish(client, demo):
    from django.contrib.auth import get_user_model

    case = scenarios.in_review(municipality="telavi")
    staff = case.people.staff
    staff.groups.add(*case.people.expert.groups.all())
    staff = get_user_model().objects.get(pk=staff.pk)  # its permissions read again
    scenarios.assign(case, staff, conflict=True)
    other = scenarios.decided(scenarios.ready_for_decision(municipality="gori"))
    scenarios.decided(scenarios.ready_for_decision(case))
    found = actions(panel(client, staff))
    count, _url, items = found["decision to publish"]
    assert count == 1 and other.application.reference in items[0][0]
    assert case.application.reference not in panel(client, staff).text


def test_staff_see_the_certificates_about_to_expire(client, demo):
    holder = scenarios.certified_last_year(days_left=20)
    found = actions(panel(client, holder.people.staff))
    count, url, items = found["certificate expiring soon"]
    assert count == 1 and "?expiring=soon" in url
    assert items[0][0].startswith(holder.certificate.number)
    listing = soup(client.get(url)).get_text()
    assert holder.certificate.number in listing
    scenarios.renewing(holder)  # started, not submitted: the reminder still concerns it
    assert "certificate expiring soon" in actions(panel(client, holder.people.staff))


def test_a_count_takes_the_right_form_of_its_label_in_each_language(client, demo):
    first = scenarios.in_review(municipality="telavi")
    assignment = scenarios.assign(first)
    expert = assignment.expert
    assert "1 review to write" in panel(client, expert).get_text(" ", strip=True)

    scenarios.assign(scenarios.in_review(municipality="gori"), expert)
    assert "2 reviews to write" in panel(client, expert).get_text(" ", strip=True)
    client.force_login(expert)
    georgian = soup(client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ka")).select_one(".pbcert-next")
    assert "2 დასაწერი შეფასება" in georgian.get_text(" ", strip=True)  # singular after numerals


def test_staff_are_asked_to_set_the_conference_and_then_to_hand_certificates_over(client, demo):
    from pbcert_wagtail.certificates import conference as service
    from pbcert_wagtail.models import HandoverConference
    from pbcert_wagtail.models.certificates import tbilisi_today

    case = scenarios.certified(municipality="telavi")
    staff = case.people.staff
    count, url, items = actions(panel(client, staff))[
        "call with certified municipalities and no handover conference: set its date and place"
    ]
    assert count == 1 and items[0][1] == f"{url}?call={case.call.pk}"
    client.force_login(staff)
    form = soup(client.get(items[0][1], HTTP_ACCEPT_LANGUAGE="en"))
    assert form.select_one(f"select[name=call] option[value='{case.call.pk}'][selected]")

    conference = HandoverConference.objects.create(
        call=case.call, date=tbilisi_today(), place_ka="თელავი", place_en="Telavi"
    )
    found = actions(panel(client, staff))
    assert not any("no handover conference" in label for label in found)
    assert not any("to hand over" in label for label in found)  # nobody said they come yet
    answer = service.record_answer(
        conference,
        case.certificate,
        dict(attending=True, people=1, names_and_roles="", needs_travel=False,
             needs_hotel=False, dietary_needs=""),
    )  # fmt: skip
    label = "certificate to hand over at the conference: mark it as received"
    count, url, items = actions(panel(client, staff))[label]
    assert count == 1 and case.certificate.number in items[0][0]
    assert url == f"/admin/conferences/attendance/{conference.pk}/"
    service.mark_received(answer)
    assert label not in actions(panel(client, staff))
