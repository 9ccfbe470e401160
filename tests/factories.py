"""factory_boy factories for the plugin's models: rows built directly, for tests that need
a state as it is (an odd one included). To reach a stage the way the programme does —
with its History, its emails and its signals — use `tests/scenarios.py` instead."""

import copy
import datetime

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Locale

from pbcert_wagtail.certificates.codes import new_code
from pbcert_wagtail.models import (
    AnswerRevision,
    ApplicationFormPage,
    ApplicationStatus,
    Attachment,
    Certificate,
    CertificateDocument,
    ChangeNotice,
    ConsortiumDecision,
    ConsortiumVote,
    ExpertReview,
    FAQEntry,
    FAQTopic,
    InformationRequest,
    Municipality,
    PdfState,
    ProgrammePage,
    QuestionnaireResponse,
    ReviewAssignment,
)
from pbcert_wagtail.models.certificates import last_day_of_validity
from pbcert_wagtail.roles import CONSORTIUM, EXPERTS, STAFF

S = ApplicationStatus
EDITORS = "Editors"  # Wagtail's own group: pages, snippets, images, documents
PASSWORD = "pw"


def _today():
    return timezone.localdate()


def _locale(language):
    return Locale.objects.get(language_code=language)


# -- people ------------------------------------------------------------------------------


def in_groups(*default):
    """A post-generation hook putting the user in real groups: `groups=[...]` when given,
    else `default`."""

    def join(user, create, extracted, **kwargs):
        names = default if extracted is None else extracted
        if create and names:
            user.groups.add(*Group.objects.filter(name__in=names))

    return factory.PostGeneration(join)


class UserFactory(factory.django.DjangoModelFactory):
    """An admin user; `groups=[...]` (group names) puts them in real groups, so their
    permissions are the ones `roles.py` gives. The same username gives the same user."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = "ნინო"
    last_name = factory.Sequence(lambda n: f"ტესტიშვილი {n}")
    password = factory.django.Password(PASSWORD)
    groups = in_groups()


class StaffFactory(UserFactory):
    username = factory.Sequence(lambda n: f"staff{n}")
    groups = in_groups(STAFF)


class ExpertFactory(UserFactory):
    username = factory.Sequence(lambda n: f"expert-test{n}")
    groups = in_groups(EXPERTS)


class ConsortiumMemberFactory(UserFactory):
    username = factory.Sequence(lambda n: f"member{n}")
    groups = in_groups(CONSORTIUM)


class EditorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"editor{n}")
    groups = in_groups(EDITORS)


class SuperuserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"superuser{n}")
    is_staff = True
    is_superuser = True


# -- pages (wagtail-factories) -----------------------------------------------------------


def _home(language="ka"):
    from home.models import HomePage

    return HomePage.objects.get(locale__language_code=language)


class ProgrammePageFactory(wagtail_factories.PageFactory):
    """A programme page under the Georgian home page unless given a `parent`."""

    class Meta:
        model = ProgrammePage

    title = factory.Sequence(lambda n: f"პროგრამა {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    parent = factory.LazyFunction(_home)
    locale = factory.LazyAttribute(lambda page: page.parent.locale)
    intro = "სამოქალაქო ბიუჯეტის სერტიფიცირება."


def c1_questions(language="ka"):
    """The demo C1 form's questions (a StreamField's raw data) in one language."""
    from home.demo.application import c1_questions
    from home.demo.text import pick

    return pick(c1_questions(), language)


class ApplicationFormPageFactory(wagtail_factories.PageFactory):
    """A C1 form page with the demo questions, under the Georgian home page unless given a
    `parent`; `questions=` replaces them (raw StreamField data)."""

    class Meta:
        model = ApplicationFormPage

    title = factory.Sequence(lambda n: f"განაცხადის ფორმა {n}")
    slug = factory.Sequence(lambda n: f"c1-{n}")
    parent = factory.LazyFunction(_home)
    locale = factory.LazyAttribute(lambda page: page.parent.locale)
    questions = factory.LazyAttribute(lambda page: c1_questions(page.locale.language_code))
    thank_you_text = "<p>მადლობა.</p>"


# -- master data and content -------------------------------------------------------------


class FAQTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FAQTopic

    name = factory.Sequence(lambda n: f"თემა {n}")
    order = factory.Sequence(lambda n: 1000 + n)
    locale = factory.LazyFunction(lambda: _locale("ka"))


class FAQEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FAQEntry

    topic = factory.SubFactory(FAQTopicFactory)
    locale = factory.LazyAttribute(lambda entry: entry.topic.locale)
    question = factory.Sequence(lambda n: f"კითხვა ნომერი {n}?")
    answer = factory.Sequence(lambda n: f"<p>პასუხი ნომერი {n}.</p>")
    anchor = factory.Sequence(lambda n: f"question-{n}")
    order = factory.Sequence(lambda n: n)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    """A made-up municipality (for tests that need more than Georgia has)."""

    class Meta:
        model = Municipality

    code = factory.Sequence(lambda n: f"test-municipality-{n}")
    name_ka = factory.Sequence(lambda n: f"სატესტო მუნიციპალიტეტი {n}")
    name_en = factory.Sequence(lambda n: f"Test municipality {n}")
    kind = "community"
    region = "imereti"


class CertificationCallFactory(factory.django.DjangoModelFactory):
    """A call open today unless told otherwise (without a questionnaire unless given one)."""

    class Meta:
        model = "pbcert.CertificationCall"

    year = factory.Sequence(lambda n: 2100 + n)
    opens_at = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=10))
    closes_at = factory.LazyAttribute(lambda call: call.opens_at + datetime.timedelta(days=40))
    questionnaire_due = factory.LazyAttribute(
        lambda call: call.closes_at + datetime.timedelta(days=30)
    )
    results_at = factory.LazyAttribute(
        lambda call: call.questionnaire_due + datetime.timedelta(days=30)
    )


def current_call():
    """The demo's open call (it has the demo questionnaire), or a new one."""
    from pbcert_wagtail.models import CertificationCall

    return CertificationCall.objects.current() or CertificationCallFactory()


