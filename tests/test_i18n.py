"""Our own UI strings exist in Georgian, in the site and in the Wagtail admin."""

import json
from pathlib import Path

import polib
import pytest
from django.conf import settings
from wagtail.users.models import UserProfile

import pbcert_wagtail

from . import scenarios
from .conftest import soup

CATALOGUES = [
    Path(pbcert_wagtail.__file__).parent / "locale" / "ka" / "LC_MESSAGES" / "django.po",
    Path(settings.BASE_DIR) / "locale" / "ka" / "LC_MESSAGES" / "django.po",
]


@pytest.mark.parametrize("path", CATALOGUES, ids=["plugin", "site"])
def test_georgian_catalogue_is_complete(path):
    catalogue = polib.pofile(str(path))
    assert len(catalogue) > 10
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert path.with_suffix(".mo").exists(), "run `make translations` (part of make test/demo)"


@pytest.mark.parametrize("path", CATALOGUES, ids=["plugin", "site"])
def test_georgian_translations_keep_placeholders(path):
    import re

    for entry in polib.pofile(str(path)).translated_entries():
        placeholders = set(re.findall(r"%\(\w+\)s|\{\w+\}", entry.msgid))
        for text in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
            assert placeholders == set(re.findall(r"%\(\w+\)s|\{\w+\}", text)), entry.msgid


@pytest.fixture
def admin_client_in(client, db):
    def login(language):
        user = scenarios.people_per_role().admin
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        client.force_login(user)
        return client

    return login


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, faq_menu, entries_title",
    [("ka", "ხშირად დასმული კითხვები", "ხშირად დასმული კითხვები"), ("en", "FAQ", "FAQ entries")],
)
def test_admin_speaks_the_users_language(admin_client_in, demo, language, faq_menu, entries_title):
    client = admin_client_in(language)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert soup(dashboard).html["lang"] == language
    html = dashboard.content.decode()
    # The sidebar menu is rendered as JSON (non-ASCII escaped).
    assert f'"{faq_menu}"' in html or json.dumps(faq_menu) in html
    listing = client.get("/admin/snippets/pbcert/faqentry/")
    assert listing.status_code == 200
    assert entries_title in soup(listing).title.get_text()


@pytest.mark.django_db
def test_admin_edits_a_faq_entry_in_both_languages(admin_client_in, demo):
    from pbcert_wagtail.models import FAQEntry

    client = admin_client_in("en")
    for language in ("ka", "en"):
        entry = FAQEntry.objects.get(anchor="costs", locale__language_code=language)
        response = client.get(f"/admin/snippets/pbcert/faqentry/edit/{entry.pk}/")
        assert response.status_code == 200
        assert entry.question in response.content.decode()
