"""Consortium summary with a chart, the staff overview, score exports, bounded queries."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from pbcert_wagtail.charts import bar_chart
from pbcert_wagtail.models import ApplicationStatus

from . import scenarios
from .conftest import body, soup
from .factories import ApplicationFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.fixture
def cast(demo):
    """Three experts and five consortium members, in their real groups."""
    return scenarios.people_per_role(experts=3, members=5)


def reviewed(cast, scores=(4, 3, 5), decide=False):
    """In front of the consortium with a review per score (decided by all five if asked)."""
    case = scenarios.applied(municipality=MunicipalityFactory(), people=cast)
    keep_going = [{"criterion": "motivation_resources", "text": "Keep going."}]
    case = scenarios.ready_for_decision(case, scores, recommendations=keep_going)
    if decide:
        scenarios.decided(case, rationale="Good.")
    return case.application


def test_chart_is_valid_svg_with_the_numbers_of_the_table():
    svg = str(
        bar_chart([("მოტივაცია <b>", 4.5), ("Impact", None)], maximum=5, title="Means & more")
    )
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "4,5" in texts and "—" in texts  # a Georgian decimal comma
    with translation.override("en"):
        english = str(bar_chart([("Impact", 4.5)], maximum=5, title="Means"))
    assert ">4.5</text>" in english
    assert any(
        "მოტივაცია <b>" in text for text in texts
    )  # escaped in the markup, intact when parsed


def test_consortium_summary_shows_chart_and_table(client, cast):
    application = reviewed(cast)
    client.force_login(cast.chair)
    html = client.get(f"/admin/pbcert_applications/review/{application.pk}/").content.decode()
    page = soup(client.get(f"/admin/pbcert_applications/review/{application.pk}/"))
    assert page.select_one(".pbcert-scores svg.pbcert-chart") is not None
    total = page.select_one(".pbcert-scores tfoot strong").get_text()
    assert total == "4,00"  # a decimal comma in Georgian
    assert "Keep going." in html
    listing = soup(client.get("/admin/pbcert_applications/consortium/"))
    assert application.reference in listing.get_text()
    assert "4,00" in listing.get_text()


def test_overview_panel_counts_and_links(client, cast):
    reviewed(cast)
    ApplicationFactory(municipality=MunicipalityFactory())  # awaiting confirmation
    client.force_login(cast.staff)
    page = soup(client.get("/admin/"))
    panel = page.select_one(".pbcert-overview")
    assert panel is not None
    links = {a.get_text(" ", strip=True): a["href"] for a in page.select(".pbcert-next__link")}
    assert any(
        text.startswith("1 ") and "status=awaiting_confirmation" in href
        for text, href in links.items()
    )
    assert any(
        href.endswith("/consortium/") and text.startswith("1 ") for text, href in links.items()
    )
    assert panel.select_one("svg.pbcert-chart") is not None
    # Experts get no overview, and no staff steps.
    client.force_login(cast.expert)
    home = soup(client.get("/admin/"))
    assert home.select_one(".pbcert-overview") is None
    assert home.select_one("#pbcert-next-staff") is None


def test_exports_carry_scores_and_decisions(english_admin, cast):
    decided = reviewed(cast, decide=True)
    response = english_admin.get("/admin/pbcert_applications/export/?format=csv")
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))
    header = rows[0]
    row = dict(zip(header, next(r for r in rows[1:] if r[0] == decided.reference), strict=True))
    assert row["Weighted average"] == "4.00"
    assert (
        row["Mean: motivation_resources"] == "4.00" and row["Spread: motivation_resources"] == "2"
    )
    assert row["Certify"] == "3" and row["Decision"] in ("certified", "სერტიფიცირებულია")
    reviews = english_admin.get("/admin/pbcert_applications/export-reviews/?format=csv")
    review_rows = list(csv.reader(io.StringIO(body(reviews).decode("utf-8-sig"))))
    assert len(review_rows) == 1 + 3
    assert "Score: motivation_resources" in review_rows[0]


def test_bounded_queries_with_200_applications_3_reviews_5_members(client, cast):
    def measure():
        results = {}
        client.force_login(cast.staff)
        for name, url in {
            "consortium": "/admin/pbcert_applications/consortium/",
            "overview": "/admin/",
            "export": "/admin/pbcert_applications/export/?format=xlsx",
            "reviews": "/admin/pbcert_applications/export-reviews/?format=csv",
        }.items():
            body(client.get(url))
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
                body(response)  # a streamed export queries while it is read
            assert response.status_code == 200
            results[name] = len(queries)
        return results

    for _ in range(2):
        reviewed(cast, decide=True)
    reviewed(cast)
    few = measure()
    for i in range(197):
        reviewed(cast, decide=(i % 2 == 0))
    assert measure() == few


def test_staff_reach_publication_by_clicking_and_members_their_list(client, demo):
    """From the admin home (overview) and the calls listing to the publish page; a
    consortium member's menu leads to the list ready for them."""
    from django.urls import reverse

    case = scenarios.decided()
    application = case.application
    publish = reverse("pbcert_applications:publish", args=[application.call_id])
    client.force_login(case.people.staff)
    home = soup(client.get("/admin/"))
    link = home.select_one(f'.pbcert-next a[href="{publish}"]')
    assert link is not None and "1" in link.text and "გამოსაქვეყნებელი" in link.text
    calls = soup(client.get(reverse("certificationcall:index")))
    assert calls.select_one(f'a[href="{publish}"]') is not None
    assert client.get(publish).status_code == 200
    client.force_login(case.people.chair)
    menu = client.get("/admin/").content.decode()
    assert reverse("pbcert_applications:consortium") in menu
    label = "კონსორციუმი"  # the sidebar's menu is JSON for its script
    assert f'"{label}"' in menu or json.dumps(label) in menu  # the whole label
