"""The instruction emails of seed step 3 (after confirmation, a short series: how to fill
in the questionnaire, what to prepare, the deadline), each sent once per application in its
language; staff edit them per call; and the experts' notice of answers changed after a
request for information."""

import datetime
import re

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from pbcert_wagtail import workflow
from pbcert_wagtail.changed_answers import tell_experts
from pbcert_wagtail.instructions import defaults, sending
from pbcert_wagtail.models import Application, OutboxMessage

from . import factories, scenarios
from .actions import field_error
from .conftest import soup
from .races import committed, together  # noqa: F401 (a fixture)

DAY = datetime.timedelta(days=1)


def instructions(application):
    return list(
        OutboxMessage.objects.filter(application=application, event="instructions").order_by("pk")
    )


def series(call):
    return sorted(call.instruction_emails.all(), key=lambda e: e.days_after_confirmation)


def confirmed_on(case):
    """The day of confirmation, Tbilisi time (the day the series counts from)."""
    case.application.refresh_from_db()
    return timezone.localdate(case.application.confirmed_at)


def long_date(day, language):
    with translation.override(language):
        return date_format(day, "j E Y")


# -- the series of a call -----------------------------------------------------------------


def test_a_new_call_and_the_demo_call_start_with_the_default_series(demo):
    call = factories.CertificationCallFactory()
    emails = series(call)
    assert [e.days_after_confirmation for e in emails] == [0, 3, 7]
    assert [e.subject_en for e in emails] == [e.subject_en for e in defaults.SERIES]
    assert all(e.subject_ka and e.body_ka and e.body_en for e in emails)
    assert "{link}" in emails[0].body_ka and "{deadline}" in emails[2].subject_en
    demo_call = factories.current_call()
    assert [e.days_after_confirmation for e in series(demo_call)] == [0, 3, 7]
    # The demo command again (it is idempotent) does not double it.
    defaults.add_default_series(demo_call)
    assert demo_call.instruction_emails.count() == 3


# -- on confirmation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, words", [("ka", "როგორ შეავსოთ ანკეტა"), ("en", "How to fill in the questionnaire")]
)
def test_confirmation_queues_the_first_email_once_in_the_applicants_language(
    people, language, words
):
    case = scenarios.applied(language=language, people=people)
    workflow.fire(case.application, "confirm", people.staff)
    [message] = instructions(case.application)
    assert words in message.subject and case.application.reference in message.subject
    assert message.language == language
    assert message.recipient == case.application.contact_email
    # The private link opens the questionnaire; the deadline is written out.
    link = re.search(r"https?://\S+/application/[\w-]+/questionnaire/", message.body_text)
    assert link and f"/{language}/application/" in link.group(0)
    due = case.application.call.questionnaire_due
    assert long_date(due, language) in message.body_text
    assert "{" not in message.body_text  # every placeholder filled
    # The confirmation email, queued before it, says the instructions are coming.
    confirmed = OutboxMessage.objects.get(
        application=case.application, event="application_confirmed"
    )
    assert confirmed.pk < message.pk
    promise = {"ka": "რამდენიმე ცალკე წერილით", "en": "in a few separate emails"}[language]
    assert promise in confirmed.body_text

    # Confirming again is refused, and a receiver run twice sends nothing more.
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.fire(case.application, "confirm", people.staff)
    transition = workflow.TRANSITIONS["confirm"]
    sending.after_confirmation(case.application, transition, people.staff)
    assert len(instructions(case.application)) == 1
    assert message.dedupe_key == f"instructions:{case.application.pk}:{series(case.call)[0].pk}"


def test_the_status_page_promises_the_emails(client, people):
    case = scenarios.questionnaire_open(language="en", people=people)
    page = soup(client.get(case.url())).get_text(" ", strip=True)
    assert "The instructions for filling it in are sent to you by email" in page
    case.call.instruction_emails.all().delete()  # staff removed the series: no promise
    page = soup(client.get(case.url())).get_text(" ", strip=True)
    assert "The certification process has started" in page
    assert "are sent to you by email" not in page


@pytest.mark.usefixtures("committed")
def test_two_staff_confirming_at_once_send_the_first_email_once():
    case = scenarios.applied(language="ka")
    staff = case.people.staff
    results = together(
        lambda: workflow.fire(case.application, "confirm", staff),
        lambda: workflow.fire(case.application, "confirm", staff),
    )
    refused = [r for r in results if isinstance(r, workflow.TransitionNotAllowed)]
    assert len(refused) == 1, results
    assert len(instructions(case.application)) == 1


