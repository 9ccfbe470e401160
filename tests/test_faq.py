"""The FAQ page: grouped entries, anchors, and JSON-LD that matches what is shown."""

import json

import pytest

from pbcert_wagtail.models import FAQEntry

from .conftest import soup
from .factories import FAQEntryFactory, FAQTopicFactory

pytestmark = pytest.mark.django_db

SEED_QUESTIONS = [
    "apply-again",  # reapplying after the one-year validity
    "standards",
    "suggest-a-municipality",
    "costs",
    "decision-criteria",
    "evaluation-criteria",
    "who-decides",
    "what-it-gives",
    "certified-in-2019",
    "contact-a-practitioner",
]


def json_ld(html):
    scripts = html.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def visible_questions(html):
    return [h.get_text(strip=True) for h in html.select(".faq__entry .faq__question")]


@pytest.mark.parametrize("language", ["ka", "en"])
def test_json_ld_parses_and_lists_the_visible_questions(client, demo, language):
    html = soup(client.get(demo["faq"][language].url))
    data = json_ld(html)
    assert data["@type"] == "FAQPage"
    assert data["inLanguage"] == language
    questions = [item["name"] for item in data["mainEntity"]]
    assert questions == visible_questions(html)
    assert len(questions) >= 12
    for item, answer in zip(data["mainEntity"], html.select(".faq__answer"), strict=True):
        assert item["@type"] == "Question"
        assert item["acceptedAnswer"]["text"].split("\n")[0] in answer.get_text()


def test_demo_faq_answers_every_question_of_the_seed(demo):
    for language in ("ka", "en"):
        anchors = set(
            FAQEntry.objects.filter(locale__language_code=language).values_list("anchor", flat=True)
        )
        assert set(SEED_QUESTIONS) <= anchors
        assert len(anchors) >= 12


def test_each_answer_is_linkable_by_the_same_anchor_in_both_languages(client, demo):
    ka = soup(client.get(demo["faq"]["ka"].url))
    en = soup(client.get(demo["faq"]["en"].url))
    ka_ids = [e["id"] for e in ka.select(".faq__entry")]
    en_ids = [e["id"] for e in en.select(".faq__entry")]
    assert ka_ids == en_ids
    assert len(set(ka_ids)) == len(ka_ids)
    toc = [a["href"] for a in en.select(".faq__toc a")]
    assert toc == [f"#{anchor}" for anchor in en_ids]


def test_entries_are_grouped_by_topic_in_order(client, demo):
    html = soup(client.get(demo["faq"]["en"].url))
    topics = [h.get_text(strip=True) for h in html.select(".faq__topic > h2")]
    assert topics == [
        "About the programme",
        "Applying and requirements",
        "Evaluation and decision",
        "The certificate and next steps",
    ]
    costs = html.select_one("#costs")
    assert costs.find_parent("section").h2.get_text(strip=True) == "About the programme"


def test_a_new_entry_appears_on_the_page_of_its_language_only(client, demo):
    entry = FAQEntryFactory(question="ახალი კითხვა ექსპერტისგან?", anchor="from-an-expert")
    ka = soup(client.get(demo["faq"]["ka"].url))
    en = soup(client.get(demo["faq"]["en"].url))
    assert entry.question in visible_questions(ka)
    assert entry.question in [q["name"] for q in json_ld(ka)["mainEntity"]]
    assert entry.question not in visible_questions(en)


def test_hidden_entry_is_neither_shown_nor_in_structured_data(client, demo):
    entry = FAQEntry.objects.get(locale__language_code="en", anchor="costs")
    entry.live = False
    entry.save()
    html = soup(client.get(demo["faq"]["en"].url))
    assert entry.question not in visible_questions(html)
    assert entry.question not in [q["name"] for q in json_ld(html)["mainEntity"]]


def test_json_ld_cannot_be_broken_out_of(client, demo):
    topic = FAQTopicFactory()
    FAQEntryFactory(topic=topic, question='</script><script>alert("x")</script>', anchor="evil")
    response = client.get(demo["faq"]["ka"].url)
    assert b'<script>alert("x")' not in response.content
    questions = [q["name"] for q in json_ld(soup(response))["mainEntity"]]
    assert '</script><script>alert("x")</script>' in questions


def test_anchor_is_unique_per_language(demo):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        FAQEntryFactory(anchor="costs")
