"""Forms that do not mislead: a refused form opens on a summary naming each field in error
as a link to it, every invalid control says why, every control has a name, required marks
survive every re-display, and Enter saves (never "add a row")."""

from collections import Counter

import pytest
from django.core.cache import cache

from . import scenarios
from .conftest import soup
from .form_checks import (
    broken_descriptions,
    first_in_form,
    summary_links,
    unlabelled,
)
from .test_questionnaire import answers as questionnaire_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def _text(element):
    return element.get_text(" ", strip=True) if element else ""


def the_form(html, action_contains=""):
    """The page's form that has fields (not the header's or the subscription's)."""
    forms = [f for f in html.select("main form") if action_contains in f.get("action", "")]
    return max(forms, key=lambda form: len(form.select("input, select, textarea")))


def field_name_in(html, key):
    """The visible label (or legend) of the question `key`, without its * mark."""
    block = html.select_one(f'[data-key="{key}"]')
    label = block.select_one("legend, label.field__label") or block.select_one("label")
    return label.get_text(" ", strip=True).rstrip("*").strip().rstrip(".:")  # as the summary


def assert_summary_links_land(html, form):
    """Each link of the summary targets an element of the page; returns the links."""
    links = summary_links(form)
    assert links, "the summary names no field"
    for href in links:
        assert html.find(id=href[1:]) is not None, f"{href} lands nowhere"
    return links


# -- the C1 form --------------------------------------------------------------------------

C1_MISTAKES = {
    "municipality": "",
    "population": "ორმოცი",
    "pb_running": None,
    "contacts-0-email": "not-an-email",
    "declaration": None,
}


@pytest.fixture
def refused_c1(client, demo):
    response = scenarios.submit(client, demo["c1"]["ka"], **C1_MISTAKES)
    return response, soup(response)


def test_a_refused_c1_form_opens_on_a_summary_that_names_each_field_in_georgian(refused_c1):
    response, html = refused_c1
    assert response.status_code == 400
    form = the_form(html)
    summary = first_in_form(form)
    assert summary.get("id") == "error-summary"
    assert summary.has_attr("autofocus") and summary["tabindex"] == "-1"
    assert "განაცხადი არ გაიგზავნა" in summary.get_text()
    links = assert_summary_links_land(html, form)
    assert set(links) == {
        "#id_municipality",
        "#id_population",
        "#id_pb_running_0",  # a group of radios: its first option
        "#id_contacts-0-email",  # contact rows: the wrong cell
        "#id_declaration",
    }
    on_the_page = [f"#{element['id']}" for element in form.select("[id]")]
    assert sorted(links, key=on_the_page.index) == list(links)  # in the page's order
    for key in ("municipality", "population", "pb_running", "contacts", "declaration"):
        assert field_name_in(html, key) in links.values()
    assert "მუნიციპალიტეტი" in links["#id_municipality"]
    assert "Please correct" not in summary.get_text()
    # The script that moves the focus is ours, served from our static files.
    script = html.select_one('script[src*="error_summary.js"]')
    assert script and script["src"].startswith("/static/pbcert_wagtail/js/")


def test_invalid_c1_controls_say_why_and_keep_their_help_text(refused_c1):
    _response, html = refused_c1
    form = the_form(html)
    invalid = {c.get("name") for c in form.select('[aria-invalid="true"]')}
    assert {
        "municipality",
        "population",
        "pb_running",
        "contacts-0-email",
        "declaration",
    } <= invalid
    assert broken_descriptions(form, html) == []
    population = form.select_one("[name=population]")
    described = population["aria-describedby"].split()
    assert "id_population_errors" in described
    if html.find(id="id_population_helptext"):
        assert "id_population_helptext" in described  # Django's help text id is kept
    for radio in form.select("[name=pb_running]"):
        assert "id_pb_running_errors" in radio["aria-describedby"].split()


def test_every_c1_control_has_a_label_and_every_id_is_unique(refused_c1):
    _response, html = refused_c1
    assert unlabelled(the_form(html), html) == []
    ids = Counter(element["id"] for element in html.select("[id]"))
    assert [i for i, count in ids.items() if count > 1] == []  # the two honeypots included


def test_an_already_applied_municipality_is_told_so_without_a_wrong_answer_claimed(client, demo):
    page = demo["c1"]["ka"]
    scenarios.submit(client, page, email="first@example.org")
    response = scenarios.submit(client, page, email="second@example.org")
    html = soup(response)
    summary = html.select_one("#error-summary")
    text = summary.get_text(" ", strip=True)
    assert "განაცხადი არ გაიგზავნა" in text
    assert "შეასწორ" not in text and "მონიშნული" not in text  # "correct the marked answers"
    assert list(summary_links(the_form(html))) == ["#id_municipality"]


def test_a_c1_form_without_errors_has_no_summary(client, demo):
    html = soup(client.get(demo["c1"]["ka"].url))
    assert html.select_one("#error-summary") is None
    assert unlabelled(the_form(html), html) == []


# -- the questionnaire --------------------------------------------------------------------


@pytest.fixture
def questionnaire(demo):
    case = scenarios.questionnaire_open(language="ka")
    return case, case.url("questionnaire/")


def required_marks(html):
    return {
        block["data-key"]
        for block in the_form(html).select("[data-key]")
        if block.select_one(".field__required")
    }


