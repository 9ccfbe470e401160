"""factory_boy factories for the plugin's models."""

import datetime

import factory
from wagtail.models import Locale

from pbcert_wagtail.models import FAQEntry, FAQTopic, Municipality


class FAQTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FAQTopic

    name = factory.Sequence(lambda n: f"თემა {n}")
    order = factory.Sequence(lambda n: 1000 + n)
    locale = factory.LazyFunction(lambda: Locale.objects.get(language_code="ka"))


class FAQEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FAQEntry

    topic = factory.SubFactory(FAQTopicFactory)
    locale = factory.LazyAttribute(lambda entry: entry.topic.locale)
    question = factory.Sequence(lambda n: f"კითხვა ნომერი {n}?")
    answer = factory.Sequence(lambda n: f"<p>პასუხი ნომერი {n}.</p>")
    anchor = factory.Sequence(lambda n: f"question-{n}")
    order = factory.Sequence(lambda n: n)


class CertificationCallFactory(factory.django.DjangoModelFactory):
    """A call open today unless told otherwise."""

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


def _today():
    from django.utils import timezone

    return timezone.localdate()


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "pbcert.Application"

    call = factory.LazyFunction(lambda: _current_call())
    municipality = factory.Iterator(Municipality.objects.active().order_by("code"))
    reference = factory.Sequence(lambda n: f"PB-TEST-{n:04d}")
    language = "ka"
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.org")
    contacts = factory.LazyAttribute(
        lambda a: [
            {"name": "ნინო ბერიძე", "role": "კოორდინატორი", "email": a.contact_email, "phone": ""}
        ]
    )
    answers = factory.LazyAttribute(lambda a: {"municipality": a.municipality.code})
    questions = factory.LazyFunction(
        lambda: [
            {
                "key": "municipality",
                "type": "municipality",
                "label": "მუნიციპალიტეტი",
                "help_text": "",
                "required": True,
            }
        ]
    )


def _current_call():
    from pbcert_wagtail.models import CertificationCall

    return CertificationCall.objects.current() or CertificationCallFactory()


class MunicipalityFactory(factory.django.DjangoModelFactory):
    """A made-up municipality (for tests that need more than Georgia has)."""

    class Meta:
        model = Municipality

    code = factory.Sequence(lambda n: f"test-municipality-{n}")
    name_ka = factory.Sequence(lambda n: f"სატესტო მუნიციპალიტეტი {n}")
    name_en = factory.Sequence(lambda n: f"Test municipality {n}")
    kind = "community"
    region = "imereti"
