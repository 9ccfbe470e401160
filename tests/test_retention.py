"""Personal data kept no longer than needed: the staff action that removes an application's
personal data (nothing of the person left in any table or file, the statistics and History
intact), the daily job that applies the retention periods, and the privacy page."""

import datetime
import secrets
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import registry

from pbcert_wagtail import conf, retention, tasks, workflow
from pbcert_wagtail.models import (
    Application,
    Attachment,
    CallSubscription,
    ExpertReview,
    OutboxMessage,
    OutboxStatus,
)
from pbcert_wagtail.models.questionnaires import private_storage

from . import factories, scenarios
from .actions import act, action_url, field_error, screen_url
from .conftest import soup

pytestmark = pytest.mark.django_db

# Unique per run: files a failed run left behind on disk do not count.
RUN = secrets.token_hex(3)
MARK = f"ZUQX{RUN}"
NAME = f"ქეთევან ზუქხვიანი-{RUN}"
EMAIL = f"ketevan.{MARK}@example.org"
NEW_EMAIL = f"keti.new.{MARK}@example.org"
PHONE = f"+995 599 {RUN[:2]} {RUN[2:4]} {RUN[4:]}"
OFFICE_EMAIL = f"office.{MARK}@example.org"
OFFICE_PHONE = f"+995 431 {RUN[:3]} {RUN[3:]}"
FILE_NAME = f"{MARK}-resolution"
FILE_CONTENT = f"%PDF-1.4\n{MARK} FILE CONTENT\n".encode()
NOTICE = f"ახალი კოორდინატორი: {MARK}-NOTICE"
ANSWER = f"{MARK}-ANSWER: დადგენილება თან ერთვის."
BODY = f"{MARK}-BODY: გამარჯობა"
MARKERS = [NAME, EMAIL, NEW_EMAIL, PHONE, OFFICE_EMAIL, OFFICE_PHONE, FILE_NAME, NOTICE]
MARKERS += [MARK]  # the file's content, the answer, the email body: all of them


# -- searching everything ---------------------------------------------------------------------

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.FileField)


def markers_in_tables(markers):
    """(table, column, marker) for each marker found in any text or JSON column of any row."""
    tables = set(connection.introspection.table_names())
    found, seen = [], set()
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table not in tables or table in seen or model._meta.proxy:
            continue
        seen.add(table)
        columns = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not columns:
            continue
        for row in model._base_manager.values_list(*columns):
            for column, value in zip(columns, row, strict=True):
                text = str(value)
                found += [(table, column, m) for m in markers if m in text]
    return found


def roots():
    return [Path(settings.MEDIA_ROOT), Path(private_storage().location)]


def markers_in_files(markers):
    """(path, marker) for each marker in any file's name or content under the media roots."""
    found = []
    for root in roots():
        for path in root.rglob("*") if root.exists() else []:
            if path.is_file():
                content = path.read_bytes()
                for marker in markers:
                    if marker in str(path) or marker.encode() in content:
                        found.append((str(path), marker))
    return found


def log_count(application):
    model = registry.get_log_model_for_model(Application)
    fields = {field.name for field in model._meta.get_fields()}
    if "application" in fields:
        return model.objects.filter(application=application).count()
    return model.objects.for_instance(application).count()


# -- an application full of one person ---------------------------------------------------------


def planted(client):
    """A published decision on an application whose contact, answers, file, change notice,
    answer to a request and emails all carry a marker of one person."""
    contacts = [{"name": NAME, "role": "კოორდინატორი", "email": EMAIL, "phone": PHONE}]
    answers = {"contacts": contacts, "office_email": OFFICE_EMAIL, "office_phone": OFFICE_PHONE}
    case = scenarios.questionnaire_open(scenarios.applied(contact_email=EMAIL, answers=answers))
    application = case.application
    notice = client.post(
        case.url("change/"),
        {"text": NOTICE, "files": SimpleUploadedFile(f"{FILE_NAME}.pdf", FILE_CONTENT)},
    )
    assert notice.status_code == 302
    factories.AttachmentFactory(
        application=application,
        original_name=f"{FILE_NAME}-plan.pdf",
        file=ContentFile(FILE_CONTENT, name=f"{FILE_NAME}-plan.pdf"),
    )
    scenarios.information_requested(scenarios.submitted(case), during="in_review")
    scenarios.information_answered(case, answer=ANSWER)
    application.refresh_from_db()
    workflow.change_contact_email(application, NEW_EMAIL, case.people.staff)
    OutboxMessage.objects.create(  # an earlier email to the person, already sent
        event="test",
        recipient=EMAIL,
        language="ka",
        subject="test",
        body_text=BODY,
        status=OutboxStatus.SENT,
        sent_at=timezone.now(),
    )
    case = scenarios.decided(case, published=True, scores=[4, 3])
    tasks.send_due_messages()  # the worker has sent them
    return case


