"""No false capital letters and 24-hour time, everywhere: Django's and Wagtail's capfirst
keep Georgian's Mkhedruli first letter (Latin still gets its capital), every admin URL
of our namespaces and Wagtail's main screens shows no Mtavruli first letter in Georgian,
times have no a.m./p.m., and no admin page asks gravatar.com for an avatar."""

import hashlib
import json
import re
from pathlib import Path

import django
import polib
import pytest
import wagtail
from django.apps import apps
from django.contrib.admin.utils import capfirst as admin_capfirst
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.template import Context, Template, defaultfilters
from django.utils import text, timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy, trans_real
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site, Task, Workflow
from wagtail_localize.models import TranslationSource

from pbcert_wagtail import georgian
from pbcert_wagtail.models import FAQEntry

from . import test_access_matrix as matrix
from .untranslated import SEPARATOR, untranslated

world = matrix.world  # the access matrix's application in review, its people and files

pytestmark = pytest.mark.django_db

EN_JS_CATALOGUE = "locale/en/LC_MESSAGES/djangojs.po"
FALSE_CAPITAL = re.compile(r"[\u1C90-\u1CBF][\u10D0-\u10FF]")  # Mtavruli, then Mkhedruli
WAGTAIL_SCREENS = ["/admin/", "/admin/pages/", "/admin/snippets/", "/admin/reports/site-history/"]


@pytest.fixture
def editor_screens(world, demo):
    """What our roles open besides our own screens: sign-in and account, the page
    explorer and editor, the translation editor, snippets, images, documents, their
    choosers, reports, workflows, users and groups."""
    home, ka, en = demo["home"]["ka"], demo["programme"]["ka"], demo["programme"]["en"]
    image = Image.objects.create(title="pbcert test image", file=get_test_image_file())
    document = Document.objects.create(
        title="pbcert test document", file=ContentFile(b"%PDF-1.4 test", name="test.pdf")
    )
    faq = FAQEntry.objects.filter(locale__language_code="ka").first()
    faq_en = FAQEntry.objects.get(translation_key=faq.translation_key, locale__language_code="en")
    source = TranslationSource.objects.get_for_instance(ka)
    user = world["people"]["staff"]
    workflow, task = Workflow.objects.first(), Task.objects.first()
    group, site = Group.objects.get(name="Editors"), Site.objects.first()
    redirect = Redirect.objects.create(old_path="/old-programme", redirect_page=ka)
    snippets = "/admin/snippets/pbcert/faqentry"
    return [
        "/admin/login/",
        "/admin/password_reset/",
        "/admin/password_reset/done/",
        "/admin/account/",
        f"/admin/pages/{home.id}/",
        f"/admin/pages/{home.id}/add_subpage/",
        f"/admin/pages/add/pbcert/programmepage/{home.id}/",
        f"/admin/pages/{ka.id}/edit/",
        f"/admin/pages/{en.id}/edit/",  # the translation editor
        f"/admin/pages/{ka.id}/history/",
        f"/admin/pages/{ka.id}/revisions/",
        f"/admin/pages/{ka.id}/usage/",
        f"/admin/pages/{ka.id}/delete/",
        f"/admin/pages/{ka.id}/copy/",
        f"/admin/pages/{ka.id}/move/",
        f"/admin/pages/{ka.id}/unpublish/",
        f"/admin/pages/{ka.id}/privacy/",
        f"/admin/pages/{ka.id}/workflow_history/",
        "/admin/pages/search/?q=programme",
        "/admin/pages/usage/pbcert/programmepage/",
        "/admin/choose-page/",
        f"/admin/choose-page/{home.id}/",
        "/admin/choose-external-link/",
        "/admin/choose-email-link/",
        "/admin/choose-phone-link/",
        "/admin/choose-anchor-link/",
        "/admin/images/",
        "/admin/images/add/",
        "/admin/images/multiple/add/",
        f"/admin/images/{image.id}/",
        f"/admin/images/{image.id}/delete/",
        f"/admin/images/usage/{image.id}/",
        "/admin/images/chooser/",
        "/admin/documents/",
        "/admin/documents/add/",
        "/admin/documents/multiple/add/",
        f"/admin/documents/edit/{document.id}/",
        f"/admin/documents/delete/{document.id}/",
        f"/admin/documents/usage/{document.id}/",
        "/admin/documents/chooser/",
        f"{snippets}/",
        f"{snippets}/add/",
        f"{snippets}/edit/{faq.pk}/",
        f"{snippets}/edit/{faq_en.pk}/",  # the translation editor of a snippet
        f"{snippets}/delete/{faq.pk}/",
        f"{snippets}/history/{faq.pk}/",
        f"{snippets}/usage/{faq.pk}/",
        "/admin/snippets/choose/pbcert/faqentry/",
        f"/admin/localize/submit/page/{ka.id}/",
        f"/admin/localize/update/{source.id}/",
        "/admin/localize/reports/translations/",
        "/admin/reports/locked/",
        "/admin/reports/aging-pages/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/page-types-usage/",
        "/admin/pbcert_applications/?status=declined",  # a filter that finds nothing
        "/admin/workflows/list/",
        "/admin/workflows/add/",
        f"/admin/workflows/edit/{workflow.pk}/",
        f"/admin/workflows/usage/{workflow.pk}/",
        "/admin/workflows/tasks/index/",
        "/admin/workflows/tasks/select_type/",
        f"/admin/workflows/tasks/edit/{task.pk}/",
        "/admin/workflows/task_chooser/",
        "/admin/users/",
        "/admin/users/new/",
        f"/admin/users/edit/{user.pk}/",
        f"/admin/users/history/{user.pk}/",
        "/admin/groups/",
        "/admin/groups/new/",
        f"/admin/groups/edit/{group.pk}/",
        "/admin/locales/",
        f"/admin/locales/edit/{ka.locale_id}/",
        "/admin/sites/",
        f"/admin/sites/edit/{site.pk}/",
        "/admin/collections/",
        "/admin/collections/add/",
        "/admin/redirects/",
        "/admin/redirects/add/",
        f"/admin/redirects/{redirect.pk}/",
        "/admin/redirects/import/",
    ]


