"""Shared fixtures: every test database holds the demo site, built by load_initial_data."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connections
from wagtail.models import Locale, Page

from home.demo.text import uid
from home.models import HomePage
from pbcert_wagtail.models import (
    ApplicationFormPage,
    CertificateRegistryPage,
    FAQPage,
    ProgrammePage,
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests last: Playwright's event loop must not be running while ORM tests run."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def pytest_sessionstart(session):
    """A kept SQLite test database from before the migrations were squashed: stop with
    what to do, instead of an error per test."""
    import sqlite3
    from pathlib import Path

    from django.conf import settings

    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if session.config.getoption("create_db") or not name or not Path(name).exists():
        return
    from pbcert_wagtail.apps import migrations_on_disk

    with sqlite3.connect(name) as db:
        try:
            recorded = db.execute("SELECT name FROM django_migrations WHERE app = 'pbcert'")
            old = {row[0] for row in recorded} - migrations_on_disk()
        except sqlite3.Error:
            return
    if old:
        pytest.exit(
            f"The kept test database {name} was made before pbcert's migrations were "
            "squashed. Rebuild it: make test PYTEST_ARGS=--create-db",
            returncode=2,
        )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the demo content once per test database (a no-op when it is already there)."""
    # pytest-django sets up only the databases the selected tests use: when none is
    # used, "default" still names the development database, which we leave alone.
    if "test" not in str(connections["default"].settings_dict["NAME"]):
        return
    with django_db_blocker.unblock():
        call_command("load_initial_data", "--no-sample-application", stdout=io.StringIO())


def _pair(model, key):
    key = uid(f"page/{key}")
    return {
        page.locale.language_code: page
        for page in model.objects.filter(translation_key=key).select_related("locale")
    }


@pytest.fixture
def demo(db):
    """The demo pages by language: demo['programme']['en'] is the English programme page."""
    return {
        "home": _pair(HomePage, "home"),
        "programme": _pair(ProgrammePage, "programme"),
        "faq": _pair(FAQPage, "faq"),
        "c1": _pair(ApplicationFormPage, "c1"),
        "registry": _pair(CertificateRegistryPage, "registry"),
    }


@pytest.fixture
def locales(db):
    return {locale.language_code: locale for locale in Locale.objects.all()}


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()


def body(response):
    """A response's bytes, streamed (CSV exports) or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def language_switcher_links(html_soup):
    """{language code: href} of the header's language switcher (the other languages)."""
    nav = html_soup.select_one("nav.language-switcher")
    return {link["data-language"]: link["href"] for link in nav.select("a[data-language]")}


def hreflang_alternates(html_soup):
    """{hreflang: href} of the <link rel="alternate"> elements in <head>."""
    return {
        link["hreflang"]: link["href"] for link in html_soup.select('head link[rel="alternate"]')
    }


@pytest.fixture
def people(demo):
    """One user per role, in the real groups (see tests/scenarios.py)."""
    from .scenarios import people_per_role

    return people_per_role()


@pytest.fixture
def english_admin(admin_client, people):
    """The superuser's client, with the admin set to English (for reading export headers)."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(people.admin)
    profile.preferred_language = "en"
    profile.save()
    return admin_client
