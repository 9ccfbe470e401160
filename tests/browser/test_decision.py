"""The consortium reads the summary with its chart; staff record the decision and publish;
the applicant's status page shows the outcome."""

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser

SETUP = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from pbcert_wagtail import workflow
from pbcert_wagtail.models import (AccessToken, Application, ApplicationStatus, CertificationCall,
    ExpertReview, Municipality)
from pbcert_wagtail.models.applications import allocate_reference
from pbcert_wagtail.scores import evaluation_criteria
User = get_user_model()
staff = User.objects.get(username="staff")
for name in ("member_a", "member_b"):
    user, created = User.objects.get_or_create(username=name, defaults={"email": f"{name}@example.org"})
    user.groups.add(Group.objects.get(name="Consortium members"))
call = CertificationCall.objects.current()
application = Application.objects.create(
    call=call, municipality=Municipality.objects.get(code="kutaisi"), language="en",
    reference=allocate_reference(call.year), contact_email="kutaisi-result@example.org",
    status=ApplicationStatus.SUBMITTED, answers={}, questions=[],
)
workflow.fire(application, "start_screening", staff)
workflow.save_screening(application, [k for k, *_ in workflow.screening_checklist()], staff)
workflow.fire(application, "accept_for_review", staff)
codes = [c.code for c in evaluation_criteria(call)]
for name, score in (("expert1", "5"), ("expert2", "3")):
    expert = User.objects.get(username=name)
    assignment = workflow.assign_expert(application, expert, timezone.localdate(), staff)
    workflow.declare_conflict(assignment, expert, False)
    review = ExpertReview.objects.create(assignment=assignment, recommendation="certify",
        scores={c: {"score": score, "comment": ""} for c in codes},
        recommendations=[{"criterion": codes[0], "text": "Open the vote to young people."}])
    workflow.submit_review(review, expert)
workflow.fire(application, "ready_for_consortium", staff)
print(f"{application.pk} {application.call_id} {AccessToken.issue(application)}")
"""


def login(page, live_site, username):
    page.goto(live_site + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pbcert-demo")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def test_consortium_summary_decision_publication(live_site, page_in, screenshot):
    pk, call_pk, token = live_site.run(SETUP).split()
    member = page_in("en-GB")
    login(member, live_site, "consortium")
    member.goto(f"{live_site}/admin/pbcert_applications/review/{pk}/")
    assert member.locator(".pbcert-scores svg.pbcert-chart").count() == 1
    assert "4.00" in member.inner_text(".pbcert-scores tfoot")
    screenshot(member, "40-consortium-summary")

    staff = page_in("en-GB")
    login(staff, live_site, "staff")
    staff.goto(f"{live_site}/admin/pbcert_applications/review/{pk}/")
    staff.locator("#next-steps").get_by_role(
        "link", name="Record the consortium's decision"
    ).click()
    staff.wait_for_url(f"**/review/{pk}/record-decision/")
    staff.fill("input[name=meeting_date]", "2026-11-20")
    for box in staff.locator("input[name=members_present]").all():
        box.check()
    staff.select_option("select[name=outcome]", "certified")
    staff.fill("textarea[name=rationale]", "The process follows the standards.")
    staff.fill("textarea[name=progress_assessment]", "Last year's advice was followed.")
    screenshot(staff, "40b-decision-form")
    staff.locator("main").get_by_role("button", name="Record the consortium's decision").click()
    staff.wait_for_url(f"**/review/{pk}/")
    assert "stays internal" in staff.inner_text("body")
    assert "Nobody was emailed." in staff.inner_text("body")

    applicant = page_in("en-GB")
    applicant.goto(f"{live_site}/en/application/{token}/")
    assert "The process follows the standards." not in applicant.inner_text("main")

    staff.goto(f"{live_site}/admin/")
    staff.get_by_role("link", name="decision to publish").click()
    staff.wait_for_url(f"**/publish/{call_pk}/")
    assert "kutaisi-result@example.org" in staff.inner_text("main")
    staff.get_by_role("button", name="Publish now").click()
    staff.wait_for_load_state()

    applicant.goto(f"{live_site}/en/application/{token}/")
    text = applicant.inner_text("main")
    assert "The process follows the standards." in text
    assert "Open the vote to young people." in text
    screenshot(applicant, "41-applicant-result")

    # The certificate: rendered by the (synchronous) worker when the results were published.
    # Other tests of this session may have certified municipalities in the same call.
    ready = re.search(r"(\d+) of (\d+) PDFs ready", staff.inner_text("main"))
    assert ready and ready[1] == ready[2], staff.inner_text("main")
    screenshot(staff, "42-publish-certificates")
    staff.get_by_role("link", name="The certificates of this call").click()
    staff.wait_for_url("**/admin/certificates/**")
    row = staff.locator("table.listing tbody tr", has_text="Kutaisi")
    number = row.locator("td a").first.inner_text().strip()
    assert number.startswith("PB-CERT-")
    screenshot(staff, "43-certificates-listing")

    georgian = page_in("ka-GE")
    georgian.goto(f"{live_site}/ka/application/{token}/")
    section = georgian.locator("#certificate-heading").locator("xpath=..")
    assert number in section.inner_text()
    with georgian.expect_download() as download:
        section.get_by_role("link", name="სერტიფიკატის ჩამოტვირთვა (PDF)").click()
    content = Path(download.value.path()).read_bytes()
    screenshot(georgian, "44-applicant-certificate-ka")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "ქუთაისი" in text and "Kutaisi" in text and number in text

    code = re.search(r"/verify/([0-9A-Z]{16})/", "".join(text.split()))[1]
    georgian.goto(f"{live_site}/verify/{code}/")
    assert georgian.url.endswith(f"/ka/verify/{code}/")
    assert number in georgian.inner_text("main") and "მოქმედებს" in georgian.inner_text("main")
    screenshot(georgian, "45-verification-ka")
