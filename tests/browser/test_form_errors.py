"""In a real browser: a refused C1 form opens on its error summary, whose links move the
focus to the field; Enter in a questionnaire field saves, it does not add a table row."""

import pytest

pytestmark = pytest.mark.browser

CONFIRMED_APPLICATION = """
from django.contrib.auth import get_user_model
from pbcert_wagtail import workflow
from pbcert_wagtail.models import AccessToken, Application, CertificationCall, Municipality
from pbcert_wagtail.models.applications import allocate_reference
call = CertificationCall.objects.current()
application = Application.objects.create(
    call=call, municipality=Municipality.objects.get(code="khoni"), language="ka",
    reference=allocate_reference(call.year), contact_email="khoni@example.org",
    contacts=[{"name": "ნინო", "role": "", "email": "khoni@example.org", "phone": ""}],
)
workflow.fire(application, "confirm", get_user_model().objects.get(username="admin"))
print(AccessToken.issue(application))
"""

FOCUSED_ID = "document.activeElement && document.activeElement.id"
IN_VIEW = """id => { const box = document.getElementById(id).getBoundingClientRect();
                     return box.top >= 0 && box.bottom <= window.innerHeight; }"""


def test_the_error_summary_takes_the_focus_and_its_links_move_it(live_site, page_in, screenshot):
    page = page_in("ka-GE")
    page.goto(live_site + "/ka/gantskhadi/")
    page.fill("input[name=population]", "ორმოცი")
    page.get_by_role("button", name="განაცხადის გაგზავნა").click()
    page.wait_for_load_state()

    assert page.evaluate(FOCUSED_ID) == "error-summary"
    summary = page.locator("#error-summary")
    assert "განაცხადი არ გაიგზავნა" in summary.inner_text()
    first = summary.get_by_role("link").first
    target = first.get_attribute("href")[1:]
    assert first.inner_text() == "მუნიციპალიტეტი"
    screenshot(page, "15-apply-error-summary-ka")

    first.click()
    assert page.evaluate(FOCUSED_ID) == target
    population = summary.get_by_role("link", name="მოსახლეობის რაოდენობა")
    population.click()
    assert page.evaluate(FOCUSED_ID) == "id_population"
    assert page.evaluate(IN_VIEW, "id_population")


def test_enter_in_a_questionnaire_field_saves(live_site, page_in):
    token = live_site.run(CONFIRMED_APPLICATION)
    page = page_in("ka-GE")
    page.goto(f"{live_site}/ka/application/{token}/questionnaire/")
    rows = page.locator('[data-key="activity_plan"] tbody tr')
    before = rows.count()
    page.fill("input[name=population]", "9 800")
    page.press("input[name=population]", "Enter")
    page.wait_for_load_state()
    assert "პასუხები შენახულია" in page.inner_text("main")
    assert rows.count() == before  # no row was added
    assert page.input_value("input[name=population]") == "9800"
