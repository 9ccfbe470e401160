"""Renewal: from the private link only (the public C1 form points a holder there and shows
nothing of last year), through the confirmation gate, pre-filled from last year with each
carried-over answer marked until checked, files kept only when ticked, progress asked per
recommendation; the people who judge it see what changed; decided before expiry, the new
certificate follows the old without a gap."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from pbcert_wagtail import workflow
from pbcert_wagtail.admin.applications.forms import DecisionForm
from pbcert_wagtail.certificates import expiry, renewal
from pbcert_wagtail.models import (
    Application,
    ApplicationFormPage,
    ApplicationStatus,
    Attachment,
    Certificate,
    OutboxMessage,
    QuestionnaireResponse,
)

from . import factories, scenarios
from .conftest import body, soup
from .test_questionnaire import answers as questionnaire_post

pytestmark = pytest.mark.django_db
S = ApplicationStatus
MARKER = "უნიკალური-შარშანდელი-პასუხი-7Q"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def holder(demo):
    """Telavi, certified last year (its questionnaire answered with a marker and a file
    attached), this year's call open, 60 days left on the certificate."""
    case = scenarios.applied(
        municipality="telavi", contact_email="telavi@example.org", answers={"motivation": MARKER}
    )
    case = scenarios.submitted(case)
    response = QuestionnaireResponse.objects.get(application=case.application)
    response.answers["general_data"] = MARKER
    response.save()
    factories.AttachmentFactory(application=case.application, original_name="გეგმა.pdf")
    return scenarios.certified_last_year(case)


def confirmed_renewal(holder):
    new = scenarios.renewing(holder)
    workflow.fire(new.application, "confirm", new.people.staff)
    return new


def test_the_status_page_offers_renewal_and_starts_it_through_the_confirmation_gate(client, holder):
    page = client.get(holder.url())
    renew_url = f"/ka/application/{holder.token}/renew/"
    assert soup(page).select_one(f'a[href="{renew_url}"]') is not None
    assert "განახლება" in soup(page).select_one("#renewal-heading").text

    form = client.get(renew_url)
    assert form.status_code == 200
    for recommendation in holder.certificate.recommendations.all():
        assert recommendation.text in body(form).decode()

    # Last year's declaration is not carried over: it is made again, here.
    undeclared = client.post(renew_url, {"contact_email": "new-person@telavi.example.org"})
    assert undeclared.status_code == 400
    error = soup(undeclared).select_one('[data-key="declaration"] .field__errors')
    assert error is not None and error.text.strip()
    assert not Application.objects.filter(call=holder.new_call).exists()

    response = client.post(
        renew_url, {"contact_email": "new-person@telavi.example.org", "declaration": "on"}
    )
    assert response.status_code == 302
    new = Application.objects.get(
        call=holder.new_call, municipality=holder.application.municipality
    )
    assert new.answers["declaration"] is True
    assert new.renews == holder.certificate
    assert new.status == S.AWAITING_CONFIRMATION  # staff confirm first: the contact is new
    assert new.contact_email == "new-person@telavi.example.org"
    assert OutboxMessage.objects.filter(event="application_received", application=new).exists()
    assert OutboxMessage.objects.filter(event="staff_new_application", application=new).exists()
    status = client.get(response["Location"])
    assert new.reference in body(status).decode()
    assert holder.certificate.number in body(status).decode()  # "renews certificate …"

    # A second press starts nothing new: the page names the renewal instead.
    again = client.post(renew_url, {"contact_email": "telavi@example.org"})
    assert again.status_code == 200 and new.reference in body(again).decode()
    assert Application.objects.filter(call=holder.new_call).count() == 1


def test_the_renewal_starts_from_last_years_answers_each_marked_until_checked(client, holder):
    new = confirmed_renewal(holder)
    last = QuestionnaireResponse.objects.get(application=holder.application)
    response = QuestionnaireResponse.objects.get(application=new.application)
    carried = {k: v for k, v in last.answers.items() if v not in (None, "", [], {})}
    assert response.answers == carried
    assert set(response.prefilled) == set(carried)
    assert new.application.answers["motivation"] == MARKER  # the C1 answers too

    url = new.url("questionnaire/")
    page = soup(client.get(url))
    assert len(page.select(".carried-over")) == len(carried)
    assert MARKER in page.select_one('[name="general_data"]').text

    # One answer ticked as checked, one changed, the rest left: two marks go.
    post = questionnaire_post(general_data="ახალი აღწერა.", **{"pb_stages-checked": "1"})
    assert client.post(url, {**post, "save": "1"}).status_code == 302
    response.refresh_from_db()
    assert "general_data" not in response.prefilled and "pb_stages" not in response.prefilled
    assert len(response.prefilled) == len(carried) - 2
    assert len(soup(client.get(url)).select(".carried-over")) == len(carried) - 2


