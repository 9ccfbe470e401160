"""Every answer type shown the same way to the applicant and the expert, in ka and en:
sections, option labels, tables, files (each reader with its own link), declarations."""

import pytest
from django.urls import reverse
from django.utils import translation

from pbcert_wagtail.answers import answer_sections

from . import factories, scenarios
from .conftest import soup

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(demo):
    """A submitted application with a file, in review, its expert assigned."""
    case = scenarios.in_review(scenarios.submitted(language="ka"))
    case.attachment = factories.AttachmentFactory(
        application=case.application, question_key="documents", original_name="გეგმა.pdf"
    )
    case.assignment = scenarios.assign(case)
    return case


def rows_by_key(sections):
    return {row["key"]: row for section in sections for row in section["rows"]}


@translation.override("ka")  # outside a request: the language is stated, not inherited
def test_rows_are_laid_out_by_type(case):
    sections = answer_sections(case.application, case.response, file_url=lambda a: f"/file/{a.pk}/")
    rows = rows_by_key(sections)
    assert sections[0]["heading"] == "მუნიციპალიტეტის ზოგადი მონაცემები"
    assert rows["mechanisms"]["layout"] == "list"
    assert rows["mechanisms"]["items"][0] == "ელექტრონული პეტიციები"  # the label, not the key
    plan = rows["activity_plan"]
    assert plan["layout"] == "table"
    assert plan["items"][0] == ["საინფორმაციო შეხვედრები", "2020 წლის შემოდგომა"]
    assert len(plan["columns"]) == 2
    assert rows["documents"]["layout"] == "files"
    assert rows["documents"]["items"] == [
        {"name": "გეგმა.pdf", "size": case.attachment.size, "url": f"/file/{case.attachment.pk}/"}
    ]
    assert rows["problems"]["layout"] == "empty"
    assert rows["population"] == {**rows["population"], "layout": "text", "text": "130000"}

    form = rows_by_key(answer_sections(case.application))
    assert form["municipality"]["text"] == case.application.municipality.name_ka
    assert form["declaration"]["text"] == "დიახ"
    assert form["contacts"]["layout"] == "contacts"
    assert "contacts" not in rows_by_key(answer_sections(case.application, hide=["contacts"]))


def test_the_applicant_sees_every_answer_type_and_only_their_own_links(client, case):
    html = soup(client.get(case.url()))
    answers = html.select_one("main").get_text(" ", strip=True)
    for shown in (
        "ელექტრონული პეტიციები",
        "საინფორმაციო შეხვედრები",
        "დიახ",
        case.application.contact_email,
        "პასუხი არ არის",
    ):
        assert shown in answers
    assert "e_petitions" not in answers
    link = html.find("a", string="გეგმა.pdf")
    assert link["href"] == f"/ka/application/{case.token}/files/{case.attachment.pk}/"
    assert not [a["href"] for a in html.select("a[href]") if "/admin/" in a["href"]]
    assert client.get(link["href"]).status_code == 200
    table = html.find("td", string="საინფორმაციო შეხვედრები").find_parent("table")
    assert [th.get_text() for th in table.select("thead th")] == ["აქტივობა", "პერიოდი"]


def test_an_english_applicant_reads_english_labels(client, demo):
    case = scenarios.submitted(language="en")
    text = soup(client.get(case.url())).select_one("main").get_text(" ", strip=True)
    assert "E-petitions" in text
    assert "Yes" in text
    assert "not answered" in text


def test_the_expert_sees_the_answers_with_their_own_file_link(client, case):
    client.force_login(case.people.expert)
    response = client.get(reverse("pbcert_reviews:assignment", args=[case.assignment.pk]))
    html = soup(response)
    link = html.find("a", string="გეგმა.pdf")
    assert link["href"] == reverse(
        "pbcert_reviews:attachment", args=[case.assignment.pk, case.attachment.pk]
    )
    assert client.get(link["href"]).status_code == 200
    text = html.get_text(" ", strip=True)
    assert "საინფორმაციო შეხვედრები" in text
    assert "ელექტრონული პეტიციები" in text
    assert scenarios.CONTACT["phone"] not in text  # experts are not shown the contact people
