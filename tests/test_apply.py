"""Applying with the C1 form: stable keys, one per municipality, windows, bad input."""

import pytest
from django.core.cache import cache

from pbcert_wagtail.models import Application, CertificationCall, OutboxMessage

from .apply_helpers import c1_post, latest_email, submit
from .conftest import soup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def c1(demo):
    return demo["c1"]


def test_georgian_and_english_submissions_have_the_same_shape(client, c1):
    ka = submit(client, c1["ka"], municipality="kutaisi", email="ka@example.org")
    en = submit(client, c1["en"], municipality="batumi", email="en@example.org")
    assert ka.status_code == en.status_code == 302
    georgian = Application.objects.get(municipality__code="kutaisi")
    english = Application.objects.get(municipality__code="batumi")
    assert georgian.call == english.call
    assert set(georgian.answers) == set(english.answers)
    assert georgian.answers["pb_running"] == english.answers["pb_running"] == "yes"
    assert georgian.answers["standards"] == ["georgian_standards", "council_regulation"]
    assert (georgian.language, english.language) == ("ka", "en")
    # The questions are kept as each applicant saw them.
    labels = {q["key"]: q.get("label") for q in english.questions if "key" in q}
    assert labels["pb_running"] == "Does the municipality run participatory budgeting?"
    labels_ka = {q["key"]: q.get("label") for q in georgian.questions if "key" in q}
    assert labels_ka["pb_running"].startswith("ახორციელებს")


def test_english_page_shows_english_labels_with_the_same_field_names(client, c1):
    ka = soup(client.get(c1["ka"].url))
    en = soup(client.get(c1["en"].url))
    names = lambda html: sorted({i["name"] for i in html.select("form.form [name]")})  # noqa: E731
    assert names(ka) == names(en)
    assert "Does the municipality run participatory budgeting?" in en.get_text()
    assert "Yes, as a pilot" in en.get_text()
    assert "დიახ, საპილოტე რეჟიმში" in ka.get_text()


def test_answers_are_stored_by_key_as_people_wrote_them(client, c1):
    submit(client, c1["ka"], population="41 465", pb_since="2019")
    application = Application.objects.get()
    assert application.answers["population"] == "41465"
    assert application.answers["pb_since"] == "2019"
    assert application.answers["regulation_date"] == "2019-03-01"
    assert application.answers["declaration"] is True
    assert application.contacts == [
        {
            "name": "ნინო ბერიძე",
            "role": "სამოქალაქო ბიუჯეტის კოორდინატორი",
            "email": "nino@example.org",
            "phone": "+995 431 00 00 00",
        }
    ]
    assert application.contact_email == "nino@example.org"
    assert application.reference.startswith(f"PB-{application.call.year}-")


def test_redirect_after_post_so_a_refresh_does_not_apply_twice(client, c1):
    response = submit(client, c1["ka"])
    assert response.status_code == 302
    landing = client.get(response["Location"])
    assert landing.status_code == 200
    application = Application.objects.get()
    assert application.reference in landing.content.decode()
    client.get(response["Location"])  # the refresh
    assert Application.objects.count() == 1


def test_applicant_is_mailed_in_their_language_with_a_private_link(client, c1):
    submit(client, c1["en"], email="en@example.org")
    application = Application.objects.get()
    message = latest_email("application_received", "en@example.org")
    assert message.language == "en"
    assert application.reference in message.subject
    assert "/en/application/" in message.body_text
    assert "<html" in message.body_html