def statistics(application):
    application.refresh_from_db()
    reviews = ExpertReview.objects.filter(assignment__application=application).order_by("pk")
    decision = application.decision
    return {
        "municipality": application.municipality_id,
        "call": application.call_id,
        "reference": application.reference,
        "status": application.status,
        "scores": [review.scores for review in reviews],
        "recommendations": [review.recommendation for review in reviews],
        "decision": (decision.outcome, decision.rationale, decision.published_at),
    }


def test_removing_an_applications_personal_data_leaves_nothing_of_the_person(
    client, demo, django_capture_on_commit_callbacks
):
    case = planted(client)
    application = case.application
    # Every marker is really there before: in a table, and the file's content on disk.
    before = {marker for _table, _column, marker in markers_in_tables(MARKERS)}
    assert before == set(MARKERS)
    assert {marker for _path, marker in markers_in_files(MARKERS)} >= {MARK}
    bodies = OutboxMessage.objects.filter(body_text__contains=MARK)
    assert bodies.filter(event="staff_change_notice").exists()
    kept, entries = statistics(application), log_count(application)

    client.force_login(case.people.staff)
    page = soup(client.get(action_url(application, "remove_personal_data")))
    assert "ვერ გაუქმდება" in page.get_text()  # the warning: it cannot be undone
    with django_capture_on_commit_callbacks(execute=True):  # the files go after the commit
        response = act(client, application, "remove_personal_data", {"confirm": "on"}, follow=True)

    assert response.redirect_chain == [(screen_url(application), 302)]
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert said.startswith(f"{application.reference}: პერსონალური მონაცემები წაიშალა")
    assert "2 ფაილი" in said and "ცვლილების შეტყობინება" in said
    assert markers_in_tables(MARKERS) == []
    assert markers_in_files(MARKERS) == []
    assert not Attachment.objects.filter(application=application).exists()
    assert statistics(application) == kept
    assert log_count(application) == entries + 1
    assert retention.is_removed(application)
    # The application screen and History still open, without the person; History says it.
    screen = client.get(screen_url(application))
    assert screen.status_code == 200
    history = client.get(reverse("pbcert_applications:history", args=[application.pk]))
    assert "პერსონალური მონაცემები წაიშალა" in history.content.decode()
    # Nothing more can be removed, and the action is no longer offered.
    again = act(client, application, "remove_personal_data", {"confirm": "on"}, follow=True)
    assert "უკვე წაიშალა" in again.content.decode()
    assert action_url(application, "remove_personal_data") not in screen.content.decode()


def test_the_removal_needs_a_confirmation_an_ended_application_and_its_emails_sent(client, demo):
    case = scenarios.declined()
    client.force_login(case.people.staff)
    page = soup(client.get(action_url(case.application, "remove_personal_data")))
    assert "ჯერ კიდევ ელოდება გაგზავნას" in page.select_one("#blocked").get_text()
    tasks.send_due_messages()
    client.force_login(case.people.staff)
    response = act(client, case.application, "remove_personal_data", {})
    assert response.status_code == 400
    assert field_error(response, "confirm") == "მონიშნეთ დასადასტურებლად: წაშლა ვერ გაუქმდება."
    assert not retention.is_removed(Application.objects.get(pk=case.application.pk))

    running = scenarios.questionnaire_open()
    response = act(client, running.application, "remove_personal_data", {"confirm": "on"})
    assert response.status_code == 302  # back to the screen, with why not
    assert "ახლა შეუძლებელია" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert not retention.is_removed(Application.objects.get(pk=running.application.pk))
    with pytest.raises(retention.CannotRemove):
        retention.remove_personal_data(running.application)

    unpublished = scenarios.decided()
    page = soup(client.get(action_url(unpublished.application, "remove_personal_data")))
    button = page.select_one("form button[type=submit]")
    assert button.has_attr("disabled")
    assert "ჯერ არ გამოქვეყნებულა" in page.select_one("#blocked").get_text()


