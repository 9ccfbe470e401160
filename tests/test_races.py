"""Requests that arrive together: each race below is reproduced with threads on the real
database (a file on SQLite, PostgreSQL in CI) and leaves the application in a state its
rules allow. See `tests/races.py` for how the interleaving is made certain."""

import contextlib
import datetime
import threading
import types

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from pbcert_wagtail import workflow
from pbcert_wagtail.models import (
    Application,
    ApplicationFormPage,
    ExpertReview,
    OutboxMessage,
    QuestionnaireResponse,
    RateLimitCount,
    ReviewAssignment,
)

from . import scenarios
from .races import both_reach, committed, together  # noqa: F401 (a fixture)
from .test_questionnaire import PDF, answers

S = workflow.machine.S
pytestmark = pytest.mark.usefixtures("committed")

REQUIRED = ("general_data", "pb_stages", "motivation_resources")


@contextlib.contextmanager
def paused_at(monkeypatch, module, name, wait=3):
    """Calls of `module.name` stop there: `pause.reached` is set, and they go on once
    `pause.go` is set, or after `wait` seconds (when the other request waits for a lock
    this one holds)."""
    pause = types.SimpleNamespace(reached=threading.Event(), go=threading.Event())
    original = getattr(module, name)

    def paused(*args, **kwargs):
        pause.reached.set()
        pause.go.wait(wait)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, paused)
    yield pause


def after(pause, request):
    """`request`, sent once the other has reached the pause; the other then goes on."""

    def run():
        assert pause.reached.wait(20), "the first request never reached the pause"
        try:
            return request()
        finally:
            pause.go.set()

    return run


def test_a_draft_saved_while_the_questionnaire_is_submitted_cannot_empty_it(monkeypatch):
    """The submission validated complete answers; a draft with required answers empty,
    saved from another tab at that moment, must not end up as the submitted answers."""
    case = scenarios.questionnaire_open(language="ka")
    url = case.url("questionnaire/")
    documents = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    assert Client().post(url, {**answers(), "documents": documents, "save": "1"}).status_code == 302
    emptied = answers(**dict.fromkeys(REQUIRED, ""))
    with paused_at(monkeypatch, workflow, "submit_questionnaire") as pause:
        submit, draft = together(
            lambda: Client().post(url, {**answers(), "submit": "1"}),
            after(pause, lambda: Client().post(url, {**emptied, "save": "1"})),
        )
    assert submit.status_code == 302, submit
    assert not isinstance(draft, Exception), draft
    assert case.status == S.SUBMITTED
    stored = QuestionnaireResponse.objects.get(application=case.application)
    assert stored.is_submitted
    assert all(stored.answers[key] for key in REQUIRED), stored.answers


def full_review(case, **overrides):
    data = {"recommendation": "certify", "submit": "1"}
    for criterion in workflow.review.evaluation_criteria(case.call):
        data[f"score-{criterion.code}"] = "4"
        data[f"comment-{criterion.code}"] = "დამაჯერებელია."
    return {**data, **overrides}


def test_a_draft_saved_while_a_review_is_submitted_cannot_change_it(monkeypatch):
    case = scenarios.in_review()
    assignment = scenarios.assign(case)
    url = f"/admin/pbcert/reviews/{assignment.pk}/review/"
    expert = [Client(), Client()]
    for client in expert:
        client.force_login(case.people.expert)
    with paused_at(monkeypatch, workflow, "submit_review") as pause:
        submitted, draft = together(
            lambda: expert[0].post(url, full_review(case)),
            after(pause, lambda: expert[1].post(url, {"save": "1"})),
        )
    assert submitted.status_code == 302, submitted
    assert draft.status_code in (302, 400, 403), draft
    review = ExpertReview.objects.get(assignment=assignment)
    assert review.is_submitted
    assert all(item["score"] == "4" for item in review.scores.values()), review.scores
    assert review.recommendation == "certify"


