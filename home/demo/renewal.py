"""The demo's certificate year: a municipality certified in last year's call (through the
real steps), its progress record and a check-in's report and assessment, and its renewal
in this year's call, submitted and with a reviewer assigned, so that staff see the
monitoring overview and a reviewer sees what changed since last year. Invented data."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

MUNICIPALITY = "zestaponi"
CONTACT = {
    "name": "ლევან სადემონსტრაციო",
    "role": "სამოქალაქო ბიუჯეტის კოორდინატორი",
    "email": "zestaponi-demo@example.org",
    "phone": "",
}
C1_ANSWERS = {
    "pb_running": "yes",
    "pb_since": "2020",
    "motivation": "გვინდა სამოქალაქო ბიუჯეტი უფრო მეტ სოფელს მოიცავდეს.",
    "declaration": True,
}
LAST_YEAR = {
    "general_data": "ზესტაფონი იმერეთის რეგიონის ქალაქია.",
    "population": "55000",
    "pb_stages": "იდეების შეგროვება, საჯარო განხილვა, კენჭისყრა.",
    "budget_share": "1.0",
    "projects_submitted": "64",
    "projects_implemented": "9",
    "participants": "2100",
    "motivation_resources": "პროცესს ერთი კოორდინატორი უძღვება.",
    "pb_development": "ყოველწლიური ციკლი ქალაქში.",
    "activity_plan": [{"activity": "შეხვედრები სოფლებში", "period": "გაზაფხული"}],
}
THIS_YEAR_CHANGES = {
    "projects_submitted": "97",
    "projects_implemented": "15",
    "participants": "3800",
    "pb_development": "ყოველწლიური ციკლი ქალაქსა და სოფლებში, ონლაინ კენჭისყრით.",
}
RECOMMENDATIONS = [
    {"criterion": "pb_development", "text": "გაავრცელეთ სამოქალაქო ბიუჯეტი სოფლებზეც."},
    {"criterion": "", "text": "გამოაქვეყნეთ განხორციელებული პროექტების ანგარიში."},
    {"criterion": "", "text": "ჩართეთ სკოლის მოსწავლეები კენჭისყრაში."},
]
PROGRESS = [
    ("done", "ციკლი ექვს სოფელში ჩატარდა."),
    ("in_progress", "ანგარიშის პროექტი მზადაა."),
    ("not_started", ""),
]
STATEMENTS = [
    "სოფლებში 31 იდეა შემოვიდა.",
    "ანგარიში ვებგვერდზე გამოქვეყნდა.",
    "სკოლებთან შეხვედრები შემდეგ წელს იგეგმება.",
]


def build(current_call):
    """Last year's call with Zestaponi certified, monitored, and its renewal in `current_call`;
    nothing when Zestaponi has a certificate already (a re-run)."""
    from pbcert_wagtail.models import Certificate, Municipality

    municipality = Municipality.objects.filter(code=MUNICIPALITY).first()
    if municipality is None or Certificate.objects.filter(municipality=municipality).exists():
        return None
    certificate, previous = certified_last_year(current_call, municipality)
    monitored(certificate)
    return renewing(certificate, previous)


def certified_last_year(current_call, municipality):
    from pbcert_wagtail import workflow
    from pbcert_wagtail.models import (
        ApplicationFormPage,
        Certificate,
        CertificationCall,
        ExpertReview,
        QuestionnaireResponse,
    )
    from pbcert_wagtail.scores import evaluation_criteria

    users = {u.username: u for u in get_user_model().objects.all()}
    staff = users["staff"]
    today = timezone.localdate()
    year = datetime.timedelta(days=365)
    call = CertificationCall.objects.create(
        year=current_call.year - 1,
        questionnaire=current_call.questionnaire,
        opens_at=current_call.opens_at - year,
        closes_at=current_call.closes_at - year,
        questionnaire_due=current_call.questionnaire_due - year,
        results_at=current_call.results_at - year,
        note="გასული წლის სადემონსტრაციო კონკურსი.",
        note_en="Last year's demo call.",
    )
    page = ApplicationFormPage.objects.filter(locale__language_code="ka").first()
    answers = {"municipality": MUNICIPALITY, **C1_ANSWERS, "contacts": [CONTACT]}
    application = workflow.create_application(
        call, municipality, "ka", [CONTACT], answers, page.questions_snapshot(), page
    )
    workflow.fire(application, "confirm", staff)
    response = questionnaire(application, LAST_YEAR)
    # Its call's deadline is a year ago: the demo gives itself the extension staff could.
    QuestionnaireResponse.objects.filter(pk=response.pk).update(extended_until=today)
    response.refresh_from_db()
    workflow.submit_questionnaire(application, response)
    accept(application, staff)
    codes = [c.code for c in evaluation_criteria(call)]
    for name, score in (("expert1", "3"), ("expert2", "4")):
        assignment = workflow.assign_expert(application, users[name], today, staff)
        workflow.declare_conflict(assignment, users[name], False)
        review = ExpertReview.objects.create(
            assignment=assignment,
            recommendation="certify",
            scores={code: {"score": score, "comment": ""} for code in codes},
            recommendations=RECOMMENDATIONS[:1],
        )
        workflow.submit_review(review, users[name])
    workflow.fire(application, "ready_for_consortium", staff)
    members = [users[name] for name in ("consortium", "consortium2", "consortium3")]
    workflow.record_decision(
        application,
        members[0],
        meeting_date=today,
        members_present=members,
        outcome="certified",
        rationale="პროცესი სტანდარტებს შეესაბამება; ქალაქში ის კარგად არის დანერგილი.",
        recommendations=RECOMMENDATIONS,
        progress_assessment="",
        votes=dict.fromkeys(members, "certified"),
    )
    workflow.publish_results(call, staff)
    certificate = Certificate.objects.get(decision__application=application)
    # A year on: the certificate has two months left.
    last_day = today + datetime.timedelta(days=60)
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_from=last_day - datetime.timedelta(days=364), valid_until=last_day
    )
    certificate.refresh_from_db()
    return certificate, application


def questionnaire(application, answers):
    from pbcert_wagtail.forms import question_specs, snapshot
    from pbcert_wagtail.models import QuestionnaireResponse

    definition = application.call.questionnaire.in_language(application.language)
    response, _created = QuestionnaireResponse.objects.get_or_create(application=application)
    response.answers = {**response.answers, **answers}
    response.questions = snapshot(question_specs(definition.questions))
    response.save()
    return response


def accept(application, staff):
    from pbcert_wagtail import workflow

    workflow.fire(application, "start_screening", staff)
    workflow.save_screening(application, [k for k, *_ in workflow.screening_checklist()], staff)
    workflow.fire(application, "accept_for_review", staff)


def monitored(certificate):
    """The progress record, a six-month check-in reported and assessed by staff, and a
    second check-in ahead."""
    from pbcert_wagtail.certificates import monitoring
    from pbcert_wagtail.models import MonitoringCheckIn

    staff = get_user_model().objects.get(username="staff")
    recommendations = list(certificate.recommendations.all())
    monitoring.save_progress(
        certificate, {r.pk: entry for r, entry in zip(recommendations, PROGRESS, strict=True)}
    )
    half = MonitoringCheckIn.objects.create(
        call=certificate.call,
        due_date=timezone.localdate() + datetime.timedelta(days=1),
        label_ka="ექვსთვიანი ანგარიში",
        label_en="Six-month report",
    )
    monitoring.send_report(certificate, half)
    # The report came in on time; its date is then moved to six months into the year.
    MonitoringCheckIn.objects.filter(pk=half.pk).update(
        due_date=certificate.valid_from + datetime.timedelta(days=182)
    )
    half.refresh_from_db()
    monitoring.save_assessments(
        certificate,
        half,
        {recommendations[0].pk: "სოფლებში ციკლი მართლაც ჩატარდა; ოქმები წარმოდგენილია."},
        staff,
    )
    MonitoringCheckIn.objects.create(
        call=certificate.call,
        due_date=certificate.valid_until - datetime.timedelta(days=14),
        label_ka="წლიური ანგარიში",
        label_en="Year-end report",
    )


def renewing(certificate, previous):
    """The renewal from the private link, confirmed, its answers updated, progress stated
    on each recommendation, submitted, accepted, and expert1 assigned to review it."""
    from pbcert_wagtail import workflow
    from pbcert_wagtail.certificates import renewal
    from pbcert_wagtail.models import ConsortiumDecision, QuestionnaireResponse

    staff = get_user_model().objects.get(username="staff")
    declared = renewal.declarations("ka", previous)
    application = renewal.start_renewal(certificate, previous, CONTACT["email"], "ka", declared)
    workflow.fire(application, "confirm", staff)
    response = questionnaire(application, THIS_YEAR_CHANGES)
    recommendations = list(certificate.recommendations.all())
    response.progress = {
        str(r.uid): text for r, text in zip(recommendations, STATEMENTS, strict=True)
    }
    response.prefilled = []
    response.save(update_fields=["progress", "prefilled"])
    response = QuestionnaireResponse.objects.get(pk=response.pk)
    workflow.submit_questionnaire(application, response)
    accept(application, staff)
    expert = get_user_model().objects.get(username="expert1")
    assignment = workflow.assign_expert(
        application, expert, timezone.localdate() + datetime.timedelta(days=14), staff
    )
    workflow.declare_conflict(assignment, expert, False)
    # The older call's results were "announced" a year ago.
    ConsortiumDecision.objects.filter(application=previous).update(
        published_at=F("published_at") - datetime.timedelta(days=300)
    )
    return application