def test_second_application_for_a_municipality_is_refused_and_its_contact_told(client, c1):
    submit(client, c1["ka"], email="first@example.org")
    response = submit(client, c1["en"], email="second@example.org")
    assert response.status_code == 200
    html = soup(response)
    errors = html.select_one(".field--municipality .field__errors").get_text()
    assert "Kutaisi has already applied to this call" in errors
    assert Application.objects.count() == 1
    told = latest_email("duplicate_attempt")
    assert told.recipient == "first@example.org"
    assert told.language == "ka"
    assert not OutboxMessage.objects.filter(recipient="second@example.org").exists()


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"municipality": ""}, "municipality", "This field is required."),
        ({"population": "ორმოცი"}, "population", "Enter a number, for example 41 465 or 65,8."),
        (
            {"contacts-0-email": "not-an-email"},
            "contacts",
            "Row 1: the email address is not valid.",
        ),
        (
            {
                "contacts-0-name": "",
                "contacts-0-email": "",
                "contacts-0-role": "",
                "contacts-0-phone": "",
            },
            "contacts",
            "Give at least one contact person",
        ),
        ({"pb_running": "maybe"}, "pb_running", "Select a valid choice."),
        ({"motivation": "ა" * 1501}, "motivation", "at most 1500 characters"),
        ({"declaration": None}, "declaration", "Tick the box to confirm this declaration."),
        ({"pb_website": "not a url at all"}, "pb_website", "Enter a valid URL."),
        ({"regulation_date": "2019-13-45"}, "regulation_date", "Enter a valid date."),
        ({"pb_since": "1800"}, "pb_since", "greater than or equal to 2000"),
    ],
)
def test_bad_input_gets_an_error_next_to_the_field(client, c1, overrides, field, message):
    response = submit(client, c1["en"], **overrides)
    assert response.status_code == 400
    html = soup(response)
    errors = html.select_one(f'[data-key="{field}"] .field__errors')
    assert errors is not None, f"no error shown next to {field}"
    assert message in errors.get_text()
    assert Application.objects.count() == 0
    kept = "ორმოცი" if field == "population" else 'value="41 465"'
    assert kept in response.content.decode()  # what was typed is kept


def test_bad_input_in_georgian(client, c1):
    response = submit(client, c1["ka"], population="abc")
    text = " ".join(e.get_text() for e in soup(response).select(".field__errors"))
    assert "რიცხვი" in text


def test_html_in_answers_is_stored_as_typed_and_shown_escaped(client, c1):
    script = "<script>alert('x')</script><b>bold</b>"
    response = submit(client, c1["en"], motivation=script)
    application = Application.objects.get()
    assert application.answers["motivation"] == script
    message = latest_email("application_received")
    link_path = "/" + message.body_text.split("://", 1)[1].split("/", 1)[1].split()[0]
    page = client.get(link_path).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    assert response.status_code == 302


def test_honeypot_pretends_success_and_stores_nothing(client, c1):
    response = submit(client, c1["ka"], **{"pbcert-website": "http://spam.example"})
    assert response.status_code == 302
    assert Application.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


def test_per_ip_rate_limit(client, c1, settings):
    settings.PBCERT = {"FORM_RATE_LIMIT": (3, 600)}
    for _ in range(3):
        submit(client, c1["ka"], municipality="")
    response = submit(client, c1["ka"])
    assert response.status_code == 429
    assert (
        "Too many attempts" in response.content.decode()
        or "ძალიან ბევრი" in response.content.decode()
    )
    assert Application.objects.count() == 0


class TestCallWindow:
    def close_all_calls(self):
        from django.utils import timezone

        yesterday = timezone.localdate() - __import__("datetime").timedelta(days=1)
        for call in CertificationCall.objects.all():
            if call.closes_at >= yesterday:
                CertificationCall.objects.filter(pk=call.pk).update(
                    closes_at=yesterday, opens_at=min(call.opens_at, yesterday)
                )

    def test_closed_call_refuses_a_post_and_keeps_what_was_typed(self, client, c1):
        self.close_all_calls()
        response = submit(client, c1["en"], motivation="Our own words")
        assert response.status_code == 409
        html = soup(response)
        assert "not being accepted now" in html.select_one(".form-errors").get_text()
        assert "Our own words" in html.select_one("textarea[name=motivation]").get_text()
        assert Application.objects.count() == 0

    def test_closed_page_shows_the_next_call(self, client, c1):
        import datetime

        from django.utils import timezone

        from .factories import CertificationCallFactory

        self.close_all_calls()
        start = timezone.localdate() + datetime.timedelta(days=400)
        CertificationCallFactory(year=start.year + 5, opens_at=start)
        html = soup(client.get(c1["en"].url))
        notice = html.select_one(".notice--closed").get_text()
        assert "Applications are closed at the moment." in notice
        assert str(start.year) in notice
        assert html.select_one("form.form[action] button[type=submit]").get_text() == "Subscribe"
        assert html.select_one("select[name=municipality]") is None


def test_c1_page_is_hidden_from_the_forms_menu(admin_client, c1):
    response = admin_client.get("/admin/forms/")
    assert c1["ka"].title not in response.content.decode()


def test_c1_page_queries_are_bounded(client, c1, django_assert_max_num_queries):
    client.get(c1["en"].url)
    with django_assert_max_num_queries(25):
        assert client.get(c1["en"].url).status_code == 200