def test_two_conflict_declarations_at_once_count_once(monkeypatch):
    """ "No conflict" in one tab and "conflict" in another: one of them is the answer,
    and the other is refused, not both recorded."""
    case = scenarios.in_review()
    assignment = scenarios.assign(case, conflict=None)
    url = f"/admin/pbcert/reviews/{assignment.pk}/declare/"
    expert = [Client(), Client()]
    for client in expert:
        client.force_login(case.people.expert)
    with both_reach(monkeypatch, workflow, "declare_conflict"):
        results = together(
            lambda: expert[0].post(url, {"has_conflict": "no"}),
            lambda: expert[1].post(url, {"has_conflict": "yes", "conflict_note": "მრჩეველი"}),
        )
    assert all(getattr(r, "status_code", 500) == 302 for r in results), results
    declared = case.application.log_entries.filter(
        action__in=["pbcert.application.no_conflict", "pbcert.application.conflict_declared"]
    )
    assert declared.count() == 1
    assignment.refresh_from_db()
    said_conflict = declared.get().action.endswith("conflict_declared")
    assert assignment.has_conflict is said_conflict


def test_two_withdrawals_of_one_assignment_at_once_count_once(monkeypatch):
    case = scenarios.in_review()
    assignment = scenarios.assign(case)
    staff = case.people.staff
    with both_reach(monkeypatch, workflow, "withdraw_assignment"):
        results = together(
            lambda: workflow.withdraw_assignment(
                ReviewAssignment.objects.get(pk=assignment.pk), staff, "ერთი"
            ),
            lambda: workflow.withdraw_assignment(
                ReviewAssignment.objects.get(pk=assignment.pk), staff, "ორი"
            ),
        )
    refused = [r for r in results if isinstance(r, workflow.TransitionNotAllowed)]
    assert len(refused) == 1, results
    withdrawn = case.application.log_entries.filter(action="pbcert.application.expert_withdrawn")
    assert withdrawn.count() == 1


def test_an_answer_and_a_withdrawal_at_once_leave_a_consistent_application():
    """The applicant answers while staff withdraw the application (they lock the same rows
    in the same order): one goes first, the other is refused or follows, never a 500."""
    case = scenarios.information_requested(text="დადგენილება?")
    url = case.url(f"information/{case.request.pk}/")
    staff = case.people.staff
    answer, withdrawal = together(
        lambda: Client().post(url, {"text": "აი, დადგენილება."}),
        lambda: workflow.fire(case.application, "withdraw", staff, comment="გაიწვიეს"),
    )
    assert getattr(answer, "status_code", None) in (200, 302, 400), answer  # 200: closed
    assert not isinstance(withdrawal, Exception) or isinstance(
        withdrawal, workflow.TransitionNotAllowed
    ), withdrawal
    assert case.status == S.WITHDRAWN
    case.request.refresh_from_db()
    assert case.request.answered_at or case.request.closed_at  # nothing left open


