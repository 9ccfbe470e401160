"""One "send once" mechanism: a unique dedupe key on the outbox row. Reminders go out
when due and not yet sent, so a job that runs late (or after an outage) still sends the
latest one — and only that one."""

import datetime
import threading

import pytest
from django.db import connections, transaction
from django.utils import timezone

from pbcert_wagtail import notifications, workflow
from pbcert_wagtail.models import OutboxMessage

from . import scenarios
from .factories import ApplicationFactory


def queue_confirmation(key, recipient="someone@example.org"):
    return notifications.queue(
        "subscription_confirm",
        recipient,
        "ka",
        {"confirm_url": "http://testserver/c/", "unsubscribe_url": "http://testserver/u/"},
        dedupe_key=key,
    )


@pytest.mark.django_db
def test_a_second_email_under_the_same_key_is_not_queued():
    assert queue_confirmation("test:1") is not None
    with transaction.atomic():  # the refusal leaves the caller's transaction usable
        assert queue_confirmation("test:1") is None
        assert queue_confirmation("test:2") is not None
    assert OutboxMessage.objects.filter(dedupe_key="test:1").count() == 1
    assert queue_confirmation(None) is not None and queue_confirmation(None) is not None


@pytest.mark.django_db
def test_a_fan_out_skips_keys_already_taken():
    queue_confirmation("fan:1")
    built = [
        notifications.build(
            "subscription_confirm", f"r{n}@example.org", "en", {}, dedupe_key=f"fan:{n}"
        )
        for n in range(1, 5)
    ]
    assert len(notifications.queue_many(built)) == 3
    assert OutboxMessage.objects.filter(dedupe_key__startswith="fan:").count() == 4


