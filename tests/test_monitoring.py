"""Monitoring during the certificate year: the municipality keeps its progress record per
recommendation (evidence checked like any upload) and sends a report per check-in;
reminders before each check-in, once per offset; a monitoring expert declares a conflict
first and then assesses, like a reviewer; staff's overview counts who reported and who is
late, with a chart and an export."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pbcert_wagtail.certificates import monitoring as service
from pbcert_wagtail.models import (
    Certificate,
    MonitoringAssessment,
    MonitoringCheckIn,
    MonitoringReport,
    OutboxMessage,
    RecommendationProgress,
)
from pbcert_wagtail.models.certificates import tbilisi_today

from . import scenarios
from .conftest import body as raw_body

pytestmark = pytest.mark.django_db


def body(response):
    return raw_body(response).decode()


def refused_in_admin(response):
    """Wagtail answers a refused admin page by sending the person to the dashboard."""
    return response.status_code == 302 and response["Location"] == "/admin/"


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def certified():
    case = scenarios.certified(municipality="telavi")
    case.check_in = MonitoringCheckIn.objects.create(
        call=case.call, due_date=tbilisi_today() + datetime.timedelta(days=10)
    )
    case.recommendations = list(case.certificate.recommendations.all())
    return case


def record_post(case, statuses=("done", "in_progress", "not_started"), **extra):
    data = {}
    for recommendation, status in zip(case.recommendations, statuses, strict=True):
        data[f"s{recommendation.pk}"] = status
        data[f"n{recommendation.pk}"] = f"შენიშვნა {status}"
    return {**data, **extra}


def test_the_municipality_keeps_its_record_with_evidence_from_its_private_link(client, certified):
    url = certified.url("monitoring/", "ka")
    page = client.get(url)
    assert page.status_code == 200
    html = body(page)
    assert "დანერგეთ ონლაინ კენჭისყრა." in html and "ჩართეთ ახალგაზრდები" in html
    first = certified.recommendations[0]
    evidence = SimpleUploadedFile("ოქმი.pdf", PDF, content_type="application/pdf")
    saved = client.post(url, record_post(certified, **{f"f{first.pk}": evidence}))
    assert saved.status_code == 302
    progress = RecommendationProgress.objects.get(recommendation=first)
    assert progress.status == "done" and progress.note == "შენიშვნა done"
    assert [a.original_name for a in progress.evidence.all()] == ["ოქმი.pdf"]
    again = body(client.get(url))
    assert "ოქმი.pdf" in again and "შენიშვნა in_progress" in again


def test_evidence_is_checked_by_content_and_a_refused_file_keeps_nothing(client, certified):
    url = certified.url("monitoring/", "ka")
    first = certified.recommendations[0]
    fake = SimpleUploadedFile("ოქმი.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = client.post(url, record_post(certified, **{f"f{first.pk}": fake}))
    assert refused.status_code == 400
    html = body(refused)
    assert "field--error" in html and "ოქმი.pdf" in html and "შინაარსით" in html
    assert not RecommendationProgress.objects.exists()  # the record rolled back with it


def test_a_wrong_status_is_an_error_next_to_its_field(client, certified):
    url = certified.url("monitoring/", "ka")
    refused = client.post(url, record_post(certified, statuses=("done", "finished", "done")))
    assert refused.status_code == 400
    assert "field--error" in body(refused)
    assert not RecommendationProgress.objects.exists()


def test_the_report_for_the_check_in_is_sent_once_and_staff_are_told(client, certified):
    url = certified.url("monitoring/", "ka")
    status_page = body(client.get(certified.url("", "ka")))
    assert "პროგრესის ჩანაწერის განახლება" in status_page
    assert client.post(url, record_post(certified, send="1")).status_code == 302
    report = MonitoringReport.objects.get(certificate=certified.certificate)
    assert report.progress[str(certified.recommendations[0].uid)]["status"] == "done"
    assert OutboxMessage.objects.filter(event="staff_monitoring_report").count() == 1
    # Sent: the button is gone, and sending again changes nothing.
    assert (
        "send"
        not in body(client.get(url))
        .split("<form", 1)[1]
        .split("</form>")[0]
        .split('name="save"')[1]
    )
    client.post(url, record_post(certified, statuses=("done", "done", "done"), send="1"))
    assert MonitoringReport.objects.count() == 1
    report.refresh_from_db()
    assert report.progress[str(certified.recommendations[1].uid)]["status"] == "in_progress"


def test_reminders_before_the_check_in_each_once_and_only_the_latest_after_an_outage(
    certified,
):
    due = certified.check_in.due_date

    def reminders():
        return OutboxMessage.objects.filter(event="monitoring_reminder")

    assert service.send_monitoring_reminders(due - datetime.timedelta(days=14)) == 1
    assert service.send_monitoring_reminders(due - datetime.timedelta(days=13)) == 0
    assert reminders().count() == 1
    assert "monitoring/" in reminders().get().body_text
    # The worker was down from 13 days before to the day before: one reminder, the latest.
    assert service.send_monitoring_reminders(due - datetime.timedelta(days=1)) == 1
    assert service.send_monitoring_reminders(due - datetime.timedelta(days=1)) == 0
    assert sorted(m.dedupe_key.rsplit(":", 1)[1] for m in reminders()) == ["14", "3"]


def test_no_reminder_once_the_report_is_sent(certified):
    service.send_report(certified.certificate, certified.check_in)
    due = certified.check_in.due_date
    assert service.send_monitoring_reminders(due - datetime.timedelta(days=3)) == 0


def test_the_monitoring_expert_declares_a_conflict_first_then_assesses(client, certified):
    staff, expert = certified.people.staff, certified.people.experts[1]
    service.send_report(certified.certificate, certified.check_in)
    assignment = service.assign_monitor(
        certified.certificate, expert, tbilisi_today() + datetime.timedelta(days=20), staff
    )
    assert OutboxMessage.objects.filter(event="monitoring_assigned", recipient=expert.email)
    client.force_login(expert)
    page = f"/admin/monitoring/certificate/{certified.certificate.pk}/"
    before = client.get(page)
    assert before.status_code == 302 and f"/reviews/{assignment.pk}/" in before.url
    client.post(f"/admin/pbcert/reviews/{assignment.pk}/declare/", {"has_conflict": "no"})
    html = body(client.get(page))
    assert "შენიშვნა" not in html  # nothing saved by the municipality yet, but the form is there
    first = certified.recommendations[0]
    saved = client.post(
        f"/admin/monitoring/certificate/{certified.certificate.pk}/assess/{certified.check_in.pk}/",
        {f"r{first.pk}": "ონლაინ კენჭისყრა ამოქმედდა."},
    )
    assert saved.status_code == 302
    assert MonitoringAssessment.objects.get(recommendation=first).written_by == expert


def test_an_expert_with_a_conflict_or_without_an_assignment_sees_nothing(client, certified):
    marker = "MONITORING-NOTE-7Q"
    service.save_progress(
        certified.certificate, {certified.recommendations[0].pk: ("in_progress", marker)}
    )
    staff, (first, second) = certified.people.staff, certified.people.experts[:2]
    assignment = service.assign_monitor(certified.certificate, first, tbilisi_today(), staff)
    page = f"/admin/monitoring/certificate/{certified.certificate.pk}/"
    client.force_login(second)
    assert refused_in_admin(client.get(page))
    client.force_login(first)
    client.post(f"/admin/pbcert/reviews/{assignment.pk}/declare/", {"has_conflict": "yes"})
    refused = client.get(page)
    assert refused_in_admin(refused) and marker not in body(refused)
    assert marker not in body(client.get("/admin/pbcert/reviews/"))
    client.force_login(staff)
    assert marker in body(client.get(page))


def test_staff_see_who_reported_who_is_late_and_how_much_is_done(client, certified):
    other = scenarios.certified(municipality="gori")
    service.save_progress(
        certified.certificate, {r.pk: ("done", "") for r in certified.recommendations[:2]}
    )
    service.send_report(certified.certificate, certified.check_in)
    month_ago = tbilisi_today() - datetime.timedelta(days=30)
    ours = [certified.certificate.pk, other.certificate.pk]
    Certificate.objects.filter(pk__in=ours).update(valid_from=month_ago)
    MonitoringCheckIn.objects.filter(pk=certified.check_in.pk).update(
        due_date=tbilisi_today() - datetime.timedelta(days=1)
    )
    client.force_login(certified.people.staff)
    html = body(client.get("/admin/monitoring/overview/"))
    assert 'class="pbcert-chart"' in html
    totals = html.split('class="pbcert-totals"')[1].split("</p>")[0]
    # Two monitored; Telavi reported, Gori is late; 2 of 6 recommendations done.
    assert sorted(int(n) for n in re.findall(r"\d+", totals)) == [1, 1, 2, 2, 6], totals
    assert "თელავი" in html and "გორი" in html
    rows = {row.certificate.pk: row for row in service.overview()}
    assert rows[certified.certificate.pk].done_share == 67
    assert rows[other.certificate.pk].reports[0][2] is True  # late
    csv = client.get("/admin/monitoring/overview/?format=csv")
    text = raw_body(csv).decode("utf-8-sig")
    assert "თელავი" in text and "67" in text


def test_the_overview_makes_a_bounded_number_of_queries(
    client, certified, django_assert_max_num_queries
):
    client.force_login(certified.people.staff)
    client.get("/admin/monitoring/overview/")
    for code in ("gori", "kutaisi", "batumi"):
        scenarios.certified(municipality=code)
    with django_assert_max_num_queries(40):
        assert client.get("/admin/monitoring/overview/").status_code == 200
