"""The whole cycle by clicking only: each person starts from their dashboard and follows
links and buttons, never a typed URL — staff confirm, check and accept the application,
assign two experts; each expert declares and reviews from their own dashboard; staff send
it to the consortium, whose member finds it on theirs; staff record the decision and
publish; the certificate is there; staff set the handover conference from their dashboard
and, once the municipality has said it is coming, mark the certificate handed over. The
applicant's side (the C1 form, the questionnaire)
has browser tests of its own, so here it is done through the same services."""

import pytest

from .test_decision import login

pytestmark = pytest.mark.browser

APPLY = """
from django.contrib.auth import get_user_model
from pbcert_wagtail import workflow
from pbcert_wagtail.models import ApplicationFormPage, CertificationCall, Municipality
from tests import scenarios
page = ApplicationFormPage.objects.live().filter(locale__language_code="en").first()
call = CertificationCall.objects.current()
municipality = Municipality.objects.get(code="lanchkhuti")
answers = scenarios.c1_answers(municipality, "lanchkhuti-cycle@example.org")
application = workflow.create_application(
    call, municipality, "en", answers["contacts"], answers, page.questions_snapshot(), page
)
print(f"{application.pk} {application.reference}")
"""

SUBMIT = """
from pbcert_wagtail.models import Application
from tests import scenarios
case = scenarios.submitted(Application.objects.get(pk={pk}))
print(case.application.status)
"""


NO_CONFERENCE_YET = """
from pbcert_wagtail.models import CertificationCall, HandoverConference
from pbcert_wagtail.models.certificates import tbilisi_today
HandoverConference.objects.filter(call=CertificationCall.objects.current()).delete()
print(tbilisi_today().isoformat())
"""

COMING = """
from pbcert_wagtail.certificates import conference
from pbcert_wagtail.models import Certificate, HandoverConference
certificate = Certificate.objects.get(number="{number}")
answer = conference.record_answer(
    HandoverConference.objects.get(call=certificate.call), certificate,
    dict(attending=True, people=2, names_and_roles="The mayor; the PB coordinator",
         needs_travel=False, needs_hotel=False, dietary_needs=""),
)
print(answer.pk)
"""

RECEIVED = """
from pbcert_wagtail.models import Certificate
print(Certificate.objects.get(number="{number}").handover_date)
"""


def home(page):
    """Back to the dashboard by the sidebar's logo link."""
    page.locator("a.sidebar-wagtail-branding").first.click()
    page.wait_for_url("**/admin/")


def press(page, name):
    page.locator("#next-steps").get_by_role("button", name=name).click()
    page.wait_for_load_state()