def test_a_declaration_is_never_carried_over_ticked(holder):
    new = scenarios.renewing(holder)
    assert holder.application.answers.get("declaration") is True
    assert "declaration" not in new.application.answers


def test_only_questions_asked_again_with_the_same_key_and_kind_are_carried_over():
    then = [
        {"key": "kept", "type": "text"},
        {"key": "kind_changed", "type": "text"},
        {"key": "removed", "type": "text"},
        {"key": "empty", "type": "text"},
        {"key": "docs", "type": "files"},
    ]
    now = [
        {"section": "ახალი ნაწილი"},
        {"key": "kept", "type": "text"},
        {"key": "kind_changed", "type": "number"},
        {"key": "empty", "type": "text"},
        {"key": "docs", "type": "files"},
        {"key": "brand_new", "type": "text"},
    ]
    answers = {"kept": "ა", "kind_changed": "ბ", "removed": "გ", "empty": "", "docs": [1]}
    assert renewal.carried_over(answers, then, now) == {"kept": "ა"}


def test_last_years_files_are_kept_only_when_ticked(client, holder):
    new = confirmed_renewal(holder)
    url = new.url("questionnaire/")
    old = Attachment.objects.get(application=holder.application)
    page = soup(client.get(url))
    box = page.select_one(f'input[name="documents-keep-file"][value="{old.pk}"]')
    assert box is not None and "გეგმა.pdf" in box.parent.text

    client.post(url, {**questionnaire_post(), "save": "1"})
    assert not new.application.attachments.exists()  # not ticked: not kept

    client.post(url, {**questionnaire_post(), "documents-keep-file": str(old.pk), "save": "1"})
    client.post(url, {**questionnaire_post(), "documents-keep-file": str(old.pk), "save": "1"})
    kept = new.application.attachments.get()  # once, though ticked twice
    assert kept.original_name == "გეგმა.pdf" and kept.file.name != old.file.name
    assert kept.file.read() == old.file.open("rb").read()
    assert not soup(client.get(url)).select('input[name="documents-keep-file"]')


def test_submission_asks_what_progress_was_made_on_each_recommendation(client, holder):
    new = confirmed_renewal(holder)
    url = new.url("questionnaire/")
    old = Attachment.objects.get(application=holder.application)
    recommendations = list(holder.certificate.recommendations.all())
    base = {**questionnaire_post(), "documents-keep-file": str(old.pk)}
    first = f"progress-{recommendations[0].uid}"

    refused = client.post(url, {**base, first: "გაკეთდა.", "submit": "1"})
    assert refused.status_code == 400
    page = soup(refused)
    assert len(page.select(".field--error textarea[name^=progress-]")) == 2
    assert page.select_one(f'textarea[name="{first}"]').text == "გაკეთდა."  # kept
    assert Application.objects.get(pk=new.application.pk).status == S.QUESTIONNAIRE

    texts = {f"progress-{r.uid}": f"პროგრესი {n}" for n, r in enumerate(recommendations)}
    assert client.post(url, {**base, **texts, "submit": "1"}).status_code == 302
    assert Application.objects.get(pk=new.application.pk).status == S.SUBMITTED
    response = QuestionnaireResponse.objects.get(application=new.application)
    assert response.progress == {str(r.uid): f"პროგრესი {n}" for n, r in enumerate(recommendations)}


def test_the_public_form_points_a_holder_to_its_private_link_and_shows_nothing_of_last_year(
    client, holder
):
    page = ApplicationFormPage.objects.get(locale__language_code="ka")
    blank = client.get(page.url)
    assert MARKER not in body(blank).decode()

    response = scenarios.submit(client, page, municipality="telavi", email="x@example.org")
    assert response.status_code == 200
    html = body(response).decode()
    assert MARKER not in html
    error = soup(response).select_one('[data-key="municipality"] .field__errors').text
    assert holder.certificate.number in error
    assert soup(response).select_one('#error-summary a[href="/ka/application/lost-link/"]')
    assert not Application.objects.filter(call=holder.new_call).exists()