def free_municipality(call):
    """The first municipality (by code) that has not applied to `call`, or a made-up one."""
    from pbcert_wagtail.models import Application

    taken = Application.objects.filter(call=call).values("municipality")
    return (
        Municipality.objects.active().exclude(pk__in=taken).order_by("code").first()
        or MunicipalityFactory()
    )


# -- an application and what follows it ---------------------------------------------------


C1_QUESTIONS = [
    {
        "key": "municipality",
        "type": "municipality",
        "label": "მუნიციპალიტეტი",
        "help_text": "",
        "required": True,
    }
]


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application row as it is: `status=` puts it anywhere, without History or emails
    (use scenarios to get there by the real steps)."""

    class Meta:
        model = "pbcert.Application"

    call = factory.LazyFunction(current_call)
    municipality = factory.LazyAttribute(lambda a: free_municipality(a.call))
    reference = factory.Sequence(lambda n: f"PB-TEST-{n:04d}")
    language = "ka"
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.org")
    contacts = factory.LazyAttribute(
        lambda a: [
            {"name": "ნინო ბერიძე", "role": "კოორდინატორი", "email": a.contact_email, "phone": ""}
        ]
    )
    answers = factory.LazyAttribute(lambda a: {"municipality": a.municipality.code})
    questions = factory.LazyFunction(lambda: [dict(q) for q in C1_QUESTIONS])


def questionnaire_questions(call, language="ka"):
    """The call's questionnaire as an applicant in `language` is asked it (a snapshot)."""
    from pbcert_wagtail.forms import question_specs, snapshot

    if call.questionnaire_id is None:
        return []
    return snapshot(question_specs(call.questionnaire.in_language(language).questions))


# Complete answers to the demo questionnaire, exactly as its form stores them.
QUESTIONNAIRE_ANSWERS = {
    "general_data": "ქალაქი დასავლეთ საქართველოში.",
    "population": "130000",
    "area_km2": "65.8",
    "characteristics": "",
    "pb_stages": "იდეების შეგროვება, კენჭისყრა, განხორციელება.",
    "budget_share": "1.5",
    "projects_submitted": "120",
    "projects_implemented": "14",
    "participants": "5400",
    "motivation_resources": "გვყავს კოორდინატორი.",
    "expected_impact": "მეტი ჩართულობა.",
    "local_decision_making": "საკრებულო ამტკიცებს.",
    "pb_development": "ყოველწლიური ციკლი.",
    "mechanisms": ["e_petitions", "online_surveys"],
    "partners": [{"organisation": "სათემო ორგანიზაცია", "role": "ინფორმირება"}],
    "activity_plan": [
        {"activity": "საინფორმაციო შეხვედრები", "period": "2020 წლის შემოდგომა"},
        {"activity": "კენჭისყრა", "period": "2021 წლის გაზაფხული"},
    ],
    "resources": [],
    "problems": "",
    "results": "",
    "lessons": "",
    "links": [
        {"url": "https://ქუთაისი.example.org/სამოქალაქო-ბიუჯეტი", "description": "ბიუჯეტის გვერდი"}
    ],
}


def questionnaire_answers(**overrides):
    """A deep copy of QUESTIONNAIRE_ANSWERS with some answers changed."""
    return {**copy.deepcopy(QUESTIONNAIRE_ANSWERS), **overrides}


class QuestionnaireResponseFactory(factory.django.DjangoModelFactory):
    """A questionnaire draft with complete answers (add `submitted_at=` for a submitted one)."""

    class Meta:
        model = QuestionnaireResponse

    application = factory.SubFactory(ApplicationFactory, status=S.QUESTIONNAIRE)
    answers = factory.LazyFunction(questionnaire_answers)
    questions = factory.LazyAttribute(
        lambda r: questionnaire_questions(r.application.call, r.application.language)
    )