def test_a_refused_questionnaire_opens_on_a_summary_of_links_to_real_fields(client, questionnaire):
    _case, url = questionnaire
    data = questionnaire_post(population="ბევრი", pb_stages="")
    for key in [k for k in data if k.startswith("activity_plan-")]:
        data[key] = ""
    response = client.post(url, {**data, "submit": "1"})
    assert response.status_code == 400
    html = soup(response)
    form = the_form(html)
    assert first_in_form(form).get("id") == "error-summary"
    links = assert_summary_links_land(html, form)
    assert "#id_population" in links and "#id_pb_stages" in links
    assert "#id_activity_plan-0-activity" in links  # a table: its first cell
    assert links["#id_population"] == field_name_in(html, "population")
    assert broken_descriptions(form, html) == []
    assert form.select_one("[name='activity_plan-0-activity']")["aria-invalid"] == "true"
    assert unlabelled(form, html) == []


def test_required_marks_survive_adding_a_row_and_saving_a_draft(client, questionnaire):
    _case, url = questionnaire
    blank = soup(client.get(url))
    marked = required_marks(blank)
    assert {"general_data", "population", "activity_plan"} <= marked
    added = soup(client.post(url, {**questionnaire_post(), "add_row": "activity_plan"}))
    assert required_marks(added) == marked
    assert added.select_one("textarea[name=general_data]").has_attr("required")
    draft = client.post(url, {**questionnaire_post(population="ბევრი"), "save": "1"})
    assert draft.status_code == 400
    assert required_marks(soup(draft)) == marked


def test_enter_in_a_questionnaire_field_saves_never_adds_a_row(client, questionnaire):
    """A browser submits a form on Enter with its first submit button: it must save."""
    case, url = questionnaire
    form = the_form(soup(client.get(url)))
    buttons = form.select("button[type=submit], input[type=submit]")
    assert [b.get("name") for b in buttons][:1] == ["save"]
    default = buttons[0]
    assert default.has_attr("formnovalidate")
    assert "visually-hidden" in default.get("class", [])  # hidden, yet a real button
    assert "hidden" not in default.attrs and "display" not in default.get("style", "")
    assert "add_row" in [b.get("name") for b in buttons]  # the row buttons come later
    # What that button posts saves the draft and adds no row.
    response = client.post(url, {**questionnaire_post(), "save": "1"})
    assert response.status_code == 302
    rows = soup(client.get(url)).select('[data-key="activity_plan"] tbody tr')
    assert len(rows) == 3  # the two filled rows and the usual empty one


def test_a_renewals_missing_progress_statements_are_linked_from_the_summary(client, demo):
    holder = scenarios.certified_last_year(scenarios.submitted(municipality="telavi"))
    new = scenarios.renewing(holder)
    from pbcert_wagtail import workflow

    workflow.fire(new.application, "confirm", new.people.staff)
    response = client.post(new.url("questionnaire/"), {**questionnaire_post(), "submit": "1"})
    html = soup(response)
    links = assert_summary_links_land(html, the_form(html))
    progress = [href for href in links if href.startswith("#id_progress-")]
    assert len(progress) == holder.certificate.recommendations.count()
    assert broken_descriptions(the_form(html), html) == []


def test_adding_a_row_to_an_unlocked_table_does_not_send_the_answer(client, demo):
    case = scenarios.information_requested(
        scenarios.submitted(), unlocked_keys=["activity_plan"], text="განაახლეთ გეგმა."
    )
    url = case.url(f"information/{case.request.pk}/")
    html = soup(client.get(url))
    form = the_form(html)
    first = form.select_one("button[type=submit]")
    assert first.get("name") is None and "visually-hidden" in first["class"]  # sends
    data = {"text": "", "activity_plan-0-activity": "შეხვედრა", "add_row": "activity_plan"}
    response = client.post(url, data)
    assert response.status_code == 200
    case.request.refresh_from_db()
    assert case.request.answered_at is None
    rows = soup(response).select('[data-key="activity_plan"] tbody tr')
    assert len(rows) == 2
    assert soup(response).select_one("#error-summary") is None


# -- another public form ------------------------------------------------------------------


def test_a_refused_subscription_links_to_the_email_box_in_georgian(client, demo):
    response = client.post("/ka/subscribe/", {"email": "not-an-email"})
    assert response.status_code == 400
    html = soup(response)
    form = the_form(html)
    assert first_in_form(form).get("id") == "error-summary"
    links = assert_summary_links_land(html, form)
    assert list(links) == ["#id_email"]
    assert links["#id_email"] == field_name_in(html, "email")
    assert "გთხოვთ, შეამოწმოთ" in form.select_one("#error-summary").get_text()
    assert broken_descriptions(form, html) == []
    assert unlabelled(form, html) == []


# -- the expert's review form -------------------------------------------------------------


def test_the_experts_review_form_labels_every_control_and_puts_the_recommendation_first(
    client, people
):
    case = scenarios.in_review(people=people)
    assignment = scenarios.assign(case)
    client.force_login(people.expert)
    html = soup(client.get(f"/admin/pbcert/reviews/{assignment.pk}/"))
    form = html.select_one('form[action$="/review/"]')
    assert unlabelled(form, html) == []
    group = next(
        fieldset
        for fieldset in form.select("fieldset")
        if "რეკომენდაციები მუნიციპალიტეტს" in _text(fieldset.find("legend", recursive=False))
    )
    first = group.select_one("input, select, textarea")
    assert first.name == "textarea" and first["name"] == "rec_0_text"
    label = html.select_one('label[for="id_rec_0_text"]')
    assert "w-sr-only" not in label.get("class", []) and label.get_text(strip=True)
    assert not first.get("placeholder")
    # The information-request suggestion comes after the recommendations, labelled.
    controls = [c["name"] for c in form.select("input, select, textarea") if c.get("name")]
    assert controls.index("suggested_request") > controls.index("rec_0_text")
    assert html.select_one('label[for="id_suggested_request"]').get_text(strip=True)
    comments = [
        _text(html.select_one(f'label[for="{box["id"]}"]'))
        for box in form.select("textarea[name^=comment-]")
    ]
    assert len(set(comments)) == len(comments)  # each comment box names its criterion
