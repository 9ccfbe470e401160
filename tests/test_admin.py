"""Editors work in the Wagtail admin: page types, FAQ snippets and organisation settings."""

import json
import re

import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from pbcert_wagtail.models import FAQPage, ProgrammePage

from . import scenarios

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, demo):
    """The superuser's client: pages, snippets and settings are all theirs."""
    client.force_login(scenarios.people_per_role().admin)
    return client


@pytest.mark.parametrize("key", ["home", "programme", "faq"])
@pytest.mark.parametrize("language", ["ka", "en"])
def test_every_demo_page_opens_in_the_editor(editor, demo, key, language):
    response = editor.get(f"/admin/pages/{demo[key][language].pk}/edit/")
    assert response.status_code == 200


def programme_form(title, slug, blocks):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": "",
            "body": streamfield(blocks),
            "action-publish": "publish",
        }
    )


def video(external_url=""):
    return (
        "video",
        {
            "title": "ვიდეო",
            "video_file": "",
            "captions_file": "",
            "external_url": external_url,
            "description": "",
        },
    )


def test_editor_creates_a_programme_page_with_blocks(editor, demo):
    data = programme_form(
        "ახალი პროგრამა",
        "akhali-programa",
        [("rich_text", rich_text("<p>ტექსტი</p>")), video("https://vimeo.com/123456")],
    )
    response = editor.post(f"/admin/pages/add/pbcert/programmepage/{demo['home']['ka'].pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ProgrammePage.objects.get(slug="akhali-programa")
    assert page.live
    assert [block.block_type for block in page.body] == ["rich_text", "video"]


def test_editor_gets_a_clear_error_for_a_video_without_source(editor, demo):
    data = programme_form("ვიდეოს გარეშე", "videos-gareshe", [video()])
    response = editor.post(f"/admin/pages/add/pbcert/programmepage/{demo['home']['ka'].pk}/", data)
    assert response.status_code == 200
    html = response.content.decode()
    # The admin speaks Georgian by default; StreamField errors travel as JSON.
    message = "აირჩიეთ ვიდეოფაილი ან ჩაწერეთ გარე ვიდეოს მისამართი."
    assert message in html or json.dumps(message)[1:-1] in html
    assert not ProgrammePage.objects.filter(slug="videos-gareshe").exists()


def test_faq_page_cannot_be_added_twice_under_the_home_page(editor, demo):
    response = editor.get(f"/admin/pages/add/pbcert/faqpage/{demo['home']['ka'].pk}/")
    assert response.status_code in (302, 403)  # Wagtail refuses, back to the dashboard
    assert FAQPage.objects.filter(locale__language_code="ka").count() == 1


def test_faq_entries_and_settings_screens_open(editor, demo):
    assert editor.get("/admin/snippets/pbcert/faqentry/").status_code == 200
    assert editor.get("/admin/snippets/pbcert/faqtopic/").status_code == 200
    response = editor.get("/admin/settings/pbcert/organisationsettings/")
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert editor.get(response["Location"]).status_code == 200


def test_faq_entry_offers_translation(editor, demo):
    from pbcert_wagtail.models import FAQEntry

    entry = FAQEntry.objects.get(anchor="costs", locale__language_code="ka")
    english = FAQEntry.objects.get(anchor="costs", locale__language_code="en")
    response = editor.get(f"/admin/snippets/pbcert/faqentry/edit/{entry.pk}/")
    # The editor links to the English translation of the same entry.
    assert f"/admin/snippets/pbcert/faqentry/edit/{english.pk}/" in response.content.decode()


@pytest.mark.parametrize(
    "role, shown", [("editor", True), ("expert", False), ("consortium", False), ("staff", False)]
)
def test_only_translators_find_the_translations_report_in_the_menu(client, demo, role, shown):
    people = scenarios.people_per_role()
    user = {"expert": people.experts[0], "consortium": people.consortium[0]}.get(role)
    client.force_login(user or getattr(people, role))
    menu = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ka").content.decode()
    assert ("/admin/localize/reports/translations/" in menu) is shown  # the sidebar's JSON


def test_yes_and_no_columns_speak_the_readers_language(client, demo):
    client.force_login(scenarios.people_per_role().staff)
    listing = client.get("/admin/municipality/", HTTP_ACCEPT_LANGUAGE="ka").content.decode()
    cells = re.findall(r"<td[^>]*>\s*(True|False|დიახ|არა)\s*</td>", listing)
    assert cells and set(cells) <= {"დიახ", "არა"}