def test_a_renewal_never_continues_another_municipalitys_certificate(holder):
    other = scenarios.certified(municipality="kutaisi")
    with pytest.raises(renewal.NotRenewable):
        renewal.start_renewal(holder.certificate, other.application, "x@example.org", "ka")
    stranger = Application(
        call=holder.new_call, municipality=other.application.municipality, renews=holder.certificate
    )
    with pytest.raises(ValidationError):
        stranger.clean()
    assert not holder.certificate.renewals.exists()


@pytest.mark.parametrize("ended", ["revoked", "replaced"])
def test_a_revoked_or_replaced_certificate_offers_no_renewal(client, holder, ended):
    if ended == "revoked":
        change = {"revoked_at": datetime.datetime.now(datetime.UTC)}
    else:
        newer = factories.CertificateFactory(
            municipality=holder.application.municipality, call=holder.call
        )
        change = {"superseded_by": newer}
    Certificate.objects.filter(pk=holder.certificate.pk).update(**change)
    assert client.get(f"/ka/application/{holder.token}/renew/").status_code == 404
    assert b'id="renewal-heading"' not in body(client.get(holder.url()))


def test_expiry_reminders_stop_only_once_the_renewal_is_submitted(holder):
    last_day = holder.certificate.valid_until
    new = confirmed_renewal(holder)  # started, its questionnaire not in yet
    assert expiry.send_expiry_reminders(last_day - datetime.timedelta(days=30)) == 1
    scenarios.submitted(new)
    assert expiry.send_expiry_reminders(last_day - datetime.timedelta(days=7)) == 0


def test_the_decision_on_a_renewal_records_the_progress_assessment(holder):
    new = scenarios.ready_for_decision(confirmed_renewal(holder))
    data = {"outcome": "certified", "rationale": "კარგია.", "meeting_date": "2026-12-01"}
    members = [m.pk for m in new.people.consortium]
    form = DecisionForm({**data, "members_present": members}, application=new.application)
    assert not form.is_valid() and "progress_assessment" in form.errors
    data["progress_assessment"] = "რეკომენდაციები შესრულდა."
    form = DecisionForm({**data, "members_present": members}, application=new.application)
    assert form.is_valid(), form.errors


def test_the_consortium_sees_last_years_scores_with_new_and_removed_criteria_named(client, holder):
    from pbcert_wagtail.models import CallCriterion

    new = confirmed_renewal(holder)
    old_codes = [c.code for c in holder.call.criteria.all()]
    from pbcert_wagtail.scores import freeze_criteria

    criteria = freeze_criteria(new.call)
    removed = next(c for c in criteria if c.stage == "evaluation")
    removed_name = removed.name_ka
    removed.delete()
    CallCriterion.objects.create(
        call=new.call, code="youth", name_ka="ახალგაზრდების ჩართვა", name_en="Youth",
        weight=1, scale_max=5, stage="evaluation", order=99,
    )  # fmt: skip
    assert "youth" not in old_codes
    new = scenarios.ready_for_decision(scenarios.submitted(new), scores=[3, 3])
    client.force_login(new.people.consortium[0])
    html = body(client.get(f"/admin/pbcert_applications/review/{new.application.pk}/")).decode()
    panel = html.split('aria-labelledby="last_year-heading"')[1].split("</section>")[0]
    assert removed_name in panel and "აღარ ფასდება" in panel  # no longer asked
    assert "ახალგაზრდების ჩართვა" in panel and "ახალი კრიტერიუმი" in panel  # new
    assert "-1,00" in panel  # 4 last year, 3 now (a decimal comma in Georgian)
    assert 'class="pbcert-chart"' in panel


def test_the_old_certificate_says_superseded_only_from_the_new_ones_first_day(client, holder):
    new = scenarios.decided(
        scenarios.ready_for_decision(scenarios.submitted(confirmed_renewal(holder))),
        published=True,
    )
    successor = Certificate.objects.get(decision=new.decision)
    code = holder.certificate.current_document().code
    assert "Superseded" not in body(client.get(f"/en/verify/{code}/")).decode()
    Certificate.objects.filter(pk=successor.pk).update(
        valid_from=datetime.date.today() - datetime.timedelta(days=1)
    )
    assert "Superseded by the certificate of" in body(client.get(f"/en/verify/{code}/")).decode()


