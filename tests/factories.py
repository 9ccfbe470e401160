"""factory_boy factories for the plugin's models."""

import factory
from wagtail.models import Locale

from pbcert_wagtail.models import FAQEntry, FAQTopic


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
