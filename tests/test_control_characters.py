"""Control characters through every form: a NUL, a BEL and an ESC typed (or pasted) into
every text input of every form — ours, the contacts and table widgets, the staff's and
the expert's forms, Wagtail's own — are removed at the door (clean_input.py): nothing is
a server error on PostgreSQL, nothing stores them, tabs and line breaks stay."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pbcert_wagtail.models import (
    Application,
    CallSubscription,
    ChangeNotice,
    ExpertReview,
    InformationRequest,
    QuestionnaireResponse,
)

from . import scenarios
from .actions import act
from .test_questionnaire import PDF, answers

pytestmark = pytest.mark.django_db
CONTROL = "\x00\x07\x1b\x7f\x85"


def dirty(data):
    """Every text value of a POST with control characters in its middle."""
    return {
        key: f"{value[:3]}{CONTROL}{value[3:]}" if isinstance(value, str) and value else value
        for key, value in data.items()
    }


def controls_in(value):
    """The control characters (other than tab and line breaks) anywhere in `value`."""
    if isinstance(value, dict):
        return controls_in(list(value.keys()) + list(value.values()))
    if isinstance(value, list | tuple):
        return "".join(controls_in(item) for item in value)
    if isinstance(value, str):
        return "".join(
            ch for ch in value if (ord(ch) < 32 and ch not in "\t\n\r") or 127 <= ord(ch) < 160
        )
    return ""


def test_the_c1_form_with_its_contacts(client, demo):
    data = dirty(scenarios.c1_post(email="nino@example.org", motivation="ბევრი\tრამ\nხაზი"))
    data["contacts-0-email"] = "nino@example.org"
    response = client.post(demo["c1"]["ka"].url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    application = Application.objects.get()
    assert controls_in([application.answers, application.contacts]) == ""
    assert "\t" in application.answers["motivation"] and "\n" in application.answers["motivation"]


@pytest.mark.parametrize("url", ["/ka/subscribe/", "/ka/application/lost-link/"])
def test_the_email_forms(client, demo, url):
    response = client.post(url, {"email": f"a{CONTROL}b@example.org"})
    assert response.status_code in (302, 400)
    assert controls_in(list(CallSubscription.objects.values_list("email", flat=True))) == ""


def test_the_questionnaire_with_its_tables_and_files(client, demo):
    case = scenarios.questionnaire_open()
    pdf = SimpleUploadedFile(f"plan{CONTROL}.pdf", PDF, content_type="application/pdf")
    response = client.post(
        case.url("questionnaire/"), {**dirty(answers()), "documents": pdf, "save": "1"}
    )
    assert response.status_code in (200, 302)
    stored = QuestionnaireResponse.objects.get(application=case.application)
    assert stored.answers["activity_plan"][0]["activity"].startswith("საი")
    assert controls_in(stored.answers) == ""
    names = case.application.attachments.values_list("original_name", flat=True)
    assert controls_in(list(names)) == ""


def test_the_information_answer_change_notice_and_contact_change(client, demo):
    case = scenarios.information_requested()
    info_url = case.url(f"information/{case.request.pk}/")
    assert client.post(info_url, dirty({"text": "დადგენილება ერთვის."})).status_code == 302
    assert controls_in(InformationRequest.objects.get(pk=case.request.pk).answer_text) == ""
    assert client.post(case.url("change/"), dirty({"text": "ახალი მერი."})).status_code == 302
    assert controls_in(ChangeNotice.objects.get(application=case.application).text) == ""
    response = client.post(case.url(), {"email": f"new{CONTROL}@example.org"})
    assert response.status_code in (200, 400)
    case.application.refresh_from_db()
    assert controls_in(case.application.contact_email) == ""


def test_the_staff_and_expert_forms_and_wagtail_search(client, demo):
    case = scenarios.screening()
    client.force_login(case.people.staff)
    due = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    response = act(
        client,
        case.application,
        "request_information",
        dirty({"text": "დაურთეთ.", "due_date": due}),
    )
    assert response.status_code == 302
    assert controls_in(InformationRequest.objects.get(application=case.application).text) == ""
    for url in ("/admin/pbcert/applications/", "/admin/pages/search/", "/admin/snippets/"):
        assert client.get(url, {"q": f"ქუთ{CONTROL}"}).status_code < 500, url

    case = scenarios.in_review()
    assignment = scenarios.assign(case)
    client.force_login(case.people.expert)
    data = dirty(
        {
            "recommendation": "certify",
            "score-motivation_resources": "4",
            "comment-motivation_resources": "ძალიან კარგი",
            "save": "1",
        }
    )
    response = client.post(f"/admin/pbcert/reviews/{assignment.pk}/review/", data)
    assert response.status_code == 302
    assert controls_in(ExpertReview.objects.get(assignment=assignment).scores) == ""


@pytest.mark.parametrize(
    "path", ["/ka/%00/", "/ka/application/%00/", "/ka/subscribe/confirm/a%1Bb/"]
)
def test_a_path_with_a_control_character_is_not_found(client, demo, path):
    assert client.get(path).status_code == 404