class AttachmentFactory(factory.django.DjangoModelFactory):
    """A private PDF attached to a questionnaire question."""

    class Meta:
        model = Attachment

    application = factory.SubFactory(ApplicationFactory)
    question_key = "documents"
    original_name = "plan.pdf"
    content_type = "application/pdf"
    file = factory.LazyAttribute(lambda a: ContentFile(b"%PDF-1.4\n", name=a.original_name))
    size = factory.LazyAttribute(lambda a: a.file.size)


class ChangeNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChangeNotice

    application = factory.SubFactory(ApplicationFactory, status=S.QUESTIONNAIRE)
    text = "ახალი კოორდინატორი."


class ReviewAssignmentFactory(factory.django.DjangoModelFactory):
    """An expert assigned (due in two weeks) who declared no conflict."""

    class Meta:
        model = ReviewAssignment

    application = factory.SubFactory(ApplicationFactory, status=S.IN_REVIEW)
    expert = factory.SubFactory(ExpertFactory)
    due_date = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=14))
    has_conflict = False
    declared_at = factory.LazyFunction(timezone.now)


def evaluation_codes(call):
    """The codes of the evaluation criteria `call` is judged by (frozen on first use)."""
    from pbcert_wagtail.scores import evaluation_criteria

    return [c.code for c in evaluation_criteria(call)]


def scores_for(call, score=4, comment=""):
    """Review scores for every evaluation criterion: one number for all, or {code: n}."""
    codes = evaluation_codes(call)
    values = score if isinstance(score, dict) else dict.fromkeys(codes, score)
    return {code: {"score": str(value), "comment": comment} for code, value in values.items()}


class ExpertReviewFactory(factory.django.DjangoModelFactory):
    """A complete draft review (4 on every criterion, "certify"); `submitted=True` locks it
    without the service."""

    class Meta:
        model = ExpertReview

    class Params:
        score = 4
        submitted = factory.Trait(submitted_at=factory.LazyFunction(timezone.now))

    assignment = factory.SubFactory(ReviewAssignmentFactory)
    scores = factory.LazyAttribute(lambda r: scores_for(r.assignment.application.call, r.score))
    recommendation = "certify"
    recommendations = factory.List([])


class InformationRequestFactory(factory.django.DjangoModelFactory):
    """An open request for information, asked during the review."""

    class Meta:
        model = InformationRequest

    application = factory.SubFactory(ApplicationFactory, status=S.INFORMATION_REQUESTED)
    text = "გთხოვთ, დაურთოთ საკრებულოს დადგენილება."
    due_date = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=7))
    return_status = S.IN_REVIEW
    unlocked_keys = factory.List([])


class AnswerRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnswerRevision

    application = factory.SubFactory(ApplicationFactory, status=S.IN_REVIEW)
    key = "general_data"
    old_value = "ქალაქი დასავლეთ საქართველოში."
    new_value = "ქალაქი დასავლეთში."


class ConsortiumDecisionFactory(factory.django.DjangoModelFactory):
    """A decision to certify, not published (`published=True` publishes it without the
    service); `members_present=[...]` records who was there."""

    class Meta:
        model = ConsortiumDecision
        skip_postgeneration_save = True

    class Params:
        published = factory.Trait(published_at=factory.LazyFunction(timezone.now))

    application = factory.SubFactory(ApplicationFactory, status=S.DECIDED)
    meeting_date = factory.LazyFunction(_today)
    outcome = "certified"
    rationale = "პროცესი სტანდარტებს შეესაბამება."
    recommendations = factory.List([])

    @factory.post_generation
    def members_present(decision, create, extracted, **kwargs):
        if create and extracted:
            decision.members_present.set(extracted)


class ConsortiumVoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsortiumVote

    decision = factory.SubFactory(ConsortiumDecisionFactory)
    member = factory.SubFactory(ConsortiumMemberFactory)
    vote = "certified"


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate recorded by hand (no decision), valid from today, with one rendered
    document (a stand-in PDF) unless `document=False`."""

    class Meta:
        model = Certificate
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"PB-CERT-TEST-{n:04d}")
    municipality = factory.SubFactory(MunicipalityFactory)
    valid_from = factory.LazyFunction(timezone.localdate)
    valid_until = factory.LazyAttribute(lambda c: last_day_of_validity(c.valid_from))

    @factory.post_generation
    def document(self, create, extracted, **kwargs):
        if create and extracted is not False:
            CertificateDocument.objects.create(
                certificate=self,
                code=new_code(),
                state=PdfState.RENDERED,
                file=ContentFile(b"%PDF-1.4\n", name=f"{self.number}.pdf"),
                rendered_at=timezone.now(),
            )
