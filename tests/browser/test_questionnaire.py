"""A confirmed municipality fills in the questionnaire in Georgian, with a file and rows."""

import pytest

pytestmark = pytest.mark.browser

CONFIRMED_APPLICATION = """
from django.contrib.auth import get_user_model
from pbcert_wagtail import workflow
from pbcert_wagtail.models import AccessToken, Application, CertificationCall, Municipality
from pbcert_wagtail.models.applications import allocate_reference
call = CertificationCall.objects.current()
application = Application.objects.create(
    call=call, municipality=Municipality.objects.get(code="ozurgeti"), language="ka",
    reference=allocate_reference(call.year), contact_email="ozurgeti@example.org",
    contacts=[{"name": "ლევან", "role": "", "email": "ozurgeti@example.org", "phone": ""}],
)
workflow.fire(application, "confirm", get_user_model().objects.get(username="admin"))
print(AccessToken.issue(application))
"""

PDF = b"%PDF-1.4\\n%%EOF\\n"


def test_fill_save_come_back_and_submit(live_site, page_in, screenshot, tmp_path):
    token = live_site.run(CONFIRMED_APPLICATION)
    status_url = f"{live_site}/ka/application/{token}/"
    page = page_in("ka-GE")
    page.goto(status_url)
    page.get_by_role("link", name="ანკეტის შევსება").click()
    page.wait_for_url("**/questionnaire/")

    page.fill("textarea[name=general_data]", "ოზურგეთი გურიის რეგიონშია.")
    page.fill("input[name=population]", "48 100")
    page.fill("textarea[name='activity_plan-0-activity']", "საინფორმაციო შეხვედრები")
    page.fill("textarea[name='activity_plan-0-period']", "2020 წლის შემოდგომა")
    page.get_by_role("button", name="რიგის დამატება").first.click()
    page.fill("textarea[name='activity_plan-1-activity']", "კენჭისყრა")
    page.fill("textarea[name='activity_plan-1-period']", "2021 წლის გაზაფხული")
    document = tmp_path / "დადგენილება.pdf"
    document.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.set_input_files("input[name=documents]", str(document))
    page.get_by_role("button", name="შენახვა და მოგვიანებით გაგრძელება").click()
    page.wait_for_load_state()
    assert "პასუხები შენახულია" in page.inner_text("main")
    screenshot(page, "20-questionnaire-saved-ka")

    # Later, by the same private link.
    later = page_in("ka-GE")
    later.goto(status_url)
    later.get_by_role("link", name="ანკეტის შევსების გაგრძელება").click()
    assert later.input_value("textarea[name='activity_plan-1-period']") == "2021 წლის გაზაფხული"
    assert "დადგენილება.pdf" in later.inner_text('[data-key="documents"]')
    for name, text in [
        ("pb_stages", "იდეების შეგროვება, კენჭისყრა, განხორციელება."),
        ("motivation_resources", "გვყავს კოორდინატორი."),
        ("expected_impact", "მეტი ჩართულობა."),
        ("local_decision_making", "საკრებულო ამტკიცებს."),
        ("pb_development", "ყოველწლიური ციკლი."),
    ]:
        later.fill(f"textarea[name={name}]", text)
    later.fill("input[name=projects_submitted]", "35")
    later.fill("input[name=projects_implemented]", "6")
    later.get_by_role("button", name="ანკეტის ჩაბარება").click()
    later.wait_for_url(f"**/ka/application/{token}/")
    assert "ანკეტა ჩაბარებულია" in later.inner_text(".status-badge")
    answers = later.inner_text("section[aria-labelledby=questionnaire-heading]") + later.inner_text(
        "main"
    )
    assert "2020 წლის შემოდგომა" in answers
    assert "კენჭისყრა" in answers
    assert "დადგენილება.pdf" in answers
    screenshot(later, "21-questionnaire-submitted-ka")
    # The private pages' own forms work in a real browser (CSRF with the referrer policy).
    later.goto(status_url)
    later.get_by_role("link", name="შეგვატყობინეთ განაცხადში ცვლილების შესახებ").click()
    later.fill("textarea[name=text]", "შეიცვალა საკონტაქტო პირი.")
    later.get_by_role("button", name="გუნდისთვის გაგზავნა").click()
    later.wait_for_url(f"**/ka/application/{token}/")
    assert "გუნდს ცვლილების შესახებ ეცნობა" in later.inner_text("main")
