"""An application at each stage of the programme, reached through the real workflow
services (`pbcert_wagtail.workflow`), so its History, outbox and signals are what a real
one would have — and the demo people per role.

    case = scenarios.in_review(language="en")
    case.application.status  # "in_review"
    case.people.staff        # the demo "staff" user, in the real "Programme staff" group

Every stage takes an earlier `Case` (or an `Application`) to carry on from, or starts a
new application: `decided(submitted(...))` continues, `decided()` starts from nothing.
Only what the applicant does through the private link (saving the questionnaire) and what
an expert types (a review draft) are rows written directly, as the views write them.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from pbcert_wagtail import conf, workflow
from pbcert_wagtail.models import (
    AccessToken,
    Application,
    ApplicationFormPage,
    ApplicationStatus,
    ExpertReview,
    Municipality,
    OutboxMessage,
)
from pbcert_wagtail.models.questionnaires import QuestionnaireResponse

from . import factories

S = ApplicationStatus

# The main line of the life cycle, in order.
STAGES = [
    S.AWAITING_CONFIRMATION,
    S.QUESTIONNAIRE,
    S.SUBMITTED,
    S.SCREENING,
    S.IN_REVIEW,
    S.READY_FOR_DECISION,
    S.DECIDED,
]


# -- people ------------------------------------------------------------------------------


@dataclass
class People:
    """One person per role (the demo's users, made by load_initial_data), more on demand.

    admin: the superuser; staff: "Programme staff"; experts: "Experts" (expert1, expert2…);
    consortium: "Consortium members" (consortium, consortium2, consortium3…; the first one
    chairs); editor: Wagtail's "Editors" (pages and snippets, no application)."""

    admin: object
    staff: object
    experts: list
    consortium: list
    editor: object

    @property
    def expert(self):
        return self.experts[0]

    @property
    def chair(self):
        return self.consortium[0]

    def by_role(self):
        return {
            "admin": self.admin,
            "staff": self.staff,
            "expert": self.experts[0],
            "consortium": self.consortium[0],
            "editor": self.editor,
        }


def people_per_role(experts=2, members=None):
    """The demo people, with at least `experts` experts and `members` consortium members
    (the quorum by default); extra ones are made in the real groups."""
    users = get_user_model().objects
    members = members or conf.get("CONSORTIUM_QUORUM")
    expert_list = [users.get(username=name) for name in ("expert1", "expert2")][:experts]
    for n in range(len(expert_list) + 1, experts + 1):
        expert_list.append(factories.ExpertFactory(username=f"expert{n}"))
    demo_members = ("consortium", "consortium2", "consortium3")
    member_list = [users.get(username=name) for name in demo_members][:members]
    for n in range(len(member_list) + 1, members + 1):
        member_list.append(factories.ConsortiumMemberFactory(username=f"consortium{n}"))
    return People(
        admin=users.get(username="admin"),
        staff=users.get(username="staff"),
        experts=expert_list,
        consortium=member_list,
        editor=factories.EditorFactory(username="editor"),
    )


# -- one application's case ---------------------------------------------------------------


@dataclass
class Case:
    """An application and the people and rows its stages made."""

    application: Application
    people: People
    response: QuestionnaireResponse | None = None
    assignments: list = field(default_factory=list)
    reviews: list = field(default_factory=list)
    request: object = None  # the latest InformationRequest
    decision: object = None
    _token: str = ""

    @property
    def call(self):
        return self.application.call

    @property
    def status(self):
        """The status now (the application is read again from the database)."""
        self.application.refresh_from_db()
        return self.application.status

    @property
    def token(self):
        """A private link's token for the applicant (issued on first use)."""
        if not self._token:
            self._token = AccessToken.issue(self.application)
        return self._token

    def url(self, path="", language=None):
        """The applicant's private page, e.g. case.url("questionnaire/")."""
        return f"/{language or self.application.language}/application/{self.token}/{path}"


def _case(case, kwargs):
    """The case to carry on from: given, wrapped around an application, or a new one."""
    if case is None:
        return applied(**kwargs)
    if isinstance(case, Application):
        return Case(case, kwargs.get("people") or people_per_role())
    return case


def _before(case, status):
    """True when the case has not reached `status` on the main line yet."""
    current = case.application.status
    if current not in STAGES:
        raise ValueError(f"{case.application.reference} is {current}: off the main line")
    return STAGES.index(current) < STAGES.index(status)


CONTACT = {
    "name": "ნინო ბერიძე",
    "role": "სამოქალაქო ბიუჯეტის კოორდინატორი",
    "phone": "+995 431 00 00 00",
}
C1 = {
    "population": "41465",
    "office_email": "",
    "office_phone": "",
    "pb_running": "yes",
    "pb_since": "2019",
    "standards": ["georgian_standards", "council_regulation"],
    "regulation_date": "2019-03-01",
    "pb_website": "",
    "motivation": "გვინდა სამოქალაქო ბიუჯეტის გაუმჯობესება.",
}


def c1_answers(municipality, email, **overrides):
    """A complete C1 form, as the form page stores it."""
    contacts = [{**CONTACT, "email": email}]
    answers = {"municipality": municipality.code, **C1, "contacts": contacts}
    answers["declaration"] = True
    return {**answers, **overrides}


def c1_post(municipality="kutaisi", email="nino@example.org", **overrides):
    """The same complete C1 form as a visitor posts it (None drops a field)."""
    data = {
        "municipality": municipality,
        **C1,
        "population": "41 465",
        **{f"contacts-0-{key}": value for key, value in CONTACT.items()},
        "contacts-0-email": email,
        "declaration": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# -- the stages ---------------------------------------------------------------------------


def applied(
    *,
    language="ka",
    municipality=None,
    call=None,
    contact_email=None,
    answers=None,
    people=None,
):
    """A C1 application awaiting confirmation, stored by `workflow.create_application`
    (received email to the applicant, new-application email to staff). The municipality
    is the first one without an application in the call unless given."""
    call = call or factories.current_call()
    if isinstance(municipality, str):
        municipality = Municipality.objects.get(code=municipality)
    municipality = municipality or factories.free_municipality(call)
    email = contact_email or f"{municipality.code}@example.org"
    page = ApplicationFormPage.objects.filter(locale__language_code=language).first()
    data = c1_answers(municipality, email, **(answers or {}))
    application = workflow.create_application(
        call,
        municipality,
        language,
        data["contacts"],
        data,
        page.questions_snapshot(),
        page,
    )
    return Case(application, people or people_per_role())


def questionnaire_open(case=None, **kwargs):
    """Confirmed by staff: the questionnaire is open (the applicant was emailed)."""
    case = _case(case, kwargs)
    if _before(case, S.QUESTIONNAIRE):
        workflow.fire(case.application, "confirm", case.people.staff)
    return case


def declined(case=None, reason="სამოქალაქო ბიუჯეტი ჯერ არ ხორციელდება.", **kwargs):
    """Declined by staff before confirmation, with the reason the applicant reads."""
    case = _case(case, kwargs)
    workflow.fire(case.application, "decline", case.people.staff, comment=reason)
    return case


def submitted(case=None, *, answers=None, **kwargs):
    """The questionnaire saved with complete answers (as the private link saves it) and
    submitted through `workflow.submit_questionnaire`."""
    case = questionnaire_open(case, **kwargs)
    if _before(case, S.SUBMITTED):
        application = case.application
        response, _created = QuestionnaireResponse.objects.get_or_create(application=application)
        response.answers = factories.questionnaire_answers(**(answers or {}))
        response.questions = factories.questionnaire_questions(
            application.call, application.language
        )
        response.saved_at = timezone.now()
        response.save()
        workflow.submit_questionnaire(application, response)
        case.response = response
    return case


def screening(case=None, **kwargs):
    """Staff started the completeness check (nothing ticked yet)."""
    case = submitted(case, **kwargs)
    if _before(case, S.SCREENING):
        workflow.fire(case.application, "start_screening", case.people.staff)
    return case


def tick_checklist(case, user=None):
    """Tick every item of the completeness checklist."""
    keys = [key for key, *_labels in workflow.screening_checklist()]
    workflow.save_screening(case.application, keys, user or case.people.staff)
    return case


def in_review(case=None, **kwargs):
    """Checklist ticked and accepted for expert review (the call's criteria are frozen)."""
    case = screening(case, **kwargs)
    if _before(case, S.IN_REVIEW):
        tick_checklist(case)
        workflow.fire(case.application, "accept_for_review", case.people.staff)
    return case


def assign(case, expert=None, *, conflict=False, purpose="review", due_date=None, note=""):
    """Staff assign `expert` (the first demo expert by default); the expert declares
    (no conflict unless `conflict=True`; None: not declared yet)."""
    expert = expert or case.people.expert
    due_date = due_date or timezone.localdate() + datetime.timedelta(days=14)
    assignment = workflow.assign_expert(
        case.application, expert, due_date, case.people.staff, purpose=purpose
    )
    if conflict is not None:
        workflow.declare_conflict(assignment, expert, conflict, note)
    case.assignments.append(assignment)
    return assignment


def review(case, assignment, score=4, *, recommendation="certify", recommendations=(), submit=True):
    """The expert's review: `score` on every evaluation criterion (or {code: score}),
    saved as a draft, then submitted through `workflow.submit_review` unless told not to."""
    item, _created = ExpertReview.objects.get_or_create(assignment=assignment)
    item.scores = factories.scores_for(case.call, score)
    item.recommendation = recommendation
    item.recommendations = list(recommendations)
    item.save()
    if submit:
        workflow.submit_review(item, assignment.expert)
    case.reviews.append(item)
    return item


def reviewed(case=None, scores=None, *, recommendation="certify", recommendations=(), **kwargs):
    """In review with one submitted review per score (as many as the call needs by default,
    4 on every criterion), by the first experts."""
    case = in_review(case, **kwargs)
    scores = list(scores or [4] * case.call.experts_per_application)
    if len(case.people.experts) < len(scores):
        case.people.experts = people_per_role(experts=len(scores)).experts
    for expert, score in zip(case.people.experts, scores, strict=False):
        assignment = assign(case, expert)
        review(
            case,
            assignment,
            score,
            recommendation=recommendation,
            recommendations=recommendations,
        )
    return case


def ready_for_decision(case=None, scores=None, **kwargs):
    """Reviewed (see `reviewed`; reviews already submitted are kept instead), and staff
    sent it to the consortium."""
    if case is not None:
        case = _case(case, kwargs)
    if (
        case is None
        or _before(case, S.IN_REVIEW)
        or not workflow.submitted_review_count(case.application)
    ):
        case = reviewed(case, scores, **kwargs)
    if _before(case, S.READY_FOR_DECISION):
        workflow.fire(case.application, "ready_for_consortium", case.people.staff)
    return case


def information_requested(
    case=None,
    *,
    during=S.SCREENING,
    text="გთხოვთ, დაურთოთ საკრებულოს დადგენილება.",
    due_date=None,
    unlocked_keys=(),
    **kwargs,
):
    """Staff asked the applicant for more information during the completeness check
    (`during="screening"`) or the review (`during="in_review"`); `case.request` is it."""
    stage = {S.SCREENING: screening, S.IN_REVIEW: in_review}[during]
    case = stage(case, **kwargs)
    due_date = due_date or timezone.localdate() + datetime.timedelta(days=7)
    case.request = workflow.request_information(
        case.application, text, due_date, list(unlocked_keys), case.people.staff
    )
    return case


def information_answered(case, answer="დადგენილება თან ერთვის.", changes=None):
    """The applicant answered the open request; the application is back where it was."""
    workflow.answer_information_request(case.request, answer, changes or {})
    case.request.refresh_from_db()
    return case


def decided(
    case=None,
    *,
    published=False,
    outcome="certified",
    rationale="პროცესი სტანდარტებს შეესაბამება.",
    recommendations=({"criterion": "pb_development", "text": "დანერგეთ ონლაინ კენჭისყრა."},),
    members=None,
    votes=True,
    scores=None,
    **kwargs,
):
    """The consortium's decision recorded by the chair with the quorum present (each
    voting for `outcome` unless `votes=False`); `published=True` then publishes the call's
    results through `workflow.publish_results` (every pending decision of the call)."""
    case = ready_for_decision(case, scores, **kwargs)
    if _before(case, S.DECIDED):
        members = list(members or case.people.consortium)
        case.decision = workflow.record_decision(
            case.application,
            members[0],
            meeting_date=timezone.localdate(),
            members_present=members,
            outcome=outcome,
            rationale=rationale,
            recommendations=list(recommendations),
            progress_assessment="კარგი პროგრესი გასული წლის რეკომენდაციებზე.",
            votes=dict.fromkeys(members, outcome) if votes else None,
        )
    case.application.refresh_from_db()
    case.decision = case.decision or case.application.decision
    if published:
        workflow.publish_results(case.call, case.people.staff)
        case.decision.refresh_from_db()
    return case


THREE_RECOMMENDATIONS = (
    {"criterion": "pb_development", "text": "დანერგეთ ონლაინ კენჭისყრა."},
    {"criterion": "", "text": "გამოაქვეყნეთ პროექტების შესრულების ანგარიში."},
    {"criterion": "", "text": "ჩართეთ ახალგაზრდები კენჭისყრაში."},
)


def certified(case=None, recommendations=THREE_RECOMMENDATIONS, **kwargs):
    """A published "certified" decision with its certificate (`case.certificate`) and,
    by default, three recommendations."""
    from pbcert_wagtail.models import Certificate

    case = decided(case, published=True, recommendations=recommendations, **kwargs)
    case.certificate = Certificate.objects.get(decision=case.decision)
    return case


def withdrawn(case=None, reason="მუნიციპალიტეტმა განაცხადი გაიწვია.", **kwargs):
    """Withdrawn by staff at the applicant's request, from wherever the case is."""
    case = _case(case, kwargs)
    workflow.fire(case.application, "withdraw", case.people.staff, comment=reason)
    return case


# -- the applicant's side, through the public site ------------------------------------------


def submit(client, page, **overrides):
    """Post the C1 form page (see `c1_post` for the fields)."""
    return client.post(page.url, c1_post(**overrides))


PRIVATE_LINK = r"https?://\S+/application/[\w-]+/"


def link_from(message):
    """The private link in an outbox email."""
    return re.search(PRIVATE_LINK, message.body_text).group(0)


def sent_link(recipient):
    """The private link in the last email actually sent to `recipient`."""
    sent = [m for m in mail.outbox if recipient in m.to]
    assert sent, f"nothing was sent to {recipient}"
    return re.search(PRIVATE_LINK, sent[-1].body).group(0)


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def latest_email(event, recipient=None):
    """The newest outbox row of `event` (to `recipient`), or None."""
    rows = OutboxMessage.objects.filter(event=event)
    if recipient:
        rows = rows.filter(recipient=recipient)
    return rows.order_by("-pk").first()


# -- the certificate year and the next ------------------------------------------------------


def certified_last_year(case=None, *, days_left=60, **kwargs):
    """Certified in last year's call, and this year's call is open (see `a_year_on`)."""
    return a_year_on(certified(case, **kwargs), days_left=days_left)


def a_year_on(case, *, days_left=60):
    """A certified case a year on: its call's dates are moved back a year, its certificate
    has `days_left` days to run, and this year's call is open (`case.new_call`, with the
    same questionnaire)."""
    from django.db.models import F, Max

    from pbcert_wagtail.models import Certificate, CertificationCall

    call, year = case.call, datetime.timedelta(days=365)
    dates = ("opens_at", "closes_at", "questionnaire_due", "results_at")
    CertificationCall.objects.filter(pk=call.pk).update(**{d: F(d) - year for d in dates})
    last_day = timezone.localdate() + datetime.timedelta(days=days_left)
    Certificate.objects.filter(pk=case.certificate.pk).update(
        valid_from=last_day - datetime.timedelta(days=364), valid_until=last_day
    )
    next_year = CertificationCall.objects.aggregate(last=Max("year"))["last"] + 1
    case.new_call = factories.CertificationCallFactory(
        year=next_year, questionnaire=call.questionnaire
    )
    case.application.refresh_from_db()
    case.certificate.refresh_from_db()
    return case


def renewing(case, contact_email=None, language=None):
    """The renewal of `case.certificate`, started from the private link (awaiting
    confirmation, its questionnaire pre-filled): a new Case sharing the people."""
    from pbcert_wagtail.certificates import renewal

    application = renewal.start_renewal(
        case.certificate,
        case.application,
        contact_email or case.application.contact_email,
        language or case.application.language,
    )
    return Case(application, case.people)
