"""Public pages make a bounded number of queries, whatever the number of FAQ entries."""

import pytest

from .factories import FAQEntryFactory, FAQTopicFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 20


@pytest.mark.parametrize("key", ["home", "programme", "faq"])
@pytest.mark.parametrize("language", ["ka", "en"])
def test_public_page_queries_are_bounded(
    client, demo, django_assert_max_num_queries, key, language
):
    client.get(demo[key][language].url)  # warm per-process caches (content types, site)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(demo[key][language].url)
    assert response.status_code == 200


@pytest.mark.parametrize("language", ["ka", "en"])
def test_faq_queries_do_not_grow_with_ten_times_more_entries(
    client, demo, locales, django_assert_num_queries, django_assert_max_num_queries, language
):
    url = demo["faq"][language].url
    client.get(url)
    with django_assert_max_num_queries(MAX_QUERIES) as baseline:
        client.get(url)
    queries_with_demo = len(baseline.captured_queries)

    topics = FAQTopicFactory.create_batch(10, locale=locales[language])
    for i in range(170):
        FAQEntryFactory(topic=topics[i % 10], anchor=f"bulk-{language}-{i}")

    with django_assert_num_queries(queries_with_demo):
        response = client.get(url)
    assert response.content.decode().count('class="faq__entry"') >= 187


@pytest.mark.parametrize("language", ["ka", "en"])
def test_the_registry_and_the_check_do_not_grow_with_ten_times_more_certificates(
    client, demo, django_assert_max_num_queries, language
):
    from .factories import CertificateFactory

    CertificateFactory.create_batch(5)
    code = CertificateFactory().current_document().code
    paths = [demo["registry"][language].url, f"/{language}/verify/{code}/"]
    counts = {}
    for path in paths:
        client.get(path)
        with django_assert_max_num_queries(MAX_QUERIES) as few:
            client.get(path)
        counts[path] = len(few.captured_queries)
    CertificateFactory.create_batch(50)
    for path in paths:
        with django_assert_max_num_queries(counts[path]):
            assert client.get(path).status_code == 200


def test_staff_certificates_listing_does_not_grow_with_the_certificates(
    client, django_assert_max_num_queries
):
    from . import scenarios
    from .factories import CertificateFactory

    client.force_login(scenarios.people_per_role().staff)
    CertificateFactory.create_batch(5)
    client.get("/admin/certificates/")
    with django_assert_max_num_queries(60) as few:
        client.get("/admin/certificates/")
    CertificateFactory.create_batch(40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/admin/certificates/").status_code == 200