def test_a_mail_server_outage_never_fails_a_submission(
    client, c1, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_outbox.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, c1["ka"])
    assert response.status_code == 302
    application = Application.objects.get()
    message = OutboxMessage.objects.get(event="application_received")
    assert message.application == application
    assert message.status == "retry"
    assert "SMTP server unreachable" in message.last_error


def test_staff_are_told_of_a_new_application(client, c1):
    submit(client, c1["en"], municipality="gori")
    notice = latest_email("staff_new_application")
    assert notice.recipient == "certification@example.org"  # the organisation's email
    assert notice.language == "ka"
    assert "გორი" in notice.subject
    application = Application.objects.get()
    assert f"/admin/pbcert_applications/review/{application.pk}/" in notice.body_text


def test_question_keys_are_never_offered_for_translation(c1):
    from wagtail_localize.segments import StringSegmentValue
    from wagtail_localize.segments.extract import extract_segments

    page = c1["ka"].specific
    strings = [s for s in extract_segments(page) if isinstance(s, StringSegmentValue)]
    paths = [s.path for s in strings]
    assert not [p for p in paths if p.endswith(".key")]
    texts = {s.string.data for s in strings}
    assert "ახორციელებს თუ არა მუნიციპალიტეტი სამოქალაქო ბიუჯეტს?" in texts
    assert "pb_running" not in texts


def test_sync_keeps_keys_and_english_labels(c1, django_capture_on_commit_callbacks):
    from wagtail_localize.models import Translation, TranslationSource

    source = TranslationSource.objects.get_for_instance(c1["ka"])
    with django_capture_on_commit_callbacks(execute=True):
        source.update_from_db()
        for translation in Translation.objects.filter(source=source):
            translation.save_target(publish=True)
    english = type(c1["en"]).objects.get(pk=c1["en"].pk)
    georgian = type(c1["ka"]).objects.get(pk=c1["ka"].pk)
    keys = lambda page: [s.clean_name for s in page.get_form_fields()]  # noqa: E731
    assert keys(english) == keys(georgian)
    labels = {s.clean_name: s.label for s in english.get_form_fields()}
    assert labels["pb_running"] == "Does the municipality run participatory budgeting?"
    options = {s.clean_name: s.choices for s in english.get_form_fields()}
    assert options["pb_running"][1] == ("pilot", "Yes, as a pilot")


def test_a_question_may_be_called_website_url_without_being_taken_for_a_bot(client, c1):
    page = c1["ka"]
    raw = list(page.questions.raw_data)
    raw.insert(
        2,
        {
            "type": "url",
            "id": "site-q",
            "value": {
                "key": "website_url",
                "label": "ვებგვერდი",
                "help_text": "",
                "required": False,
            },
        },
    )
    page.questions = raw
    page.save_revision().publish()
    response = client.post(page.url, c1_post(website_url="https://kutaisi.example.org"))
    assert response.status_code == 302
    assert Application.objects.get().answers["website_url"] == "https://kutaisi.example.org"


def test_an_overlong_contact_is_refused_not_cut(client, c1):
    long_email = "a" * 60 + "@" + "b" * 200 + ".example.org"
    response = submit(client, c1["en"], **{"contacts-0-email": long_email})
    errors = soup(response).select_one('[data-key="contacts"] .field__errors').get_text()
    assert "Row 1" in errors
    assert Application.objects.count() == 0


def test_duplicate_notices_go_out_at_most_once_a_day(client, c1):
    submit(client, c1["ka"], email="first@example.org")
    for _ in range(3):
        submit(client, c1["en"], email="other@example.org")
    assert OutboxMessage.objects.filter(event="duplicate_attempt").count() == 1


def test_call_note_and_next_call_are_shown(client, c1):
    import datetime

    from django.utils import timezone

    from .factories import CertificationCallFactory

    call = CertificationCall.objects.current()
    call.note_en = "Certificates are handed over at the autumn conference."
    call.save()
    start = call.results_at + datetime.timedelta(days=30)
    CertificationCallFactory(year=call.year + 1, opens_at=start)
    text = soup(client.get(c1["en"].url)).select_one("main").get_text(" ", strip=True)
    assert "Certificates are handed over at the autumn conference." in text
    assert f"The next call ({call.year + 1}) opens on" in text
    del timezone


def test_an_overlong_contact_name_is_refused_with_a_message(client, c1):
    response = submit(client, c1["en"], **{"contacts-0-name": "ნ" * 300})
    errors = soup(response).select_one('[data-key="contacts"] .field__errors').get_text()
    assert "Row 1: an answer is too long." in errors
    assert Application.objects.count() == 0