def test_capfirst_keeps_mkhedruli_and_capitalises_latin():
    template = Template("{{ ka|capfirst }} {{ en|capfirst }} {{ ka|upper }}")
    rendered = template.render(Context({"ka": "განაცხადები", "en": "applications"}))
    assert rendered == "განაცხადები Applications ᲒᲐᲜᲐᲪᲮᲐᲓᲔᲑᲘ"
    for capfirst in (text.capfirst, admin_capfirst):
        assert capfirst("განაცხადები") == "განაცხადები"
        assert capfirst("applications") == "Applications"
        with translation.override("en"):
            assert str(capfirst(gettext_lazy("applications"))) == "Applications"
    # What an upgrade of Django could undo: the functions themselves carry our bodies.
    assert text.capfirst.__wrapped__.__code__ is georgian._capfirst.__code__
    assert defaultfilters.capfirst.__wrapped__.__code__ is georgian._capfirst_filter.__code__


def test_georgian_times_are_24_hour():
    afternoon = timezone.make_aware(timezone.datetime(2027, 3, 1, 14, 5))
    with translation.override("ka"):
        assert date_format(afternoon, "DATETIME_FORMAT") == "1 მარტი 2027, 14:05"
        assert date_format(afternoon, "TIME_FORMAT") == "14:05"
    with translation.override("en"):
        assert "p.m." in date_format(afternoon, "DATETIME_FORMAT")


@pytest.mark.parametrize("role", ["staff", "expert", "consortium", "editor", "superuser"])
def test_no_false_capital_no_am_pm_no_gravatar_on_any_admin_page(role, world, editor_screens):
    client = matrix.client_for(role, world)
    routes = matrix.discovered_urls()
    pages = [matrix.fill(route, matrix.object_ids(name, world, role)) for name, route in routes]
    found = []
    for path in [*WAGTAIL_SCREENS, *editor_screens, *filter(None, pages)]:
        response = client.get(path, follow=True, HTTP_ACCEPT_LANGUAGE="ka")
        if response.streaming:  # a file or an export
            continue
        html = response.content.decode(errors="replace")
        found += [f"{path}: {m.group(0)}…" for m in FALSE_CAPITAL.finditer(html)]
        found += [f"{path}: a.m./p.m." for _ in re.finditer(r"\d [ap]\.m\.", html)]
        found += [f"{path}: gravatar" for _ in re.finditer("gravatar.com", html)]
    assert found == []


