"""The handover conference: certified municipalities invited once each, their answers
(validated, in Georgian), reminders to those coming, who is coming with totals and an
export, and "received", which fills the certificate's handover date and place."""

import datetime

import pytest
from django.utils import timezone

from pbcert_wagtail.certificates import conference as service
from pbcert_wagtail.models import Certificate, HandoverConference, OutboxMessage

from . import scenarios

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(django_capture_on_commit_callbacks):
    case = scenarios.decided()
    HandoverConference.objects.create(
        call=case.call,
        date=timezone.localdate() + datetime.timedelta(days=20),
        place_ka="თბილისი, საკონფერენციო დარბაზი",
        place_en="Tbilisi, the conference hall",
        programme_ka="სერტიფიკატების გადაცემა და დისკუსია.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        from pbcert_wagtail import workflow

        workflow.publish_results(case.call)
    case.certificate = Certificate.objects.get(decision=case.decision)
    return case


def invitations(case):
    return OutboxMessage.objects.filter(event="conference_invitation", application=case.application)


def test_each_certified_municipality_is_invited_once(invited):
    assert invitations(invited).count() == 1
    assert "conference/" in invitations(invited).get().body_text
    assert service.invite_all() == 0  # the hourly job again: nobody twice
    assert invitations(invited).count() == 1


def test_the_answer_is_validated_next_to_its_field_and_saved(client, invited):
    url = f"/ka/application/{invited.token}/conference/"
    page = client.get(url)
    assert page.status_code == 200 and "თბილისი, საკონფერენციო დარბაზი" in page.content.decode()
    bad = client.post(url, {"attending": "True", "people": "", "names_and_roles": ""})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "რამდენი" in html and "field--error" in html
    too_many = client.post(
        url, {"attending": "True", "people": "1", "names_and_roles": "ა, მერი\nბ, მოადგილე"}
    )
    assert too_many.status_code == 400
    good = client.post(
        url,
        {
            "attending": "True",
            "people": "2",
            "names_and_roles": "ნინო, მერი\nგიორგი, მოადგილე",
            "needs_hotel": "on",
            "dietary_needs": "ვეგეტარიანული",
        },
    )
    assert good.status_code == 302
    answer = invited.certificate.conference_answers.get()
    assert (answer.attending, answer.people, answer.needs_hotel) == (True, 2, True)
    status = client.get(f"/ka/application/{invited.token}/").content.decode()
    assert "პასუხის შეცვლა" in status
    client.post(url, {"attending": "False"})
    answer.refresh_from_db()
    assert (answer.attending, answer.people, answer.needs_hotel) == (False, 0, False)


def test_reminders_go_to_those_coming_once_per_offset(invited):
    certificate = invited.certificate
    conference = HandoverConference.objects.get(call=invited.call)
    service.record_answer(
        conference,
        certificate,
        {
            "attending": True,
            "people": 3,
            "names_and_roles": "a\nb\nc",
            "needs_travel": True,
            "needs_hotel": False,
            "dietary_needs": "",
        },
    )
    week_before = conference.date - datetime.timedelta(days=7)
    assert service.send_conference_reminders(today=week_before) == 1
    assert service.send_conference_reminders(today=week_before) == 0
    reminder = OutboxMessage.objects.get(event="conference_reminder")
    assert "3" in reminder.body_text


def test_staff_see_who_is_coming_export_it_and_mark_received(client, invited):
    conference = HandoverConference.objects.get(call=invited.call)
    answer = service.record_answer(
        conference,
        invited.certificate,
        {
            "attending": True,
            "people": 2,
            "names_and_roles": "ნინო\nგიორგი",
            "needs_travel": True,
            "needs_hotel": True,
            "dietary_needs": "",
        },
    )
    client.force_login(invited.people.staff)
    page = client.get(f"/admin/conferences/attendance/{conference.pk}/").content.decode()
    assert "ვინ მოდის: " in page  # its header names the page
    assert invited.certificate.number in page and "ნინო" in page
    assert "მოწვეული 1-დან უპასუხა 1-მა; მოდის 1, სულ 2 ადამიანი" in page
    export = client.get(f"/admin/conferences/attendance/{conference.pk}/?format=csv")
    content = b"".join(export.streaming_content).decode()
    assert content.startswith("\ufeff") and "ნინო" in content
    assert client.post(f"/admin/conferences/received/{answer.pk}/").status_code == 302
    certificate = Certificate.objects.get(pk=invited.certificate.pk)
    assert certificate.handover_date == conference.date
    assert certificate.handover_place_ka == conference.place_ka
    client.force_login(invited.people.consortium[0])
    assert client.get(f"/admin/conferences/attendance/{conference.pk}/").status_code in (302, 403)
