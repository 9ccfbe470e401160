"""An expert works in the Georgian admin: only their assignment, no conflict, scores, submits."""

import pytest

pytestmark = pytest.mark.browser

SETUP = """
import datetime
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.users.models import UserProfile
from pbcert_wagtail import workflow
from pbcert_wagtail.models import Application, CertificationCall, Municipality, ApplicationStatus
from pbcert_wagtail.models.applications import allocate_reference
User = get_user_model()
staff = User.objects.get(username="staff")
call = CertificationCall.objects.current()
made = []
for code in ("gori", "batumi"):
    application = Application.objects.create(
        call=call, municipality=Municipality.objects.get(code=code), language="ka",
        reference=allocate_reference(call.year), contact_email=f"{code}@example.org",
        status=ApplicationStatus.SUBMITTED,
        answers={"motivation": "გვინდა განვითარება."},
        questions=[{"key": "motivation", "type": "long_text", "label": "მოტივაცია"}],
    )
    workflow.fire(application, "start_screening", staff)
    workflow.save_screening(application, [k for k, *_ in workflow.screening_checklist()], staff)
    workflow.fire(application, "accept_for_review", staff)
    made.append(application)
due = timezone.localdate() + datetime.timedelta(days=14)
workflow.assign_expert(made[0], User.objects.get(username="expert1"), due, staff)
workflow.assign_expert(made[1], User.objects.get(username="expert2"), due, staff)
profile = UserProfile.get_for_user(User.objects.get(username="expert1"))
profile.preferred_language = "ka"
profile.save()
print(made[0].reference + " " + made[1].reference)
"""


def test_expert_reviews_their_assignment_in_georgian(live_site, page_in, screenshot):
    mine, other = live_site.run(SETUP).split()
    page = page_in("ka-GE")
    page.goto(live_site + "/admin/login/")
    page.fill("input[name=username]", "expert1")
    page.fill("input[name=password]", "pbcert-demo")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    assert page.get_attribute("html", "lang") == "ka"

    page.goto(live_site + "/admin/pbcert/reviews/")
    listing = page.inner_text("main")
    assert mine in listing and other not in listing
    # The applications listing of staff is closed to experts.
    page.goto(live_site + "/admin/pbcert_applications/")
    assert "/admin/pbcert_applications/" not in page.url or "pbcert-review" not in page.content()

    page.goto(live_site + "/admin/pbcert/reviews/")
    page.get_by_role("link", name=mine).click()
    assert "გვინდა განვითარება" not in page.content()  # nothing before the declaration
    page.check("input[name=has_conflict][value=no]")
    page.get_by_role("button", name="დადასტურება").click()
    page.wait_for_load_state()
    assert "გვინდა განვითარება" in page.inner_text("main")
    for select in page.locator("select[name^='score-']").all():
        select.select_option("4")
    page.select_option("select[name=recommendation]", "conditions")
    page.fill("textarea[name=rec_0_text]", "გააძლიერეთ ონლაინ ჩართულობა.")
    screenshot(page, "30-expert-review-ka")
    page.get_by_role("button", name="შეფასების ჩაბარება").click()
    page.wait_for_load_state()
    assert "ჩაბარებულია და დაბლოკილია" in page.inner_text("body")
    assert page.locator("select[name^='score-']").first.is_disabled()
    screenshot(page, "31-expert-review-submitted-ka")
