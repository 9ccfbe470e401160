"""The demo's certified municipality updates its progress record in Georgian from its
private link; the expert reviewing its renewal sees what changed since last year."""

import pytest

from .test_decision import login

pytestmark = pytest.mark.browser

SETUP = """
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile
from pbcert_wagtail.models import AccessToken, Application
previous = Application.objects.get(municipality__code="zestaponi", renews__isnull=True)
renewal = Application.objects.get(renews__decision__application=previous)
profile = UserProfile.get_for_user(get_user_model().objects.get(username="expert1"))
profile.preferred_language = "ka"
profile.save()
print(AccessToken.issue(previous), renewal.assignments.get().pk)
"""


def test_the_municipality_keeps_its_record_and_the_reviewer_compares_the_years(
    live_site, page_in, screenshot
):
    token, assignment = live_site.run(SETUP).split()
    applicant = page_in("ka-GE")
    applicant.goto(f"{live_site}/ka/application/{token}/")
    applicant.get_by_role("link", name="პროგრესის ჩანაწერის განახლება").click()
    applicant.wait_for_url(f"**/application/{token}/monitoring/")
    third = applicant.locator("fieldset.recommendation-progress").nth(2)
    assert "ჩართეთ სკოლის მოსწავლეები" in third.inner_text()
    third.get_by_label("მიმდინარეობს").check()
    third.locator("textarea").fill("ორ სკოლასთან შეხვედრა ჩატარდა.")
    screenshot(applicant, "70-progress-record-ka")
    applicant.get_by_role("button", name="შენახვა", exact=True).click()
    applicant.wait_for_load_state()
    assert "პროგრესის ჩანაწერი შენახულია." in applicant.inner_text("main")
    assert "ორ სკოლასთან შეხვედრა ჩატარდა." in applicant.content()

    expert = page_in("ka-GE")
    login(expert, live_site, "expert1")
    expert.goto(f"{live_site}/admin/pbcert/reviews/")
    expert.locator(f'a[href$="/reviews/{assignment}/"]').first.click()
    expert.wait_for_url(f"**/reviews/{assignment}/")
    section = expert.locator("section", has=expert.locator("#last-year-heading"))
    text = section.inner_text()
    assert "შედარება გასულ წელთან" in text
    assert "გაავრცელეთ სამოქალაქო ბიუჯეტი სოფლებზეც." in text  # last year's recommendation
    assert "სოფლებში 31 იდეა შემოვიდა." in text  # the progress stated this year
    assert section.locator("ins").count() >= 1  # the changed answers, word by word
    # No score of either year before the expert's own review is in.
    assert section.locator("svg.pbcert-chart").count() == 0
    assert "თქვენი შეფასების გაგზავნის შემდეგ" in text
    for select in expert.locator("select[name^='score-']").all():
        select.select_option("4")
    expert.select_option("select[name=recommendation]", "certify")
    expert.get_by_role("button", name="შეფასების ჩაბარება").click()
    expert.wait_for_load_state()
    assert "ჩაბარებულია და დაბლოკილია" in expert.inner_text("body")
    section = expert.locator("section", has=expert.locator("#last-year-heading"))
    assert section.locator("svg.pbcert-chart").count() == 1
    expert.locator("#last-year-heading").scroll_into_view_if_needed()
    screenshot(expert, "71-renewal-comparison-ka")
    section.locator(".pbcert-diffs").first.scroll_into_view_if_needed()
    screenshot(expert, "72-renewal-answers-diff-ka")