@pytest.mark.parametrize(
    "role", ["anonymous", "staff", "expert", "consortium", "editor", "superuser"]
)
def test_every_admin_screen_our_roles_open_is_in_georgian(role, world, editor_screens):
    """Every gettext lookup made while these pages render in Georgian finds a Georgian
    translation (ours, or pbcert_wagtail/ka_admin for Wagtail's and Django's)."""
    client = matrix.client_for(role, world)
    routes = matrix.discovered_urls()
    pages = [matrix.fill(route, matrix.object_ids(name, world, role)) for name, route in routes]
    with untranslated() as missing:
        for path in [*WAGTAIL_SCREENS, *editor_screens, *filter(None, pages)]:
            client.get(path, follow=True, HTTP_ACCEPT_LANGUAGE="ka")
    assert sorted(missing) == []


JS_CATALOGUES = {
    "/admin/jsi18n/": "wagtail/admin",
    "/admin/localize/jsi18n/": "wagtail_localize",
}


@pytest.mark.parametrize("path", JS_CATALOGUES)
def test_the_admin_javascript_speaks_georgian(path, world):
    """Every string of Wagtail's and wagtail-localize's JavaScript has Georgian in the
    catalogue the admin's pages load (pbcert_wagtail/ka_admin/jslocale)."""
    english = polib.pofile(
        str(Path(wagtail.__file__).parents[1] / JS_CATALOGUES[path] / EN_JS_CATALOGUE)
    )
    client = matrix.client_for("editor", world)
    script = client.get(path, HTTP_ACCEPT_LANGUAGE="ka").content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S)[1])
    keys = [
        f"{entry.msgctxt}{SEPARATOR}{entry.msgid}" if entry.msgctxt else entry.msgid
        for entry in english
    ]
    assert [key for key in keys if not catalogue.get(key)] == []
    assert catalogue["Save"] == "შენახვა"


# Wagtail's templates that pbcert_wagtail/ka_admin/templates replaces (with a word translated
# or Python's "None" hidden), by the start of the sha256 of the original they copy.
OVERRIDDEN = {
    "wagtailadmin/shared/headers/_actions.html": "facea723b6b91762",
    "wagtailadmin/shared/human_readable_date.html": "924b86164bc546c2",
}


@pytest.mark.parametrize("name", OVERRIDDEN)
def test_the_wagtail_templates_we_replace_have_not_changed(name):
    """After a Wagtail upgrade that changes one of them, copy Wagtail's new template into
    ka_admin/templates again, make the same change, and update the hash here."""
    original = Path(wagtail.__file__).parent / "admin" / "templates" / name
    assert hashlib.sha256(original.read_bytes()).hexdigest()[:16] == OVERRIDDEN[name]
    ours = Path(georgian.__file__).parent / "ka_admin" / "templates" / name
    assert ours.exists()


# The apps whose strings the admin shows: Wagtail's, wagtail-localize's, and Django's that
# their forms use (validation, passwords, tags). Django's own admin is not served.
ADMIN_APPS = ("wagtail", "wagtail_localize", "taggit", "django.contrib.auth")


def catalogue_entries():
    roots = [
        Path(config.path)
        for config in apps.get_app_configs()
        if config.name.startswith(ADMIN_APPS) and config.name != "pbcert_wagtail.ka_admin"
    ]
    roots.append(Path(django.__file__).parent / "conf")
    for root in roots:
        english = root / "locale" / "en" / "LC_MESSAGES" / "django.po"
        if english.exists():
            yield from polib.pofile(str(english))


def test_every_string_of_the_admin_apps_has_georgian():
    """Not only what the walk meets: every msgid of the admin's installed apps has Georgian
    (theirs or pbcert_wagtail/ka_admin's), so what appears after an action — a save, a
    publish, a failed sign-in, a form error — is Georgian too; after an upgrade this names
    the new msgids."""
    with translation.override("ka"):
        catalogue = trans_real.translation("ka")._catalog
        missing = set()
        for entry in catalogue_entries():
            key = f"{entry.msgctxt}{SEPARATOR}{entry.msgid}" if entry.msgctxt else entry.msgid
            if entry.msgid_plural:
                key = (key, 0)
            if entry.msgid and not entry.obsolete and key not in catalogue:
                missing.add(entry.msgid)
    assert sorted(missing) == []
