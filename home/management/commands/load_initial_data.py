"""Build the demo site in Georgian and English. Safe to run again: it adds only what is missing."""

import copy
import datetime
import os
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, Site

from home.demo import (
    application,
    certificates,
    criteria,
    faq,
    practitioners,
    questionnaire,
    renewal,
    text,
)
from home.demo.localize import translate
from home.demo.placeholder_pdf import standards_placeholder_pdf
from home.models import HomePage
from pbcert_wagtail.certificates.issuing import record_paper_certificate
from pbcert_wagtail.instructions.defaults import add_default_series
from pbcert_wagtail.models import (
    ApplicationFormPage,
    Certificate,
    CertificateRegistryPage,
    CertificateSettings,
    CertificationCall,
    Criterion,
    FAQEntry,
    FAQPage,
    FAQTopic,
    HandoverConference,
    Municipality,
    OrganisationSettings,
    Practitioner,
    PractitionerDirectoryPage,
    PractitionerTopic,
    ProgrammePage,
    QuestionnaireDefinition,
)

ADMIN_USERNAME = "admin"
SITE_NAME = text.HOME["title"].ka  # the admin's title for editors (and the registry check)
ADMIN_EMAIL = "admin@example.org"


class Command(BaseCommand):
    help = "Create the demo site (pages, FAQ, translations, a dev superuser). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-sample-application",
            action="store_true",
            help="Skip the sample submitted application (the test suite starts without one).",
        )

    def handle(self, *args, **options):
        # No outer transaction: wagtail-localize publishes each translation on commit
        # from the page as it was then, so one long transaction would publish stale
        # tree counters. Every step checks what exists, so a re-run completes a
        # half-finished one.
        self.ka, self.en = self.locales()
        self.remove_wagtail_welcome_page()
        home = self.page(HomePage, None, "home", text.HOME)
        self.site(home)
        self.organisation()
        self.certificate_settings()
        document = self.standards_document()
        topics = self.faq_topics()
        self.faq_entries(topics)
        faq_page = self.page(FAQPage, home, "faq", text.FAQ_PAGE, translate_now=False)
        programme_content = {
            **text.PROGRAMME,
            "body": text.programme_body(faq_page.pk, document.pk),
        }
        programme = self.page(
            ProgrammePage, home, "programme", programme_content, translate_now=False
        )
        self.put_first(programme)
        directory = self.page(
            PractitionerDirectoryPage,
            programme,
            "practitioners",
            practitioners.DIRECTORY_PAGE,
            translate_now=False,
        )
        # The programme page's call to action names its child, the directory.
        programme_content["body"] = text.programme_body(faq_page.pk, document.pk, directory.pk)
        self.update_body(programme, programme_content)
        # Translations are added as last children: translate in menu order.
        self.translate_page(programme, programme_content)
        self.translate_page(faq_page, text.FAQ_PAGE)
        self.translate_page(directory, practitioners.DIRECTORY_PAGE)
        self.practitioners()
        c1_content = {**application.C1_PAGE, "questions": application.c1_questions()}
        self.page(ApplicationFormPage, home, "c1", c1_content)
        self.page(CertificateRegistryPage, home, "registry", text.REGISTRY_PAGE)
        self.criteria()
        self.open_call(self.questionnaire())
        self.paper_certificates()
        created_user = self.superuser()
        created_people = self.demo_people()
        if not options.get("no_sample_application"):
            self.demo_application()
            self.conference()
            call = CertificationCall.objects.current()
            if call is not None:
                renewal.build(call)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        address = site_address()
        self.stdout.write(f"Site: {address}/  (Georgian: /ka/, English: /en/)")
        if created_user:
            self.stdout.write(
                f"Admin: {address}/admin/  user '{ADMIN_USERNAME}', "
                f"password '{self.password}' (development only)"
            )
        else:
            self.stdout.write(f"Admin: {address}/admin/  user '{ADMIN_USERNAME}'")
        self.stdout.write(f"Demo people (one per role), password '{self.password}':")
        for username, role in created_people:
            self.stdout.write(f"  {username:<12} {role}")

    # -- pieces -------------------------------------------------------------------

    def locales(self):
        ka, _ = Locale.objects.get_or_create(language_code="ka")
        en, _ = Locale.objects.get_or_create(language_code="en")
        return ka, en

    def remove_wagtail_welcome_page(self):
        """Wagtail's migrations create a placeholder page; the demo home replaces it."""
        for page in Page.objects.filter(
            depth=2, content_type__model="page", content_type__app_label="wagtailcore"
        ):
            if not page.get_children().exists():
                Site.objects.filter(root_page=page).delete()
                page.delete()

    def site(self, home):
        """The default site at the address the demo runs on (its port follows `make demo
        PORT=…`, so page links Wagtail builds from the site record work)."""
        address = urlsplit(site_address())
        place = {
            "hostname": address.hostname or "localhost",
            "port": address.port or (443 if address.scheme == "https" else 80),
            "root_page": home,
        }
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(is_default_site=True, site_name=SITE_NAME, **place)
            return
        if site.site_name in ("", "pbcert demo"):  # the name of earlier versions
            place["site_name"] = SITE_NAME
        if any(getattr(site, field) != value for field, value in place.items()):
            for field, value in place.items():
                setattr(site, field, value)
            site.save()

    def organisation(self):
        site = Site.objects.get(is_default_site=True)
        settings = OrganisationSettings.for_site(site)
        if not settings.name_ka:
            for field, value in text.ORGANISATION.items():
                setattr(settings, field, value)
            settings.save()

    def certificate_settings(self):
        site = Site.objects.get(is_default_site=True)
        settings = CertificateSettings.for_site(site)
        if not settings.signatory_1_name_ka:
            for field, value in certificates.CERTIFICATE_SETTINGS.items():
                setattr(settings, field, value)
            settings.save()

    def paper_certificates(self):
        """The certificates of 2019, handed over on paper: recorded, now expired."""
        for code in certificates.FIRST_CERTIFIED:
            municipality = Municipality.objects.get(code=code)
            recorded = Certificate.objects.filter(
                municipality=municipality, on_paper=True, valid_from=certificates.FIRST_YEAR
            )
            if not recorded.exists():
                record_paper_certificate(municipality, certificates.FIRST_YEAR, user=None)

    def standards_document(self):
        Document = get_document_model()
        document = Document.objects.filter(title=text.STANDARDS_DOCUMENT_TITLE).first()
        if document is None:
            document = Document(title=text.STANDARDS_DOCUMENT_TITLE)
            document.file.save(
                "pb-standards-placeholder.pdf",
                ContentFile(standards_placeholder_pdf()),
                save=False,
            )
            document.save()
        return document

    def faq_topics(self):
        topics = {}
        for order, (key, name) in enumerate(faq.TOPICS, start=1):
            translation_key = text.uid(f"faq-topic/{key}")
            topic = FAQTopic.objects.filter(translation_key=translation_key, locale=self.ka).first()
            if topic is None:
                topic = FAQTopic.objects.create(
                    translation_key=translation_key, locale=self.ka, name=name.ka, order=order * 10
                )
            if not FAQTopic.objects.filter(
                translation_key=translation_key, locale=self.en
            ).exists():
                english = copy.copy(topic)
                english.name = name.en
                translate(topic, english, self.en)
            topics[key] = topic
        return topics

    def faq_entries(self, topics):
        for order, (topic_key, anchor, question, answer) in enumerate(faq.ENTRIES, start=1):
            translation_key = text.uid(f"faq-entry/{anchor}")
            entry = FAQEntry.objects.filter(translation_key=translation_key, locale=self.ka).first()
            if entry is None:
                entry = FAQEntry.objects.create(
                    translation_key=translation_key,
                    locale=self.ka,
                    topic=topics[topic_key],
                    question=question.ka,
                    answer=answer.ka,
                    anchor=anchor,
                    order=order * 10,
                )
            if not FAQEntry.objects.filter(
                translation_key=translation_key, locale=self.en
            ).exists():
                english = copy.copy(entry)
                english.question = question.en
                english.answer = answer.en
                translate(entry, english, self.en)

    def page(self, model, parent, key, content, translate_now=True):
        """Create the Georgian page under `parent` (or the tree root) and its English translation."""
        translation_key = text.uid(f"page/{key}")
        page = model.objects.filter(translation_key=translation_key, locale=self.ka).first()
        if page is None:
            page = model(
                translation_key=translation_key, locale=self.ka, show_in_menus=parent is not None
            )
            for field, value in text.pick(content, "ka").items():
                setattr(page, field, value)
            if parent is None:
                Page.get_first_root_node().add_child(instance=page)
            else:
                parent.add_child(instance=page)
            page.save_revision().publish()
        if translate_now:
            self.translate_page(page, content)
        return page

    def update_body(self, page, content):
        """Publish the Georgian page's body from `content` if it is not that body yet
        (before it is translated)."""
        body = text.pick(content, "ka")["body"]
        if [block["id"] for block in page.body.raw_data] != [block["id"] for block in body]:
            page.body = body
            page.save_revision().publish()

    def translate_page(self, page, content):
        if page.get_translations().filter(locale=self.en).exists():
            return
        english = copy.copy(page)
        for field, value in text.pick(content, "en").items():
            setattr(english, field, value)
        translate(page, english, self.en)

    def practitioners(self):
        """Invented practitioners (example.org addresses) in both languages."""
        topics = {}
        for order, (key, name) in enumerate(practitioners.TOPICS, start=1):
            translation_key = text.uid(f"practitioner-topic/{key}")
            for locale, language in ((self.ka, "ka"), (self.en, "en")):
                topic, _created = PractitionerTopic.objects.get_or_create(
                    translation_key=translation_key,
                    locale=locale,
                    defaults={"name": getattr(name, language), "order": order * 10},
                )
                topics[key, language] = topic
        for (
            key,
            name,
            kind,
            year,
            code,
            organisation,
            region,
            chosen,
            spoken,
            bio,
        ) in practitioners.PEOPLE:
            translation_key = text.uid(f"practitioner/{key}")
            municipality = Municipality.objects.filter(code=code).first() if code else None
            for locale, language in ((self.ka, "ka"), (self.en, "en")):
                person, created = Practitioner.objects.get_or_create(
                    translation_key=translation_key,
                    locale=locale,
                    defaults={
                        "name": getattr(name, language),
                        "kind": kind,
                        "cohort_year": year,
                        "municipality": municipality,
                        "organisation": getattr(organisation, language),
                        "region": region,
                        "languages": spoken,
                        "bio": getattr(bio, language),
                        "accepts_contact": True,
                        "consent_date": datetime.date(2025, 1, 15),
                        "email": f"{key}.practitioner@example.org",
                    },
                )
                if created:
                    person.topics.set([topics[topic, language] for topic in chosen])

    def put_first(self, page):
        """Menu order: the programme page before the FAQ."""
        first = page.get_parent().get_children().first()
        if first.pk != page.pk:
            page.move(first, pos="left")

    def questionnaire(self):
        """The demo questionnaire, in Georgian with its English translation."""
        translation_key = text.uid("questionnaire/demo")
        definition = QuestionnaireDefinition.objects.filter(
            translation_key=translation_key, locale=self.ka
        ).first()
        content = {
            "name": questionnaire.NAME,
            "intro": questionnaire.INTRO,
            "questions": questionnaire.questions(),
        }
        if definition is None:
            definition = QuestionnaireDefinition(translation_key=translation_key, locale=self.ka)
            for field, value in text.pick(content, "ka").items():
                setattr(definition, field, value)
            definition.save()
        english_exists = QuestionnaireDefinition.objects.filter(
            translation_key=translation_key, locale=self.en
        ).exists()
        if not english_exists:
            english = copy.copy(definition)
            for field, value in text.pick(content, "en").items():
                setattr(english, field, value)
            translate(definition, english, self.en)
        return definition

    def open_call(self, definition):
        """A call that is open today, so the demo can take applications, with the default
        series of instruction emails (a new call gets it when created; an older one here)."""
        today = timezone.localdate()
        existing = (
            CertificationCall.objects.current(today)
            or CertificationCall.objects.filter(year=today.year).first()
        )
        if existing:
            if existing.questionnaire_id is None:
                existing.questionnaire = definition
                existing.save(update_fields=["questionnaire"])
            add_default_series(existing)
            return
        CertificationCall.objects.create(
            questionnaire=definition,
            year=today.year,
            opens_at=today - datetime.timedelta(days=30),
            closes_at=today + datetime.timedelta(days=60),
            questionnaire_due=today + datetime.timedelta(days=120),
            results_at=today + datetime.timedelta(days=180),
            note="სადემონსტრაციო კონკურსი.",
            note_en="A demo call.",
        )

    def conference(self):
        """The handover conference of the open call, three weeks after its results."""
        call = CertificationCall.objects.current() or CertificationCall.objects.first()
        if call and not HandoverConference.objects.filter(call=call).exists():
            HandoverConference.objects.create(
                call=call,
                date=call.results_at + datetime.timedelta(days=21),
                **text.CONFERENCE,
            )

    def criteria(self):
        for order, (code, stage, name, description) in enumerate(criteria.CRITERIA, start=1):
            translation_key = text.uid(f"criterion/{code}")
            criterion = Criterion.objects.filter(
                translation_key=translation_key, locale=self.ka
            ).first()
            if criterion is None:
                criterion = Criterion.objects.create(
                    translation_key=translation_key,
                    locale=self.ka,
                    code=code,
                    stage=stage,
                    name=name.ka,
                    description=description.ka,
                    order=order * 10,
                )
            if not Criterion.objects.filter(
                translation_key=translation_key, locale=self.en
            ).exists():
                english = copy.copy(criterion)
                english.name = name.en
                english.description = description.en
                translate(criterion, english, self.en)

    def demo_people(self):
        """A demo user per role (not the superuser), so each role can be tried."""
        from django.contrib.auth.models import Group

        User = get_user_model()
        people = []
        for username, first, last, role in criteria.DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.org",
                },
            )
            if created:
                user.set_password(self.password)
                user.save()
                user.groups.add(Group.objects.get(name=role))
            people.append((username, role))
        return people

    def demo_application(self):
        """A submitted application (invented contact), so staff can try screening and
        review. It goes through the real steps, so its History tells them."""
        from pbcert_wagtail import workflow
        from pbcert_wagtail.forms import question_specs, snapshot
        from pbcert_wagtail.models import Application, Municipality
        from pbcert_wagtail.models.questionnaires import QuestionnaireResponse

        call = CertificationCall.objects.current()
        municipality = Municipality.objects.get(code="sighnaghi")
        if (
            call is None
            or Application.objects.filter(call=call, municipality=municipality).exists()
        ):
            return
        page = ApplicationFormPage.objects.filter(locale=self.ka).first()
        contacts = [
            {
                "name": "ნინო სადემონსტრაციო",
                "role": "კოორდინატორი",
                "email": "coordinator@example.org",
                "phone": "",
            }
        ]
        answers = {
            "municipality": "sighnaghi",
            "pb_running": "yes",
            "pb_since": "2018",
            "motivation": "გვსურს სამოქალაქო ბიუჯეტის დახვეწა და გამოცდილების გაზიარება.",
            "declaration": True,
            "contacts": contacts,
        }
        application = workflow.create_application(
            call, municipality, "ka", contacts, answers, page.questions_snapshot(), page
        )
        staff = get_user_model().objects.get(username="staff")
        workflow.fire(application, "confirm", staff)
        definition = call.questionnaire.in_language("ka")
        response = QuestionnaireResponse.objects.create(
            application=application,
            answers={
                "general_data": "სიღნაღი კახეთის რეგიონშია.",
                "population": "29948",
                "activity_plan": [
                    {"activity": "საინფორმაციო შეხვედრები", "period": "2023 წლის გაზაფხული"}
                ],
            },
            questions=snapshot(question_specs(definition.questions)),
        )
        workflow.submit_questionnaire(application, response)

    def superuser(self):
        User = get_user_model()
        self.password = os.environ.get("PBCERT_ADMIN_PASSWORD", "pbcert-demo")
        if User.objects.filter(username=ADMIN_USERNAME).exists():
            return False
        User.objects.create_superuser(ADMIN_USERNAME, ADMIN_EMAIL, self.password)
        return True


def site_address():
    """Where the demo is served: WAGTAILADMIN_BASE_URL (from PBCERT_HOST and PBCERT_PORT in
    `make demo`), without a trailing slash."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