def test_only_staff_may_remove_personal_data(client, demo):
    case = scenarios.withdrawn()
    url = action_url(case.application, "remove_personal_data")
    for person in (case.people.expert, case.people.chair, case.people.editor):
        client.force_login(person)
        assert client.post(url, {"confirm": "on"}).status_code in (302, 403)
        assert not retention.is_removed(Application.objects.get(pk=case.application.pk))


# -- the daily job ------------------------------------------------------------------------------


def day_start(days_ago):
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


HOUR = datetime.timedelta(hours=1)


def sent_email(sent_at, status=OutboxStatus.SENT, recipient="someone@example.org"):
    return OutboxMessage.objects.create(
        event="test",
        recipient=recipient,
        language="ka",
        subject="subject",
        body_text="the text",
        body_html="<p>the text</p>",
        status=status,
        sent_at=sent_at if status == OutboxStatus.SENT else None,
        created_at=sent_at,
    )


def ended_on(case, when):
    """Move the application's closing step in History to `when`."""
    model = registry.get_log_model_for_model(Application)
    entries = model.objects.for_instance(case.application).filter(
        action__in=[f"pbcert.application.{name}" for name in retention.CLOSING_ACTIONS]
    )
    assert entries.update(timestamp=when) == 1
    return case


def test_the_daily_job_removes_only_what_expired_and_may_run_twice(demo):
    email_days = conf.get("OUTBOX_BODY_DAYS")
    closed_days = conf.get("CLOSED_APPLICATION_DAYS")
    sub_days = conf.get("UNSUBSCRIBED_DAYS")
    recent = ended_on(scenarios.withdrawn(), day_start(closed_days) + HOUR)
    expired = ended_on(scenarios.declined(), day_start(closed_days) - HOUR)
    ineligible = ended_on(found_ineligible(), day_start(closed_days) - HOUR)
    running = scenarios.questionnaire_open()
    factories.AttachmentFactory(application=expired.application)

    def subscription(email, **fields):
        return CallSubscription.objects.create(email=email, language="ka", **fields)

    keep_unsubscribed = subscription(
        "a@example.org", unsubscribed_at=day_start(sub_days) + HOUR, confirmed_at=day_start(400)
    )
    gone_unsubscribed = subscription(
        "b@example.org", unsubscribed_at=day_start(sub_days) - HOUR, confirmed_at=day_start(400)
    )
    keep_unconfirmed = subscription("c@example.org", created_at=day_start(sub_days) + HOUR)
    gone_unconfirmed = subscription("d@example.org", created_at=day_start(sub_days) - HOUR)
    confirmed = subscription(
        "e@example.org", created_at=day_start(900), confirmed_at=day_start(900)
    )
    their_email = sent_email(day_start(2), recipient="b@example.org")
    tasks.send_due_messages()  # the applications' emails are sent; then the planted ones:
    fresh_email = sent_email(day_start(email_days) + HOUR)
    old_email = sent_email(day_start(email_days) - HOUR)
    old_failed = sent_email(day_start(email_days) - HOUR, status=OutboxStatus.FAILED)
    old_pending = sent_email(day_start(email_days) - HOUR, status=OutboxStatus.PENDING)
    waiting = ended_on(scenarios.withdrawn(), day_start(closed_days) - HOUR)  # its email unsent

    counts = retention.purge_expired()

    assert counts == {
        "email_bodies": 2,
        "applications": 2,
        "subscriptions": 2,
        "contact_requests": 0,
        "expert_questions": 0,
        "nominators": 0,
    }
    for message in (fresh_email, old_email, old_failed, old_pending, their_email):
        message.refresh_from_db()
    assert (fresh_email.body_text, fresh_email.body_html) == ("the text", "<p>the text</p>")
    assert (old_email.body_text, old_email.body_html) == ("", "")
    assert old_email.event == "test" and old_email.status == OutboxStatus.SENT
    assert old_email.sent_at is not None and old_failed.body_text == ""
    assert old_pending.body_text == "the text"  # not sent yet: still needed
    assert their_email.recipient != "b@example.org" and their_email.body_text == ""

    removed = [retention.is_removed(Application.objects.get(pk=c.application.pk))
               for c in (recent, expired, ineligible, running, waiting)]  # fmt: skip
    assert removed == [False, True, True, False, False]
    assert not expired.application.attachments.exists()

    left = set(CallSubscription.objects.values_list("email", flat=True))
    assert {"a@example.org", "c@example.org", "e@example.org"} <= left
    assert not left & {"b@example.org", "d@example.org"}
    assert keep_unsubscribed.pk and gone_unsubscribed.pk and keep_unconfirmed.pk
    assert gone_unconfirmed.pk and confirmed.pk

    entries = log_count(expired.application)
    assert retention.purge_expired() == {
        "email_bodies": 0,
        "applications": 0,
        "subscriptions": 0,
        "contact_requests": 0,
        "expert_questions": 0,
        "nominators": 0,
    }
    assert log_count(expired.application) == entries
    OutboxMessage.objects.filter(pk=old_pending.pk).delete()
    tasks.send_due_messages()  # the waiting application's email has gone: tomorrow's run
    assert retention.purge_expired()["applications"] == 1
    assert retention.is_removed(Application.objects.get(pk=waiting.application.pk))