def test_keep_file_ids_that_are_not_last_years_own_are_ignored(client, holder):
    new = confirmed_renewal(holder)
    stranger = factories.AttachmentFactory(application=scenarios.applied().application)
    url = new.url("questionnaire/")
    for junk in ("²", "9" * 40, "-1", str(stranger.pk)):
        post = {**questionnaire_post(), "documents-keep-file": junk, "save": "1"}
        assert client.post(url, post).status_code in (200, 302)
    assert not new.application.attachments.exists()


def test_kept_files_beyond_the_limit_are_refused_with_an_error(client, holder):
    new = confirmed_renewal(holder)
    for n in range(10):
        factories.AttachmentFactory(application=holder.application, original_name=f"ფაილი-{n}.pdf")
    ids = [str(a.pk) for a in Attachment.objects.filter(application=holder.application)]
    assert len(ids) == 11  # one over the question's limit of 10
    page = client.post(
        new.url("questionnaire/"),
        {**questionnaire_post(), "documents-keep-file": ids, "save": "1"},
        HTTP_ACCEPT_LANGUAGE="ka",
    )
    assert page.status_code == 400 and new.application.attachments.count() == 10
    errors = soup(page).select_one('.field--files[data-key="documents"] .field__errors')
    assert errors is not None and "10" in errors.text


def test_a_certificate_revoked_while_the_renewal_page_was_open_gives_a_clear_error(holder):
    from django.utils import translation

    Certificate.objects.filter(pk=holder.certificate.pk).update(
        revoked_at=datetime.datetime.now(datetime.UTC)
    )
    holder.certificate.refresh_from_db()
    with translation.override("ka"), pytest.raises(renewal.NotRenewable) as refused:
        renewal.start_renewal(holder.certificate, holder.application, "telavi@example.org", "ka")
    assert "სერტიფიკატ" in str(refused.value)
    assert not holder.certificate.renewals.exists()


def test_an_expert_sees_no_score_of_either_year_until_their_own_review_is_in(client, holder):
    new = scenarios.in_review(scenarios.submitted(confirmed_renewal(holder)))
    assignment = scenarios.assign(new)
    client.force_login(assignment.expert)
    url = f"/admin/pbcert/reviews/{assignment.pk}/"
    page = body(client.get(url, HTTP_ACCEPT_LANGUAGE="en")).decode()
    assert "Scores: last year and this year" in page  # the renewal section is there
    assert "4.00" not in page and 'class="pbcert-chart"' not in page
    assert "once your own review is submitted" in page
    scenarios.review(new, assignment, 3)
    page = body(client.get(url, HTTP_ACCEPT_LANGUAGE="en")).decode()
    assert "4.00" in page and "-1.00" in page


def test_a_required_question_added_to_the_c1_form_since_last_year_is_asked_on_renewal(
    client, holder
):
    page = renewal.form_page_in("ka")
    raw = list(page.questions.raw_data)
    raw.insert(3, {"type": "short_text", "id": "new-q", "value": {
        "key": "budget_share", "label": "ბიუჯეტის რა წილი", "help_text": "", "required": True,
    }})  # fmt: skip
    page.questions = raw
    page.save_revision().publish()
    renew_url = f"/ka/application/{holder.token}/renew/"
    form = soup(client.get(renew_url))
    assert form.select_one('[name="budget_share"]') is not None
    assert form.select_one('[name="motivation"]') is None  # answered last year: carried over
    post = {"contact_email": "telavi@example.org", "declaration": "on"}
    refused = client.post(renew_url, post)
    assert refused.status_code == 400
    assert soup(refused).select_one('[data-key="budget_share"] .field__errors') is not None
    assert client.post(renew_url, {**post, "budget_share": "5%"}).status_code == 302
    new = Application.objects.get(call=holder.new_call)
    assert new.answers["budget_share"] == "5%" and new.answers["motivation"] == MARKER
    assert "budget_share" in [q.get("key") for q in new.questions]


def test_staff_are_told_before_confirming_a_renewal_whose_contact_is_new(client, holder):
    same = scenarios.renewing(holder)
    client.force_login(same.people.staff)
    url = f"/admin/pbcert_applications/review/{same.application.pk}/"
    assert 'id="new-contact"' not in body(client.get(url)).decode()
    same.application.delete()
    new = scenarios.renewing(holder, contact_email="someone-new@example.org")
    url = f"/admin/pbcert_applications/review/{new.application.pk}/"
    page = soup(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    warning = page.select_one("#new-contact").text
    assert "telavi@example.org" in warning and "before you confirm" in warning