def test_the_cycle_from_each_dashboard_by_links_only(live_site, page_in, screenshot):
    pk, reference = live_site.run(APPLY).split()
    staff = page_in("en-GB")
    login(staff, live_site, "staff")
    screenshot(staff, "90-staff-dashboard")
    block = staff.locator(".pbcert-next__action", has_text="to confirm")
    block.get_by_role("link", name=reference).click()
    press(staff, "Confirm that the process starts")
    assert "questionnaire open" in staff.inner_text(".pbcert-review__facts")

    assert live_site.run(SUBMIT.format(pk=pk)) == "submitted"

    home(staff)
    block = staff.locator(".pbcert-next__action", has_text="submitted: start")
    block.get_by_role("link", name=reference).click()
    press(staff, "Start the completeness check")
    staff.locator("#next-steps input[name=checked]").first.wait_for()
    for box in staff.locator("#next-steps input[name=checked]").all():
        box.check()
    press(staff, "Save the checklist")
    press(staff, "Complete and relevant: accept for expert review")
    assert "in expert review" in staff.inner_text(".pbcert-review__facts")

    for expert in ("expert1", "expert2"):
        home(staff)
        block = staff.locator(".pbcert-next__action", has_text="short of experts")
        block.get_by_role("link", name=reference).click()
        staff.locator("#next-steps").get_by_role("link", name="Assign an expert").click()
        option = staff.locator("select[name=expert] option", has_text=f"({expert})")
        staff.select_option("select[name=expert]", option.get_attribute("value"))
        staff.locator("main").get_by_role("button", name="Assign an expert").click()
        staff.wait_for_load_state()
        assert f"({expert})" in staff.inner_text("main")

    for expert, score in (("expert1", "4"), ("expert2", "5")):
        page = page_in("en-GB")
        login(page, live_site, expert)
        block = page.locator(".pbcert-next__action", has_text="declare any conflict of interest")
        block.get_by_role("link", name=reference).click()
        page.check("input[name=has_conflict][value=no]")
        page.locator("main").get_by_role("button", name="Declare", exact=True).click()
        page.wait_for_load_state()
        home(page)
        block = page.locator(".pbcert-next__action", has_text="to write")
        block.get_by_role("link", name=reference).click()
        page.locator("select[name^='score-']").first.wait_for()
        for select in page.locator("select[name^='score-']").all():
            select.select_option(score)
        page.select_option("select[name=recommendation]", "certify")
        page.get_by_role("button", name="Submit the review").click()
        page.wait_for_load_state()
        assert "submitted and locked" in page.inner_text("body"), page.inner_text("main")
        home(page)
        assert reference not in page.inner_text(".pbcert-next")  # done: off their list
        screenshot(page, f"91-{expert}-dashboard-done")

    home(staff)
    block = staff.locator(
        ".pbcert-next__action",
        has_text="reviews in: send",
    )
    block.get_by_role("link", name=reference).click()
    press(staff, "Reviews complete: ready for the consortium")

    member = page_in("en-GB")
    login(member, live_site, "consortium")
    block = member.locator(".pbcert-next__action", has_text="ready for the consortium")
    assert "weighted average 4.50" in block.inner_text()
    block.get_by_role("link", name=reference).click()
    assert "4.50" in member.inner_text(".pbcert-scores")
    screenshot(member, "92-consortium-from-dashboard")

    home(staff)
    staff.locator(".pbcert-next__action", has_text="to record").get_by_role(
        "link", name=reference
    ).click()
    staff.locator("#next-steps").get_by_role(
        "link", name="Record the consortium's decision"
    ).click()
    staff.fill("input[name=meeting_date]", "2026-11-20")
    staff.locator("input[name=members_present]").first.wait_for()
    for box in staff.locator("input[name=members_present]").all():
        box.check()
    staff.select_option("select[name=outcome]", "certified")
    staff.fill("textarea[name=rationale]", "A process that follows the standards.")
    staff.locator("main").get_by_role("button", name="Record the consortium's decision").click()
    staff.wait_for_load_state()

    home(staff)
    staff.locator(".pbcert-next__action", has_text="to publish").locator(
        ".pbcert-next__link"
    ).click()
    assert "lanchkhuti-cycle@example.org" in staff.inner_text("main")
    staff.get_by_role("button", name="Publish now").click()
    staff.wait_for_load_state()
    staff.get_by_role("link", name="The certificates of this call").click()
    row = staff.locator("table.listing tbody tr", has_text="Lanchkhuti")
    assert row.locator("td a").first.inner_text().startswith("PB-CERT-")
    screenshot(staff, "93-certificate-by-links")
    number = row.locator("td a").first.inner_text().strip()

    today = live_site.run(NO_CONFERENCE_YET)
    home(staff)
    block = staff.locator(".pbcert-next__action", has_text="no handover conference")
    block.locator(".pbcert-next__items a").first.click()
    staff.fill("input[name=date]", today)
    staff.fill("input[name=place_ka]", "ლანჩხუთი, საკრებულოს დარბაზი")
    staff.fill("input[name=place_en]", "Lanchkhuti, the council hall")
    staff.locator("main").get_by_role("button", name="Create").click()
    staff.wait_for_load_state()
    assert "ლანჩხუთი, საკრებულოს დარბაზი" in staff.inner_text("main")

    live_site.run(COMING.format(number=number))
    home(staff)
    block = staff.locator(".pbcert-next__action", has_text="to hand over at the conference")
    block.get_by_role("link", name=f"{number} · Lanchkhuti").click()
    staff.locator("table.listing tbody tr", has_text=number).get_by_role(
        "button", name="Mark as received"
    ).click()
    staff.wait_for_load_state()
    assert "Marked as received" in staff.inner_text(".messages")
    assert live_site.run(RECEIVED.format(number=number)) == today
    screenshot(staff, "94-handed-over-by-links")