def found_ineligible():
    case = scenarios.screening()
    workflow.fire(case.application, "screen_ineligible", case.people.staff, comment="არა.")
    return case


def test_the_daily_job_is_declared(demo):
    from pbcert_wagtail import schedules

    job = next(j for j in schedules.JOBS if j.path == "retention.purge_expired")
    assert job.daily


# -- the privacy page --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, days",
    [("ka", ("123 დღე", "456 დღე", "21 დღე")), ("en", ("123 days", "456 days", "21 days"))],
)
def test_the_privacy_page_states_the_configured_periods(client, demo, settings, language, days):
    settings.PBCERT = {
        **settings.PBCERT,
        "OUTBOX_BODY_DAYS": 123,
        "CLOSED_APPLICATION_DAYS": 456,
        "UNSUBSCRIBED_DAYS": 21,
    }
    response = client.get(f"/{language}/privacy/")
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == language
    text = {row["id"]: row.get_text(" ", strip=True) for row in page.select("tr[id^=privacy-]")}
    assert days[0] in text["privacy-emails"]
    assert days[1] in text["privacy-applications"]
    assert days[2] in text["privacy-subscriptions"]
    heading = {"ka": "კონფიდენციალურობა და პერსონალური მონაცემები",
               "en": "Privacy and personal data"}[language]  # fmt: skip
    assert page.h1.get_text(strip=True) == heading
    home = soup(client.get(f"/{language}/"))
    assert home.select_one(f"footer a[href='/{language}/privacy/']")


def test_after_removal_no_address_comes_back_and_no_emptied_email_goes_out(client, demo):
    case = scenarios.declined()
    tasks.send_due_messages()
    OutboxMessage.objects.filter(application=case.application).update(status=OutboxStatus.FAILED)
    retention.remove_personal_data(case.application, case.people.staff)
    client.force_login(case.people.staff)
    edit = f"/admin/pbcert_applications/edit/{case.application.pk}/"
    response = client.post(edit, {"contact_email": "back@example.org"}, follow=True)
    assert "პერსონალური მონაცემები წაშლილია" in response.content.decode()
    assert retention.is_removed(Application.objects.get(pk=case.application.pk))
    emptied = OutboxMessage.objects.filter(application=case.application)
    assert emptied and tasks.retry_now([m.pk for m in emptied]) == 0
