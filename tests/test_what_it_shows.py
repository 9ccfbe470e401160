"""What every admin URL *shows*, for people with one role and with two (issue 11).

One world per module: applications at every stage, each with a unique marker in every
answer, contact, file (name and content), change notice, information request and answer,
expert review (comments, recommendations, suggested request), decision and outbox email.
Each person opens every admin URL our namespaces have (discovered as in
test_access_matrix), Wagtail's generic views, Site history and its exports, the outbox
search, our exports, with the ids of *every* application; every response (HTML, CSV, the
cells of an XLSX) is searched for the markers the rule below says this person must not
see, and for score tables and score columns of applications whose reviews they may not
see. The rule is stated here, from the issue, not imported from the product.
"""

import csv
import datetime
import io
import re
import secrets
from dataclasses import dataclass, field

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.test import Client
from django.utils import timezone
from wagtail.users.models import UserProfile

from pbcert_wagtail import workflow
from pbcert_wagtail.community import questions as expert_questions
from pbcert_wagtail.models import (
    Application,
    ApplicationStatus,
    Attachment,
    ChangeNotice,
    ConsortiumDecision,
    ExpertReview,
    InformationRequest,
    OutboxMessage,
    ReviewAssignment,
)
from pbcert_wagtail.models.questionnaires import QuestionnaireResponse
from pbcert_wagtail.roles import CONSORTIUM, EXPERTS, STAFF

from . import factories, scenarios
from .conftest import body
from .test_access_matrix import POST_ONLY, discovered_urls, fill

pytestmark = pytest.mark.django_db

S = ApplicationStatus
CONSORTIUM_STAGES = (S.READY_FOR_DECISION, S.DECIDED)

# -- the world ------------------------------------------------------------------------------


@dataclass
class Marker:
    """One planted string: which application, what it is, which part of the rule guards
    it ("content", "review" by `author`, "decision", "outbox", "presence")."""

    app: str
    kind: str
    part: str
    value: str
    author: object = None


@dataclass
class App:
    tag: str
    application: Application
    markers: dict = field(default_factory=dict)  # kind -> Marker
    attachments: list = field(default_factory=list)
    outbox: list = field(default_factory=list)  # outbox row ids written for it

    def mark(self, kind, part, author=None):
        value = f"mrk-{self.tag}-{kind}-{secrets.token_hex(4)}".lower()
        self.markers[kind] = Marker(self.tag, kind, part, value, author)
        return value


NUMBERS = ("population", "area_km2", "budget_share", "projects_submitted")
NUMBERS += ("projects_implemented", "participants")


def _answers(app):
    """Questionnaire answers with the marker in every text answer and table row."""
    text = app.mark("answers", "content")
    answers = factories.questionnaire_answers()
    for key, value in answers.items():
        if isinstance(value, str) and key not in NUMBERS:
            answers[key] = f"{text} {value}"
    answers["partners"] = [{"organisation": text, "role": text}]
    answers["activity_plan"] = [{"activity": text, "period": "2021"}]
    return answers


def _apply(tag):
    app = App(tag, None)
    email = f"{app.mark('contact', 'content')}@example.org"
    contacts = [{"name": app.mark("contactname", "content"), "role": "x", "email": email}]
    contacts[0]["phone"] = "+995 431 00 00 00"
    case = scenarios.applied(
        contact_email=email, answers={"motivation": app.mark("c1", "content"), "contacts": contacts}
    )
    app.application = case.application
    app.case = case
    return app


def _files_and_notice(app):
    application = app.application
    name = app.mark("filename", "content")
    content = app.mark("filecontent", "content")
    attachment = Attachment.objects.create(
        application=application,
        question_key="documents",
        original_name=f"{name}.pdf",
        content_type="application/pdf",
        file=ContentFile(f"%PDF-1.4\n% {content}\n".encode(), name=f"{name}.pdf"),
        size=40,
    )
    app.attachments.append(attachment)
    notice = ChangeNotice.objects.create(
        application=application, text=app.mark("notice", "content")
    )
    workflow.record_change_notice(application, notice)


def _questionnaire(app, submit):
    case = scenarios.questionnaire_open(app.case)
    response, _created = QuestionnaireResponse.objects.get_or_create(application=app.application)
    response.answers = _answers(app)
    response.questions = factories.questionnaire_questions(
        app.application.call, app.application.language
    )
    response.saved_at = timezone.now()
    response.save()
    _files_and_notice(app)
    if submit:
        workflow.submit_questionnaire(app.application, response)
        case.response = response
    return case