# -- the daily job ------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ka", "en"])
def test_the_daily_job_sends_the_later_emails_once_each_on_their_day(people, language):
    case = scenarios.questionnaire_open(language=language, people=people)
    day0 = confirmed_on(case)
    first, prepare, deadline = series(case.call)

    assert sending.send_due_instructions(today=day0 + 2 * DAY) == 0
    assert sending.send_due_instructions(today=day0 + 3 * DAY) == 1
    assert sending.send_due_instructions(today=day0 + 3 * DAY) == 0  # run twice: nothing more
    assert sending.send_due_instructions(today=day0 + 4 * DAY) == 0
    # Staff extend the deadline: the deadline email says the new day.
    until = case.call.questionnaire_due + 10 * DAY
    workflow.grant_extension(case.application, until, people.staff)
    assert sending.send_due_instructions(today=day0 + 7 * DAY) == 1
    assert sending.send_due_instructions(today=day0 + 30 * DAY) == 0

    messages = instructions(case.application)
    keys = [
        f"instructions:{case.application.pk}:{email.pk}" for email in (first, prepare, deadline)
    ]
    assert [m.dedupe_key for m in messages] == keys
    assert {m.language for m in messages} == {language}
    what_to_prepare = {"ka": "რა მოამზადოთ", "en": "What to prepare"}[language]
    assert what_to_prepare in messages[1].subject
    assert long_date(until, language) in messages[2].subject
    assert long_date(until, language) in messages[2].body_text
    old_date = re.escape(long_date(case.call.questionnaire_due, language))
    assert not re.search(rf"(?<!\d){old_date}", messages[2].body_text)


def test_a_late_job_sends_what_came_due_but_nothing_long_past(people, settings):
    settings.PBCERT = {**getattr(settings, "PBCERT", {}), "INSTRUCTION_CATCH_UP_DAYS": 7}
    late = scenarios.questionnaire_open(people=people)
    day0 = confirmed_on(late)
    # The worker was down from day 1 to day 9: both later emails go out on day 9, once.
    assert sending.send_due_instructions(today=day0 + 9 * DAY) == 2
    assert len(instructions(late.application)) == 3
    assert sending.send_due_instructions(today=day0 + 10 * DAY) == 0
    # One confirmed a month before (or before its call had a series) gets none of them.
    forgotten = scenarios.questionnaire_open(people=people)
    Application.objects.filter(pk=forgotten.application.pk).update(
        confirmed_at=F("confirmed_at") - datetime.timedelta(days=30)
    )
    assert sending.send_due_instructions(today=day0 + 9 * DAY) == 0
    assert len(instructions(forgotten.application)) == 1  # the first, with the confirmation


def test_editing_a_text_in_the_admin_changes_the_next_email(client, people):
    case = scenarios.questionnaire_open(language="en", people=people)
    call, day0 = case.call, confirmed_on(case)
    client.force_login(people.staff)
    url = reverse("certificationcall:edit", args=[call.pk])
    form = edit_form(client.get(url))
    index = form_index(form, series(call)[1])
    form[f"instruction_emails-{index}-subject_en"] = "Documents for {municipality}"
    form[f"instruction_emails-{index}-body_en"] = "Please bring the council decision by {deadline}."
    response = client.post(url, form)
    assert response.status_code == 302, field_errors_of(response)

    assert sending.send_due_instructions(today=day0 + 3 * DAY) == 1
    message = instructions(case.application)[-1]
    municipality = case.application.municipality.name_en
    assert message.subject == f"Documents for {municipality}"
    due = long_date(call.questionnaire_due, "en")
    assert message.body_text.startswith(f"Please bring the council decision by {due}.")


def test_an_unknown_placeholder_is_refused_next_to_its_field_in_georgian(client, people):
    call = factories.current_call()
    first = series(call)[0]
    client.force_login(people.staff)  # the admin in Georgian, the default
    url = reverse("certificationcall:edit", args=[call.pk])
    form = edit_form(client.get(url))
    index = form_index(form, first)
    form[f"instruction_emails-{index}-body_ka"] = "გამარჯობა, {mayor}! ვადა: {deadline}"
    form[f"instruction_emails-{index}-subject_ka"] = "ვადა {deadline"
    response = client.post(url, form)

    assert response.status_code == 200
    error = field_error(response, f"instruction_emails-{index}-body_ka")
    assert "უცნობი ჩასანაცვლებელი ველი: {mayor}" in error
    assert "{municipality}" in error  # it says which ones may be used
    subject_error = field_error(response, f"instruction_emails-{index}-subject_ka")
    assert "ფრჩხილს წყვილი აკლია" in subject_error
    first.refresh_from_db()
    assert "{mayor}" not in first.body_ka


# -- when the series stops ------------------------------------------------------------------


def test_nothing_after_the_questionnaire_is_submitted_or_the_application_withdrawn(people):
    submitted = scenarios.submitted(people=people)
    withdrawn = scenarios.questionnaire_open(people=people)
    workflow.fire(withdrawn.application, "withdraw", people.staff, comment="ითხოვენ გაუქმებას.")
    reopened = scenarios.submitted(people=people)
    workflow.fire(reopened.application, "reopen_questionnaire", people.staff, comment="შეასწორეთ.")
    day0 = confirmed_on(submitted)
    for day in (3, 7):
        sending.send_due_instructions(today=day0 + day * DAY)
    for case in (submitted, withdrawn, reopened):
        assert len(instructions(case.application)) == 1  # the first, with the confirmation


def test_a_call_without_a_questionnaire_sends_no_instructions(people):
    call = factories.CertificationCallFactory()
    assert call.questionnaire is None and call.instruction_emails.count() == 3
    case = scenarios.questionnaire_open(call=call, people=people)
    sending.send_due_instructions(today=confirmed_on(case) + 7 * DAY)
    assert instructions(case.application) == []


