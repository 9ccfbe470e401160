"""The certified municipality answers the conference invitation from its private link, in
Georgian; staff see who is coming, with the totals, and mark the certificate received."""

import datetime

import pytest

from .test_decision import login

pytestmark = pytest.mark.browser

CERTIFIED = """
import datetime
from django.utils import timezone
from pbcert_wagtail import workflow
from pbcert_wagtail.models import AccessToken, HandoverConference
from tests import scenarios
case = scenarios.decided(municipality="telavi", contact_email="telavi-conf@example.org")
HandoverConference.objects.update_or_create(call=case.call, defaults=dict(
    date=timezone.localdate() + datetime.timedelta(days=30),
    place_ka="თბილისი, საკრებულოს დარბაზი", place_en="Tbilisi, the council hall",
    programme_ka="სერტიფიკატების გადაცემა.", programme_en="The handover of the certificates."))
workflow.publish_results(case.call, case.people.staff)
conference = HandoverConference.objects.get(call=case.call)
print(AccessToken.issue(case.application), conference.pk)
"""


def test_the_municipality_answers_and_staff_see_who_is_coming(live_site, page_in, screenshot):
    token, conference_pk = live_site.run(CERTIFIED).split()
    applicant = page_in("ka-GE")
    applicant.goto(f"{live_site}/ka/application/{token}/")
    applicant.get_by_role("link", name="მოწვევაზე პასუხი").click()
    applicant.wait_for_url(f"**/application/{token}/conference/")
    assert "თბილისი, საკრებულოს დარბაზი" in applicant.inner_text("main")
    applicant.get_by_label("დიახ, მოვდივართ").check()
    applicant.get_by_role("button", name="პასუხის გაგზავნა").click()
    # Coming, but nobody named: the errors stand next to the fields, in Georgian.
    assert applicant.locator(".field--error").count() == 2
    screenshot(applicant, "60-conference-errors-ka")
    applicant.fill("input[name=people]", "2")
    applicant.fill("textarea[name=names_and_roles]", "ნინო, მერის მოადგილე\nგიორგი, სპეციალისტი")
    applicant.get_by_label("საჭიროა სასტუმრო").check()
    applicant.get_by_role("button", name="პასუხის გაგზავნა").click()
    applicant.wait_for_url(f"**/application/{token}/")
    assert "მოდის 2 ადამიანი" in applicant.inner_text("main")
    screenshot(applicant, "61-conference-answered-ka")

    staff = page_in("ka-GE")
    login(staff, live_site, "staff")
    staff.goto(f"{live_site}/admin/conferences/attendance/{conference_pk}/")
    totals = staff.inner_text(".pbcert-totals")
    assert "უპასუხა 1" in totals and "მოდის 1" in totals, totals
    row = staff.locator("tr", has_text="თელავი")
    assert "ნინო, მერის მოადგილე" in row.inner_text()
    screenshot(staff, "62-conference-attendance-ka")
    row.get_by_role("button", name="გადაცემულად მონიშვნა").click()
    today = datetime.date.today()
    staff.wait_for_url(f"**/attendance/{conference_pk}/")
    assert str(today.year) in staff.locator("tr", has_text="თელავი").inner_text()