def _in_review(app):
    case = _questionnaire(app, submit=True)
    scenarios.in_review(case)
    case.request = workflow.request_information(
        app.application,
        app.mark("request", "content"),
        timezone.localdate() + datetime.timedelta(days=7),
        [],
        case.people.staff,
    )
    scenarios.information_answered(case, answer=app.mark("reply", "content"))
    case.application.refresh_from_db()
    return case


def _review(app, case, expert, *, submit=True, score=4):
    """The expert's review with a marker in each comment, recommendation and suggestion."""
    assignment = scenarios.assign(case, expert)
    who = expert.username
    comment = app.mark(f"comment-{who}", "review", author=expert)
    advice = app.mark(f"advice-{who}", "review", author=expert)
    suggestion = app.mark(f"suggestion-{who}", "review", author=expert)
    codes = factories.evaluation_codes(app.application.call)
    review = ExpertReview.objects.create(
        assignment=assignment,
        scores={code: {"score": str(score), "comment": comment} for code in codes},
        recommendation="certify",
        recommendations=[{"criterion": codes[0], "text": advice}],
        suggested_request=suggestion,
    )
    if submit:
        workflow.suggest_information_request(review, expert)
        workflow.submit_review(review, expert)
    return assignment


def _decide(app, case):
    rationale = app.mark("rationale", "decision")
    advice = app.mark("decisionadvice", "decision")
    scenarios.decided(
        case, rationale=rationale, recommendations=[{"criterion": "pb_development", "text": advice}]
    )


def user(username, *groups):
    person = factories.UserFactory(username=username, groups=list(groups))
    profile = UserProfile.get_for_user(person)
    profile.preferred_language = "en"  # export headers and score tables read in English
    profile.save()
    return person


def build_world():
    people = scenarios.people_per_role()
    cast = {
        "staff": people.staff,
        "staff+expert(conflict on A)": user("h11-staff-expert", STAFF, EXPERTS),
        "consortium+expert(undeclared on B)": user("h11-cons-undeclared", CONSORTIUM, EXPERTS),
        "consortium+expert(pending on C)": user("h11-cons-pending", CONSORTIUM, EXPERTS),
        "consortium": people.consortium[0],
        "expert": people.experts[0],
        "editor": people.editor,
        "anonymous": None,
    }
    for person in cast.values():
        if person is not None:
            profile = UserProfile.get_for_user(person)
            profile.preferred_language = "en"
            profile.save()
    expert1, expert2 = people.experts[:2]
    apps = {}

    def track(tag, build):
        before = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        app = _apply(tag)
        build(app)
        apps[tag] = app
        rows = OutboxMessage.objects.filter(pk__gt=before)
        app.outbox = list(rows.values_list("pk", flat=True))
        marker = app.mark("outbox", "outbox")
        for row in rows:
            row.subject = f"{row.subject} {marker}"[:300]
            row.body_text = f"{row.body_text}\n{marker}\n"
            row.body_html = f"{row.body_html}<p>{marker}</p>"
            row.save()
        app.application.refresh_from_db()

    # Q: the questionnaire is being filled in.
    track("q", lambda app: _questionnaire(app, submit=False))

    def a(app):  # A: in review; staff+expert declared a conflict; expert1's review pending
        case = _in_review(app)
        scenarios.assign(case, cast["staff+expert(conflict on A)"], conflict=True, note="advisor")
        _review(app, case, expert2)
        _review(app, case, expert1, submit=False)

    track("a", a)

    def b(app):  # B: ready for the consortium; consortium+expert has not declared
        case = _in_review(app)
        scenarios.assign(case, cast["consortium+expert(undeclared on B)"], conflict=None)
        _review(app, case, expert1)
        _review(app, case, expert2)
        scenarios.ready_for_decision(case)

    track("b", b)

    def c(app):  # C: in review; expert1 submitted, consortium+expert has not
        case = _in_review(app)
        _review(app, case, expert1)
        _review(app, case, cast["consortium+expert(pending on C)"], submit=False)

    track("c", c)

    def r(app):  # R: ready for the consortium
        case = _in_review(app)
        _review(app, case, expert1)
        _review(app, case, expert2)
        scenarios.ready_for_decision(case)

    track("r", r)

    def e(app):  # E: ready for the consortium, consortium+expert's review still a draft
        case = _in_review(app)
        _review(app, case, expert1)
        _review(app, case, expert2)
        _review(app, case, cast["consortium+expert(pending on C)"], submit=False)
        scenarios.ready_for_decision(case)

    track("e", e)

    def p(app):  # P: decided and published
        case = _in_review(app)
        _review(app, case, expert1)
        _review(app, case, expert2)
        _decide(app, case)
        workflow.publish_results(case.call, case.people.staff)

    track("p", p)

    def d(app):  # D: decided, not published (after P's publication)
        case = _in_review(app)
        _review(app, case, expert1)
        _review(app, case, expert2)
        _decide(app, case)

    track("d", d)

    for app in apps.values():
        app.application.refresh_from_db()
        app.markers["reference"] = Marker(app.tag, "reference", "presence", "")
    cast["questions"] = _questions(cast, expert1, expert2)
    return cast, apps