# -- the experts' notice of changed answers ---------------------------------------------------


def test_experts_are_told_once_which_questions_changed(client, people):
    experts = scenarios.people_per_role(experts=5).experts
    case = scenarios.in_review(people=people)
    drafting = scenarios.assign(case, experts[0])
    scenarios.review(case, drafting, submit=False)
    submitted = scenarios.assign(case, experts[1])
    scenarios.review(case, submitted)
    scenarios.assign(case, experts[2], conflict=True)
    withdrawn = scenarios.assign(case, experts[3])
    scenarios.review(case, withdrawn, submit=False)
    workflow.withdraw_assignment(withdrawn, people.staff, "სხვა ექსპერტი")
    scenarios.assign(case, experts[4])  # no review begun: reads the answers as they are now

    scenarios.information_requested(
        case, during="in_review", unlocked_keys=["general_data", "population"]
    )
    scenarios.information_answered(
        case, changes={"general_data": "სიღნაღი კახეთშია, ალაზნის ველზე.", "population": "30000"}
    )

    notices = OutboxMessage.objects.filter(event="expert_answers_changed")
    assert sorted(notices.values_list("recipient", flat=True)) == sorted(
        [experts[0].email, experts[1].email]
    )
    labels = scenarios_labels(case, ["general_data", "population"])
    for notice in notices:
        assert all(label in notice.body_text for label in labels)
        assert "general_data" not in notice.body_text
        assert "/admin/pbcert/reviews/" in notice.body_text
    # A redelivered signal sends nothing more.
    tell_experts(case.application, workflow.TRANSITIONS["answer_information"], None)
    assert notices.count() == 2

    # On the assignment page: the changed questions with the word diff.
    client.force_login(experts[1])
    page = soup(client.get(reverse("pbcert_reviews:assignment", args=[submitted.pk])))
    section = page.select_one("section[aria-labelledby=changed-heading]")
    assert section is not None
    text = section.get_text(" ", strip=True)
    assert all(label in text for label in labels)
    assert section.select_one("ins").get_text() and "ალაზნის" in section.get_text()
    # An expert who has not begun sees no note.
    client.force_login(experts[4])
    other = case.application.assignments.get(expert=experts[4])
    page = soup(client.get(reverse("pbcert_reviews:assignment", args=[other.pk])))
    assert page.select_one("section[aria-labelledby=changed-heading]") is None


def test_an_answer_that_changes_nothing_tells_nobody(people):
    case = scenarios.in_review(people=people)
    scenarios.review(case, scenarios.assign(case))
    scenarios.information_requested(case, during="in_review", unlocked_keys=["general_data"])
    scenarios.information_answered(case)  # text only, no answer changed
    assert not OutboxMessage.objects.filter(event="expert_answers_changed").exists()


# -- helpers ------------------------------------------------------------------------------


def scenarios_labels(case, keys):
    """The questions' labels as the applicant was asked them."""
    response = case.application.questionnaire
    labels = {q["key"]: q["label"] for q in response.questions if "key" in q}
    return [labels[key] for key in keys]


def edit_form(response):
    """The call's edit form as the browser would post it."""
    assert response.status_code == 200
    form = soup(response).select_one("form[method=post]")
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        kind = field.get("type", "")
        if kind in ("submit", "button", "file") or (
            kind == "checkbox" and not field.has_attr("checked")
        ):
            continue
        if field.name == "textarea":
            data[field["name"]] = field.get_text()
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            data[field["name"]] = chosen["value"] if chosen else ""
        else:
            data[field["name"]] = field.get("value", "")
    return data


def form_index(form, email):
    """The inline form's number that holds `email`."""
    for name, value in form.items():
        if re.fullmatch(r"instruction_emails-\d+-id", name) and value == str(email.pk):
            return name.split("-")[1]
    raise AssertionError(f"{email} is not on the form")


def field_errors_of(response):
    return [e.get_text(" ", strip=True) for e in soup(response).select(".error-message")]


def test_the_changed_answers_read_as_words_in_the_experts_language(client, people):
    from wagtail.users.models import UserProfile

    case = scenarios.reviewed(scenarios.submitted(people=people))
    expert = case.people.expert
    profile = UserProfile.get_for_user(expert)
    profile.preferred_language = "en"
    profile.save()
    scenarios.information_requested(case, during="in_review", unlocked_keys=["mechanisms"])
    scenarios.information_answered(case, changes={"mechanisms": ["e_petitions"]})
    assignment = case.application.assignments.get(expert=expert)
    page = soup(client.get(reverse("pbcert_reviews:assignment", args=[assignment.pk])))
    client.force_login(expert)
    page = soup(client.get(reverse("pbcert_reviews:assignment", args=[assignment.pk])))
    section = page.select_one("section[aria-labelledby=changed-heading]").get_text(" ")
    assert "e_petitions" not in section and "online_surveys" not in section  # option labels
    notice = OutboxMessage.objects.get(event="expert_answers_changed", recipient=expert.email)
    assert notice.language == "en"