def test_eight_requests_at_once_queue_one_email(django_db_blocker):
    """Threads with their own connections to the test database (a file on SQLite),
    outside any test transaction, race to queue the same email."""
    key = "race:once"
    if not str(connections["default"].settings_dict["NAME"]).split("/")[-1].startswith("test"):
        pytest.skip("needs the test database: run it with the rest of the suite")
    results, errors = [], []
    barrier = threading.Barrier(8)

    def attempt():
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                results.append(queue_confirmation(key))
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections["default"].close()

    with django_db_blocker.unblock():
        try:
            threads = [threading.Thread(target=attempt) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert errors == []
            assert len([r for r in results if r is not None]) == 1
            assert OutboxMessage.objects.filter(dedupe_key=key).count() == 1
        finally:
            OutboxMessage.objects.filter(dedupe_key=key).delete()


@pytest.fixture
def filling_in(demo):
    """A confirmed application whose questionnaire is being filled in."""
    return scenarios.questionnaire_open().application


def reminders_to(application):
    return OutboxMessage.objects.filter(
        event="questionnaire_reminder", recipient=application.contact_email
    )


@pytest.mark.django_db
def test_a_job_that_ran_late_sends_the_latest_reminder_that_came_due(filling_in):
    """The worker was down from 14 days before the deadline to 5 days before: one
    reminder (the 7-day one) goes out, not three, and the 1-day one still follows."""
    send = workflow.questionnaire.send_questionnaire_reminders
    due = filling_in.call.questionnaire_due
    assert send(due - datetime.timedelta(days=20)) == 0  # nothing due yet
    assert send(due - datetime.timedelta(days=5)) == 1
    assert send(due - datetime.timedelta(days=5)) == 0
    assert send(due - datetime.timedelta(days=2)) == 0  # the 7-day one is sent; 1 not due
    assert send(due) == 1  # the 1-day one, a day late
    assert send(due + datetime.timedelta(days=1)) == 0  # past the deadline: no "before"
    keys = sorted(reminders_to(filling_in).values_list("dedupe_key", flat=True))
    assert [k.rsplit(":", 2)[-2:] for k in keys] == [["before", "1"], ["before", "7"]]
    assert "5" in reminders_to(filling_in).order_by("pk").first().body_text


@pytest.mark.django_db
def test_an_extended_deadline_starts_its_reminders_afresh(filling_in, people):
    send = workflow.questionnaire.send_questionnaire_reminders
    due = filling_in.call.questionnaire_due
    assert send(due - datetime.timedelta(days=1)) == 1
    workflow.grant_extension(filling_in, due + datetime.timedelta(days=10), people.staff)
    assert send(due + datetime.timedelta(days=9)) == 1
    assert reminders_to(filling_in).count() == 2


@pytest.mark.django_db
def test_an_overdue_review_is_reminded_once_however_late_the_job(demo):
    due = timezone.localdate() + datetime.timedelta(days=10)
    scenarios.assign(scenarios.in_review(), due_date=due)
    send = workflow.review.send_review_reminders
    assert send(due + datetime.timedelta(days=6)) == 1  # the job was down for a week
    assert send(due + datetime.timedelta(days=7)) == 0
    reminder = OutboxMessage.objects.get(event="review_reminder")
    assert reminder.dedupe_key.endswith(":after:1")


@pytest.mark.django_db
def test_offsets_come_from_settings(filling_in, settings):
    settings.PBCERT = {"QUESTIONNAIRE_REMINDER_DAYS": [3]}
    send = workflow.questionnaire.send_questionnaire_reminders
    due = filling_in.call.questionnaire_due
    assert send(due - datetime.timedelta(days=7)) == 0
    assert send(due - datetime.timedelta(days=3)) == 1


def test_due_reminder_rule():
    due = datetime.date(2027, 3, 31)

    def at(days_left):
        return notifications.due_reminder(
            due, due - datetime.timedelta(days=days_left), before=[14, 7, 1], after=[1, 5]
        )

    assert [at(n) for n in (15, 14, 8, 7, 2, 1, 0)] == [
        None,
        "before:14",
        "before:14",
        "before:7",
        "before:7",
        "before:1",
        "before:1",
    ]
    assert [at(n) for n in (-1, -4, -5, -30)] == ["after:1", "after:1", "after:5", "after:5"]


@pytest.mark.django_db
def test_a_duplicate_application_attempt_mails_once_a_day(demo):
    application = ApplicationFactory()
    assert notifications.duplicate_application_attempt(application) is not None
    assert notifications.duplicate_application_attempt(application) is None
    assert OutboxMessage.objects.filter(event="duplicate_attempt").count() == 1


@pytest.mark.django_db
def test_a_taken_key_issues_no_private_link(demo):
    from pbcert_wagtail.models import AccessToken

    application = ApplicationFactory()
    assert notifications.to_applicant("new_link", application, dedupe_key="link:1") is not None
    tokens = AccessToken.objects.filter(application=application).count()
    assert notifications.to_applicant("new_link", application, dedupe_key="link:1") is None
    assert AccessToken.objects.filter(application=application).count() == tokens


@pytest.mark.django_db
def test_a_single_number_is_accepted_as_offsets(filling_in, settings):
    settings.PBCERT = {"QUESTIONNAIRE_REMINDER_DAYS": 3}
    due = filling_in.call.questionnaire_due
    assert (
        workflow.questionnaire.send_questionnaire_reminders(due - datetime.timedelta(days=3)) == 1
    )


@pytest.mark.django_db
def test_no_review_reminder_once_the_application_left_review(demo):
    case = scenarios.in_review()
    due = timezone.localdate() + datetime.timedelta(days=10)
    scenarios.assign(case, due_date=due)
    scenarios.withdrawn(case, reason="The municipality withdrew.")
    assert workflow.review.send_review_reminders(due + datetime.timedelta(days=1)) == 0


@pytest.mark.django_db
def test_a_completeness_check_is_reminded_as_such_and_only_while_it_is_open(demo):
    case = scenarios.screening(language="en")
    due = timezone.localdate() + datetime.timedelta(days=10)
    scenarios.assign(case, due_date=due, purpose="screening")
    send = workflow.review.send_review_reminders
    assert send(due - datetime.timedelta(days=3)) == 1
    reminder = OutboxMessage.objects.get(event="review_reminder")
    assert "შემოწმ" in reminder.subject or "completeness check" in reminder.subject
    scenarios.in_review(case)  # the checklist ticked, accepted for review
    assert send(due + datetime.timedelta(days=1)) == 0  # done: no "overdue" for it