def _questions(cast, expert1, expert2):
    """Ask an expert: one question assigned to each expert, a unique marker in each."""
    found = {}
    for tag, expert in (("q-expert1", expert1), ("q-expert2", expert2)):
        marker = f"mrk-{tag}-{secrets.token_hex(4)}"
        question = expert_questions.ask_question(
            "სახელი", f"{tag}@example.org", f"კითხვა {marker}", "ka"
        )
        question.confirmed_at = timezone.now()
        question.save()
        expert_questions.queue_question(question)
        expert_questions.assign(question, expert, cast["staff"])
        found[tag] = (question, expert, marker)
    return found


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction rolled back at its end; its files in
    a directory of its own (a job cleaning the shared private media cannot take them)."""
    field = Attachment._meta.get_field("file")
    shared = field.storage
    field.storage = FileSystemStorage(location=str(tmp_path_factory.mktemp("private")))
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            cast, apps = build_world()
            yield {"cast": cast, "apps": apps}
            transaction.set_rollback(True)
    finally:
        field.storage = shared


# -- the rule (from issue 11) -----------------------------------------------------------------


def is_staff(person):
    return person is not None and person.groups.filter(name=STAFF).exists()


def is_consortium(person):
    return person is not None and person.groups.filter(name=CONSORTIUM).exists()


def assignments(person, application):
    if person is None:
        return ReviewAssignment.objects.none()
    return ReviewAssignment.objects.filter(
        application=application, expert=person, withdrawn_at__isnull=True
    )


def may_see_application(person, application):
    """A declared or undeclared conflict hides all of the application, whatever other
    roles; staff see every other one; a consortium member from "ready for the consortium"
    onward; an expert only their own assignments, after declaring no conflict; editors
    and anonymous visitors nothing."""
    if person is None:
        return False
    mine = assignments(person, application)
    if mine.exclude(has_conflict=False).exists():
        return False
    return (
        is_staff(person)
        or (is_consortium(person) and application.status in CONSORTIUM_STAGES)
        or mine.filter(has_conflict=False).exists()
    )


def may_see_reviews(person, application):
    """Others' scores, means, totals, recommendation counts and who recommended what: for
    those who see the application and have no review of it still to submit — staff, the
    consortium, or an expert once their own review is submitted."""
    if not may_see_application(person, application):
        return False
    mine = assignments(person, application).filter(purpose="review", has_conflict=False)
    if mine.filter(review__submitted_at__isnull=True).exists() or (
        mine.filter(review__isnull=True).exists()
    ):
        return False
    return is_staff(person) or is_consortium(person) or mine.filter(review__isnull=False).exists()


def may_see(person, marker, application):
    if marker.part in ("content", "presence"):
        return may_see_application(person, application)
    if marker.part == "review":
        own = person is not None and marker.author.pk == person.pk
        return may_see_application(person, application) and (
            own or may_see_reviews(person, application)
        )
    if marker.part == "decision":
        published = ConsortiumDecision.objects.filter(
            application=application, published_at__isnull=False
        ).exists()
        return may_see_application(person, application) and (
            is_staff(person) or is_consortium(person) or published
        )
    if marker.part == "outbox":
        return is_staff(person) and may_see_application(person, application)
    raise AssertionError(marker.part)


# -- every URL --------------------------------------------------------------------------------


@dataclass
class Target:
    kind: str  # the URL name, or a short label for the extra URLs
    path: str
    app: str | None = None  # the application the page is about, if one


def targets(world):
    apps = world["apps"]
    by_pk = {app.application.pk: tag for tag, app in apps.items()}
    assignments_ = list(ReviewAssignment.objects.filter(application__pk__in=by_pk))
    attachments = [(a.pk, tag) for tag, app in apps.items() for a in app.attachments]
    outbox = [(pk, tag) for tag, app in apps.items() for pk in app.outbox[:2]]
    calls = {app.application.call_id for app in apps.values()}
    for name, route in discovered_urls():
        if name in POST_ONLY or name.endswith(":add"):
            continue
        namespace = name.split(":")[0]
        if "<" not in route:
            yield Target(name, fill(route, {}))
            continue
        if namespace == "pbcert_reviews":
            for assignment in assignments_:
                tag = by_pk[assignment.application_id]
                files = [pk for pk, t in attachments if t == tag] + [attachments[0][0]]
                for file_pk in dict.fromkeys(files):
                    path = fill(route, {"pk": assignment.pk, "attachment_pk": file_pk})
                    if path:
                        yield Target(name, path, tag)
        elif namespace == "pbcert_questions":
            for question, _expert, _marker in world["cast"]["questions"].values():
                yield Target(name, fill(route, {"pk": question.pk}))
        elif namespace == "pbcert_outbox":
            for pk, tag in outbox:
                yield Target(name, fill(route, {"pk": pk}), tag)
        elif namespace == "municipality":
            for app in apps.values():
                yield Target(name, fill(route, {"pk": app.application.municipality_id}))
        elif namespace == "certificationcall" or name == "pbcert_applications:publish":
            for call in calls:
                yield Target(name, fill(route, {"pk": call}))
        elif name == "pbcert_applications:attachment":
            for pk, tag in attachments:
                yield Target(name, fill(route, {"pk": pk}), tag)
        elif name == "pbcert_applications:withdraw_assignment":
            for assignment in assignments_:
                objects = {"pk": assignment.application_id, "assignment": assignment.pk}
                yield Target(name, fill(route, objects), by_pk[assignment.application_id])
        else:
            for pk, tag in by_pk.items():
                yield Target(name, fill(route, {"pk": pk}), tag)
    call = next(iter(calls))
    extra = [
        ("admin home (overview)", "/admin/"),
        ("admin search", "/admin/search/?q=mrk"),
        ("applications search", "/admin/pbcert_applications/?q=mrk"),
        ("applications search", "/admin/pbcert_applications/results/?q=mrk"),
        ("applications listing of the call", f"/admin/pbcert_applications/?call={call}"),
        ("applications listing ?export=csv", "/admin/pbcert_applications/?export=csv"),
        ("applications listing ?export=xlsx", "/admin/pbcert_applications/?export=xlsx"),
        ("applications export csv", f"/admin/pbcert_applications/export/?format=csv&call={call}"),
        ("applications export xlsx", f"/admin/pbcert_applications/export/?format=xlsx&call={call}"),
        (
            "reviews export csv",
            f"/admin/pbcert_applications/export-reviews/?format=csv&call={call}",
        ),
        (
            "reviews export xlsx",
            f"/admin/pbcert_applications/export-reviews/?format=xlsx&call={call}",
        ),
        # Searched by a marker less its last character: the search box shows the query.
        ("outbox search", "/admin/pbcert_outbox/?q=mrk"),
        ("outbox search", "/admin/pbcert_outbox/results/?q=mrk"),
        *[
            ("outbox search", f"/admin/pbcert_outbox/?q={app.markers['outbox'].value[:-1]}")
            for app in apps.values()
        ],
        *[
            ("outbox search", f"/admin/pbcert_outbox/?q={app.markers['contact'].value[:-1]}")
            for app in apps.values()
        ],
        ("site history", "/admin/reports/site-history/"),
        ("site history", "/admin/reports/site-history/results/"),
        *[("site history", f"/admin/reports/site-history/?p={n}") for n in range(2, 6)],
        ("site history ?export=csv", "/admin/reports/site-history/?export=csv"),
        ("site history ?export=xlsx", "/admin/reports/site-history/?export=xlsx"),
    ]
    for model in (Application, ReviewAssignment, ExpertReview, ConsortiumDecision):
        kind = ContentType.objects.get_for_model(model).pk
        extra += [
            ("site history by type", f"/admin/reports/site-history/?object_type={kind}"),
            (
                "site history by type ?export=csv",
                f"/admin/reports/site-history/?object_type={kind}&export=csv",
            ),
        ]
    kind = ContentType.objects.get_for_model(InformationRequest).pk
    extra.append(("site history by type", f"/admin/reports/site-history/?object_type={kind}"))
    for label, path in extra:
        yield Target(label, path)


# -- reading a response -------------------------------------------------------------------


def decoded(response):
    """(text, table rows or None) of a response: HTML or CSV as text, XLSX as its cells."""
    data = body(response)
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        rows = [
            ["" if cell is None else str(cell) for cell in row]
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        ]
        return "\n".join("\t".join(row) for row in rows), rows
    text = data.decode("utf-8", errors="replace")
    if "text/csv" in kind:
        return text, list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    return text, None


SCORE_COLUMNS = ("Mean:", "Spread:", "Weighted average", "Certify", "With conditions", "Do not")


def score_leaks(person, target, text, rows, apps):
    """Score columns, score tables and others' review rows of applications whose reviews
    this person may not see: (application tag, what) pairs."""
    by_reference = {app.application.reference: tag for tag, app in apps.items()}
    found = []
    if rows and rows[0] and rows[0][0] == "Reference":
        header = rows[0]
        expert_column = header.index("Expert") if "Expert" in header else None
        for row in rows[1:]:
            tag = by_reference.get(row[0] if row else "")
            if tag is None or may_see_reviews(person, apps[tag].application):
                continue
            if expert_column is not None:  # the reviews export: one row per review
                own = person is not None and row[expert_column] in (
                    person.get_full_name(),
                    person.get_username(),
                )
                if not own:
                    found.append((tag, "another expert's review row"))
                continue
            cells = [
                title
                for title, value in zip(header, row, strict=False)
                if title.startswith(SCORE_COLUMNS) and value not in ("", "0")
            ]
            if cells:
                found.append((tag, f"score columns [{', '.join(cells)}]"))
    if rows is None and target.kind == "pbcert_applications:consortium":
        for line in BeautifulSoup(text, "html.parser").select("tbody tr"):
            cells = [cell.get_text(" ", strip=True) for cell in line.find_all("td")]
            tag = by_reference.get(cells[0]) if cells else None
            if tag and not may_see_reviews(person, apps[tag].application):
                if cells[2] not in ("—", "") or cells[4]:
                    found.append(
                        (tag, f"weighted average {cells[2]!r}, recommendations {cells[4]!r}")
                    )
    if rows is None and target.app and not may_see_reviews(person, apps[target.app].application):
        if "Spread" in text and "Weighted average" in text:
            found.append((target.app, "score table (means, weighted average)"))
    return found


def client_for(person):
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


def fetch(client, path):
    """The page shown for `path` (redirects within the admin followed), or None when it
    was refused: a status other than 200, or a redirect to the login or the admin home."""
    response = client.get(path)
    for _hop in range(3):
        if response.status_code not in (301, 302):
            break
        location = response["Location"]
        refused = "/login/" in location or location.split("?")[0].rstrip("/").endswith("/admin")
        if refused or location.endswith(path):  # to the login, home, or /ka/ + a 404
            return None
        response = client.get(location)
    return response if response.status_code == 200 else None


def reference_pattern(reference):
    return re.compile(re.escape(reference.lower()) + r"(?!\d)")


def walk(world, person):
    """(leaks, markers seen) of every target for `person`."""
    apps = world["apps"]
    client = client_for(person)
    leaks, seen = [], set()
    for target in targets(world):
        response = fetch(client, target.path)
        if response is None:
            continue
        text, rows = decoded(response)
        lowered = text.lower()
        for tag, app in apps.items():
            application = app.application
            for marker in app.markers.values():
                if marker.part == "presence":
                    hit = reference_pattern(application.reference).search(lowered)
                    # An expert sees the reference of their own assignment, to declare:
                    # in My reviews, and on their dashboard while it waits for that.
                    if target.kind.startswith("pbcert_reviews:") and (
                        assignments(person, application).exists()
                    ):
                        continue
                    if target.path == "/admin/" and (
                        assignments(person, application).filter(has_conflict=None).exists()
                    ):
                        continue
                else:
                    hit = marker.value in lowered
                if not hit:
                    continue
                seen.add((tag, marker.kind))
                if not may_see(person, marker, application):
                    leaks.append((target.kind, target.path, tag, marker.kind))
        for tag, what in score_leaks(person, target, text, rows, apps):
            leaks.append((target.kind, target.path, tag, what))
    return leaks, seen


ROLES = [
    "staff",
    "staff+expert(conflict on A)",
    "consortium+expert(undeclared on B)",
    "consortium+expert(pending on C)",
    "consortium",
    "expert",
    "editor",
    "anonymous",
]

# What each person must see somewhere, so the test cannot pass by showing nothing.
MUST_SEE = {
    "staff": [
        ("a", "answers"),
        ("q", "contact"),
        ("a", "notice"),
        ("a", "outbox"),
        ("d", "rationale"),
        ("c", "comment-expert1"),
    ],
    "staff+expert(conflict on A)": [
        ("q", "answers"),
        ("b", "notice"),
        ("c", "outbox"),
        ("e", "comment-h11-cons-pending"),
    ],
    "consortium+expert(undeclared on B)": [("r", "answers"), ("d", "rationale")],
    "consortium+expert(pending on C)": [
        ("c", "answers"),
        ("c", "comment-h11-cons-pending"),
        ("r", "comment-expert1"),
        ("d", "rationale"),
    ],
    "consortium": [
        ("r", "answers"),
        ("b", "filecontent"),
        ("d", "rationale"),
        ("p", "decisionadvice"),
        ("r", "comment-expert2"),
    ],
    "expert": [("a", "answers"), ("a", "comment-expert1"), ("c", "comment-expert1")],
    "editor": [],
    "anonymous": [],
}


def what(marker_kind, person):
    """A marker kind as the report names it."""
    for prefix in ("comment-", "advice-", "suggestion-"):
        if marker_kind.startswith(prefix):
            author = marker_kind[len(prefix) :]
            own = person is not None and author == person.username
            return f"review {prefix[:-1]} ({'own' if own else 'another expert'})"
    return marker_kind


def summary(role, person, leaks):
    """One line per URL kind: what leaked there, of which applications, one example path."""
    grouped = {}
    for kind, path, tag, marker in leaks:
        label = marker.split(" [")[0] if " " in marker else what(marker, person)
        labels, apps, example = grouped.setdefault(kind, (set(), set(), path))
        labels.add(label)
        apps.add(tag.upper())
    return "\n".join(
        f"  {role} | {kind} | {', '.join(sorted(labels))} | applications {''.join(sorted(apps))}"
        f" | e.g. {path}"
        for kind, (labels, apps, path) in sorted(grouped.items())
    )


@pytest.mark.parametrize("role", ROLES)
def test_each_person_sees_only_what_the_rule_allows(role, world):
    person = world["cast"][role]
    leaks, seen = walk(world, person)
    missing = [pair for pair in MUST_SEE[role] if pair not in seen]
    assert missing == [], f"{role} should see {missing} somewhere"
    assert leaks == [], f"{role} sees what they must not:\n{summary(role, person, leaks)}"


@pytest.mark.parametrize("role", ROLES)
def test_a_question_to_an_expert_is_seen_by_staff_and_its_own_expert_only(role, world):
    """Ask an expert (issue 20): staff see every question; an expert only one assigned
    to them, never another expert's; nobody else any."""
    person = world["cast"][role]
    client = client_for(person)
    markers = {
        marker: (is_staff(person) or (person is not None and expert.pk == person.pk))
        for _question, expert, marker in world["cast"]["questions"].values()
    }
    seen = set()
    for target in targets(world):
        if not target.kind.startswith("pbcert_questions:") and target.path != "/admin/":
            continue
        response = fetch(client, target.path)
        if response is None:
            continue
        text = decoded(response)[0]
        for marker, allowed in markers.items():
            if marker in text:
                seen.add(marker)
                assert allowed, f"{role} sees {marker} at {target.path}"
    assert seen == {marker for marker, allowed in markers.items() if allowed}
