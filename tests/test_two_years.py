"""Two years of one municipality, in one test: certified with three recommendations; its
progress record and the check-in's assessment; reminders before expiry with the clock
moved, each once and only the latest after an outage; the next call announced to it once;
the renewal from its private link, pre-filled, with progress per recommendation; reviewers
who see last year's scores and the differences; decided before expiry, the new certificate
follows the old without a gap; and the registry shows both years."""

import datetime
import re

import pytest
from django.core.cache import cache

from pbcert_wagtail import subscriptions, workflow
from pbcert_wagtail.certificates import expiry
from pbcert_wagtail.certificates import monitoring as service
from pbcert_wagtail.models import (
    Application,
    Certificate,
    MonitoringAssessment,
    MonitoringCheckIn,
    MonitoringReport,
    OutboxMessage,
    QuestionnaireResponse,
)
from pbcert_wagtail.models.certificates import tbilisi_today

from . import factories, scenarios
from .conftest import body
from .test_questionnaire import answers as questionnaire_post

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def text(response):
    return body(response).decode()


def test_two_years_of_one_municipality(client, demo):
    cache.clear()
    # Year 1: certified with three recommendations (scores 4 and 4); a file kept with it.
    first = scenarios.certified(
        scenarios.submitted(
            scenarios.applied(municipality="telavi", contact_email="telavi@example.org"),
            answers={"pb_development": "ყოველწლიური ციკლი."},
        )
    )
    factories.AttachmentFactory(application=first.application, original_name="გეგმა.pdf")
    first = scenarios.a_year_on(first, days_left=60)
    old = first.certificate
    recommendations = list(old.recommendations.all())
    assert len(recommendations) == 3

    # The progress record, sent as the check-in's report, and the check-in's assessment.
    check_in = MonitoringCheckIn.objects.create(call=old.call, due_date=tbilisi_today() + DAY)
    record = {}
    for recommendation, status in zip(
        recommendations, ("done", "in_progress", "not_started"), strict=True
    ):
        record[f"s{recommendation.pk}"] = status
        record[f"n{recommendation.pk}"] = f"ჩანაწერი {status}"
    assert client.post(first.url("monitoring/"), {**record, "send": "1"}).status_code == 302
    assert MonitoringReport.objects.filter(certificate=old, check_in=check_in).count() == 1
    service.save_assessments(
        old, check_in, {recommendations[0].pk: "ონლაინ კენჭისყრა ამოქმედდა."}, first.people.staff
    )
    assert MonitoringAssessment.objects.filter(check_in=check_in).count() == 1

    # Reminders before expiry, with the clock moved: 90 days, then an outage until 6 days
    # before (both the 30 and the 7 became due): only the 7-day one goes out; each once.
    last_day = old.valid_until
    assert expiry.send_expiry_reminders(last_day - 90 * DAY) == 1
    assert expiry.send_expiry_reminders(last_day - 89 * DAY) == 0
    assert expiry.send_expiry_reminders(last_day - 6 * DAY) == 1
    assert expiry.send_expiry_reminders(last_day - 5 * DAY) == 0
    sent = OutboxMessage.objects.filter(event="certificate_expiring").order_by("pk")
    assert [m.dedupe_key.rsplit(":", 1)[1] for m in sent] == ["90", "7"]
    assert {m.recipient for m in sent} == {"telavi@example.org"}

    # Call 2 opens: the holder is told once, with its private link.
    subscriptions.notify_open_call()
    subscriptions.notify_open_call()
    told = OutboxMessage.objects.filter(event="call_opened_holder", recipient="telavi@example.org")
    assert told.count() == 1
    link = re.search(r"/application/[\w-]+/", told.get().body_text).group(0)

    # The renewal, from that link: pre-filled, confirmed by staff.
    status = text(client.get(f"/ka{link}"))
    assert f"/ka{link}renew/" in status
    assert (
        client.post(
            f"/ka{link}renew/", {"contact_email": "telavi@example.org", "declaration": "on"}
        ).status_code
        == 302
    )
    renewal = Application.objects.get(call=first.new_call, municipality=old.municipality)
    assert renewal.renews == old
    second = scenarios.Case(renewal, first.people)
    workflow.fire(renewal, "confirm", first.people.staff)
    response = QuestionnaireResponse.objects.get(application=renewal)
    assert response.answers["pb_development"] == "ყოველწლიური ციკლი."
    assert "pb_development" in response.prefilled

    # Submitted with one answer changed, last year's file kept, progress on each.
    url = second.url("questionnaire/")
    kept = first.application.attachments.get()
    progress = {f"progress-{r.uid}": f"წელს: {n}" for n, r in enumerate(recommendations)}
    post = questionnaire_post(pb_development="ყოველწლიური ციკლი ონლაინ კენჭისყრით.")
    submitted = client.post(
        url, {**post, **progress, "documents-keep-file": str(kept.pk), "submit": "1"}
    )
    assert submitted.status_code == 302
    renewal.refresh_from_db()
    assert renewal.status == "submitted"

    # Reviewed with 5 on every criterion: reviewers see last year's 4 and the difference.
    scenarios.reviewed(second, scores=[5, 5])
    expert = second.assignments[0].expert
    client.force_login(expert)
    page = text(client.get(f"/admin/pbcert/reviews/{second.assignments[0].pk}/"))
    comparison = page.split('id="last-year-heading"')[1].split("</section>")[0]
    assert old.number in comparison
    assert "4,00" in comparison and "5,00" in comparison and "+1,00" in comparison
    assert "<del>ციკლი.</del><ins>ციკლი ონლაინ კენჭისყრით.</ins>" in comparison
    assert "წელს: 0" in comparison  # the progress stated this year
    assert "ჩანაწერი done" in comparison  # the record kept during the year

    # Decided and published before expiry: the new year starts the day after the old.
    scenarios.decided(second, published=True)
    new = Certificate.objects.get(decision__application=renewal)
    old.refresh_from_db()
    assert new.valid_from == old.valid_until + DAY  # no gap, no overlap
    assert old.superseded_by == new
    assert old.state() == "valid" and new.state() == "not_yet_valid"
    assert expiry.send_expiry_reminders(last_day - 1 * DAY) == 0  # renewed: no more reminders

    # The registry shows both years.
    client.logout()
    registry = client.get("/ka/registry/telavi/", follow=True)
    html = text(registry)
    assert old.number in html and new.number in html

    # Staff follow the municipality's scores year by year, in a chart with its table.
    client.force_login(first.people.staff)
    page = text(client.get(f"/admin/monitoring/certificate/{new.pk}/"))
    years = page.split('class="pbcert-scores pbcert-year-by-year"')[1].split("</table>")[0]
    assert 'class="pbcert-chart"' in years
    assert f'<th scope="col">{old.call.year}</th>' in years
    assert f'<th scope="col">{new.call.year}</th>' in years
    assert "<td>4,00</td><td>5,00</td>" in years