def test_thirty_posts_at_once_from_one_address_pass_exactly_ten(settings, tmp_path):
    """Counted in the database: even with the file cache of a real deployment, 30 posts at
    once against a limit of 10 let exactly 10 through; the rest are told when to retry."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    settings.PBCERT = {"FORM_RATE_LIMIT": (10, 600)}
    posts = [lambda: Client().post("/ka/subscribe/", {"email": ""}, REMOTE_ADDR="10.77.0.1")] * 30
    codes = [response.status_code for response in together(*posts)]
    assert codes.count(400) == 10, codes  # let through (and refused by the form)
    assert codes.count(429) == 20, codes
    refused = Client().post("/ka/subscribe/", {"email": ""}, REMOTE_ADDR="10.77.0.1")
    assert 0 < int(refused["Retry-After"]) <= 600
    assert "ძალიან ბევრი მცდელობა" in refused.content.decode()
    assert RateLimitCount.objects.get(key="subscribe:10.77.0.1").count == 31


def test_every_address_of_one_ipv6_64_is_one_visitor(settings):
    settings.PBCERT = {"FORM_RATE_LIMIT": (2, 600)}
    codes = [
        Client().post("/ka/subscribe/", {"email": ""}, REMOTE_ADDR=f"2001:db8:7:12::{n}")
        for n in range(1, 4)
    ]
    other = Client().post("/ka/subscribe/", {"email": ""}, REMOTE_ADDR="2001:db8:7:13::1")
    assert [r.status_code for r in codes] == [400, 400, 429]
    assert other.status_code == 400
    assert RateLimitCount.objects.get(key="subscribe:2001:db8:7:12::/64").count == 3


def test_applying_again_at_once_tells_the_first_applicant_once():
    """Twelve duplicate C1 forms for one municipality at once: one application stays,
    and its contact is told once (the "send once" key), not once per attempt."""
    case = scenarios.applied(municipality="kutaisi")
    page = ApplicationFormPage.objects.get(locale__language_code="ka")
    posts = [
        lambda n=n: Client().post(
            page.url, scenarios.c1_post(email=f"again{n}@example.org"), REMOTE_ADDR=f"10.9.0.{n}"
        )
        for n in range(12)
    ]
    codes = [getattr(response, "status_code", response) for response in together(*posts)]
    assert set(codes) == {200}, codes  # each is told, next to the municipality
    assert Application.objects.filter(call=case.call, municipality__code="kutaisi").count() == 1
    told = OutboxMessage.objects.filter(event="duplicate_attempt", application=case.application)
    assert told.count() == 1


# -- the same shape without threads: acting on what was read before another's change ----


def test_a_checklist_ticked_after_acceptance_is_refused():
    case = scenarios.screening()
    stale = Application.objects.get(pk=case.application.pk)
    scenarios.tick_checklist(case)
    workflow.fire(case.application, "accept_for_review", case.people.staff)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.save_screening(stale, [], case.people.staff)
    case.application.refresh_from_db()
    assert all(case.application.screening.values())


def test_an_extension_after_submission_is_refused_and_not_emailed():
    case = scenarios.questionnaire_open()
    stale = Application.objects.get(pk=case.application.pk)
    scenarios.submitted(case)
    until = timezone.localdate() + datetime.timedelta(days=9)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.grant_extension(stale, until, case.people.staff)
    assert not OutboxMessage.objects.filter(
        event="questionnaire_extended", application=case.application
    ).exists()


def test_an_answered_request_cannot_be_extended():
    case = scenarios.information_requested()
    stale = type(case.request).objects.get(pk=case.request.pk)
    scenarios.information_answered(case)
    until = timezone.localdate() + datetime.timedelta(days=9)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.extend_information_request(stale, until, case.people.staff)
    assert not OutboxMessage.objects.filter(
        event="information_extended", application=case.application
    ).exists()


def test_certificate_numbers_given_out_together_are_distinct():
    from pbcert_wagtail.models.certificates import allocate_certificate_number

    def five():
        return [allocate_certificate_number(2998) for _ in range(5)]

    results = together(*[five] * 8)
    assert [r for r in results if isinstance(r, Exception)] == []
    numbers = [number for result in results for number in result]
    assert sorted(numbers) == [f"PB-CERT-2998-{n:03d}" for n in range(1, 41)]


def test_results_published_twice_at_once_give_each_certified_municipality_one_certificate():
    from pbcert_wagtail.models import Certificate

    cases = [scenarios.decided() for _ in range(4)]
    call = cases[0].call
    results = together(
        lambda: workflow.publish_results(call), lambda: workflow.publish_results(call)
    )
    assert [r for r in results if isinstance(r, Exception)] == []
    assert sum(results) == 4  # each decision published by one of them
    certificates = Certificate.objects.filter(call=call)
    assert sorted(c.decision_id for c in certificates) == sorted(c.decision.pk for c in cases)
    assert sorted(c.number for c in certificates) == [
        f"PB-CERT-{call.year}-{n:03d}" for n in range(1, 5)
    ]
    results_emails = OutboxMessage.objects.filter(
        event="result_published", dedupe_key__startswith="result:"
    )
    assert results_emails.filter(application__in=[c.application for c in cases]).count() == 4


def test_two_revocations_at_once_revoke_once_and_email_once():
    from pbcert_wagtail.certificates import revocation

    case = scenarios.decided(published=True)
    certificate = case.decision.certificate
    staff = case.people.staff
    results = together(
        lambda: revocation.revoke(certificate, staff, "issued_in_error", "first"),
        lambda: revocation.revoke(certificate, staff, "conditions_no_longer_met", "second"),
    )
    refused = [r for r in results if isinstance(r, revocation.AlreadyRevoked)]
    assert len(refused) == 1 and len([r for r in results if not isinstance(r, Exception)]) == 1
    emails = OutboxMessage.objects.filter(event="certificate_revoked", application=case.application)
    assert emails.count() == 1


def test_two_saves_of_a_progress_record_at_once_keep_one_row_each(monkeypatch):
    # Guards the one-row-per-recommendation constraint and the save's lock together: it
    # fails if the constraint goes (two rows), not if only the lock does.
    from pbcert_wagtail.certificates import monitoring
    from pbcert_wagtail.models import RecommendationProgress

    case = scenarios.certified()
    recommendations = list(case.certificate.recommendations.all())
    with both_reach(monkeypatch, monitoring, "_locked"):
        results = together(
            lambda: monitoring.save_progress(
                case.certificate, {r.pk: ("done", "first") for r in recommendations}
            ),
            lambda: monitoring.save_progress(
                case.certificate, {r.pk: ("in_progress", "second") for r in recommendations}
            ),
        )
    assert [r for r in results if isinstance(r, Exception)] == []
    rows = RecommendationProgress.objects.filter(recommendation__in=recommendations)
    assert rows.count() == len(recommendations)
    assert len({(row.status, row.note) for row in rows}) == 1  # one save after the other


def test_a_report_sent_twice_at_once_is_one_report_and_one_notice(monkeypatch):
    # "Once" here rests on the report's unique constraint; the notice follows creation.
    from pbcert_wagtail.certificates import monitoring
    from pbcert_wagtail.models import MonitoringCheckIn, MonitoringReport

    case = scenarios.certified()
    check_in = MonitoringCheckIn.objects.create(
        call=case.call, due_date=case.certificate.valid_from + datetime.timedelta(days=10)
    )
    with both_reach(monkeypatch, monitoring, "_locked"):
        results = together(
            lambda: monitoring.send_report(case.certificate, check_in),
            lambda: monitoring.send_report(case.certificate, check_in),
        )
    assert [r for r in results if isinstance(r, Exception)] == []
    assert sorted(created for _report, created in results) == [False, True]
    assert MonitoringReport.objects.filter(certificate=case.certificate).count() == 1
    notices = OutboxMessage.objects.filter(
        event="staff_monitoring_report", application=case.application
    )
    assert notices.count() == 1


def test_a_renewal_started_twice_at_once_is_one_application(monkeypatch):
    # Both presses find no renewal yet; the one-application-per-call constraint keeps one.
    from pbcert_wagtail.certificates import renewal
    from pbcert_wagtail.models import CertificationCall, QuestionnaireResponse

    case = scenarios.certified()
    call = case.call
    dates = {
        d: getattr(call, d) for d in ("opens_at", "closes_at", "questionnaire_due", "results_at")
    }
    try:
        scenarios.a_year_on(case)

        def start():
            return renewal.start_renewal(case.certificate, case.application, "a@example.org", "ka")

        with both_reach(monkeypatch, renewal, "form_page_in"):
            results = together(start, start)
        started = [r for r in results if isinstance(r, Application)]
        duplicates = [r for r in results if isinstance(r, workflow.DuplicateApplication)]
        assert len(started) == 1 and len(duplicates) == 1, results
        renewals = Application.objects.filter(renews=case.certificate)
        assert renewals.count() == 1
        assert QuestionnaireResponse.objects.filter(application__in=renewals).count() == 1
        received = OutboxMessage.objects.filter(
            event="application_received", application__in=renewals
        )
        assert received.count() == 1
    finally:
        Application.objects.filter(renews=case.certificate).delete()  # it protects the certificate
        CertificationCall.objects.filter(pk=call.pk).update(**dates)
