"""People read words, not machine keys: no raw key, True/False/None, criterion code or outbox
event key on any admin page of the cycle (a scan over every URL the access matrix walks,
as staff, an expert and a consortium member, in review and once decided); question labels
in the admin's language; Georgian singular after numerals; the demo's port in its links;
our 404 page with DEBUG on; a favicon; the consortium told when an application is ready."""

import datetime
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext
from wagtail.models import Site
from wagtail.users.models import UserProfile

from pbcert_wagtail import workflow
from pbcert_wagtail.models import (
    Application,
    CallCriterion,
    EmailEvent,
    OutboxMessage,
)

from . import factories, scenarios
from . import test_access_matrix as matrix
from .conftest import soup
from .test_access_matrix import POST_ONLY, discovered_urls, fill, object_ids

world = matrix.world  # the access matrix's application in review, its people and files

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
HIDDEN = "script, style, template, noscript, svg, head, [hidden]"
CELLS = "td, th, dt, dd, li, option, label, legend, summary, p, span, strong, a, h1, h2, h3"
# Pages of the lead's dashboards branch (admin/overview.py), not changed here.
HEADER_ELSEWHERE = set()


# -- what counts as a machine word ------------------------------------------------------


def machine_words(application):
    """(words that must appear nowhere, words that must not fill a cell on their own)."""
    c1_keys = {q["key"] for q in application.questions if "key" in q}
    codes = {c.code for c in CallCriterion.objects.filter(call=application.call)}
    events = set(EmailEvent.values)
    tokens = {"True", "False", "None"} | {w for w in codes | events if "_" in w}
    alone = c1_keys | codes | events | {"ka", "en"}
    return tokens, alone


def visible(html):
    """The page as a reader sees it: no scripts, styles, hidden elements or icons; a
    question's <code> key beside its label dropped (the label is what is read), a key
    alone or any other <code> kept."""
    page = BeautifulSoup(html, "html.parser")
    for element in page.select(HIDDEN):
        element.decompose()
    for code in page.select("dt code, code.pbcert-key"):  # a question's key by its label
        beside = code.parent.get_text(" ", strip=True).replace(code.get_text(strip=True), "", 1)
        if beside.strip(" :·"):
            code.decompose()
    return page


def machine_words_on(html, tokens, alone):
    page = visible(html)
    text = page.get_text(" ", strip=True)
    found = {t for t in tokens if re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", text)}
    for cell in page.select(CELLS):
        own = cell.get_text(" ", strip=True)
        if own in alone:
            found.add(own)
    return found


def scan(client, objects_for, tokens, alone):
    """Every page of our admin namespaces that opens for this client: {url: words found}."""
    problems = {}
    for name, route in discovered_urls():
        if name in POST_ONLY:
            continue
        path = fill(route, objects_for(name))
        if path is None:
            continue
        response = client.get(path, follow=True)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        if found := machine_words_on(response.content.decode(), tokens, alone):
            problems[f"{name} {path}"] = sorted(found)
    return problems


# -- a second application, further along: reviewed with recommendations, answers changed
# after an information request, decided ------------------------------------------------


def decided_world(people):
    case = scenarios.information_requested(
        during="in_review", unlocked_keys=["general_data", "mechanisms", "population"]
    )
    scenarios.information_answered(
        case,
        changes={
            "general_data": "ქალაქი იმერეთში.",
            "mechanisms": ["e_petitions"],
            "population": "131000",
        },
    )
    case.application.refresh_from_db()
    recommendations = [
        {"criterion": "pb_development", "text": "დანერგეთ ონლაინ კენჭისყრა."},
        {"criterion": "", "text": "გამოაქვეყნეთ ანგარიში."},
    ]
    experts = [people["expert"], *case.people.experts[1:]]
    for expert in experts[: case.call.experts_per_application]:
        assignment = scenarios.assign(case, expert)
        scenarios.review(case, assignment, recommendations=recommendations)
    case = scenarios.decided(case, recommendations=recommendations)
    return case


def ids_for(application, assignment, role_world, role):
    def objects(name):
        ids = object_ids(name, role_world, role)
        namespace = name.split(":")[0]
        if namespace == "pbcert_applications" and name != "pbcert_applications:publish":
            ids = {**ids, "pk": application.pk, "assignment": assignment.pk}
        if namespace == "pbcert_reviews":
            ids = {**ids, "pk": assignment.pk}
        return ids

    return objects


@pytest.mark.parametrize("role", ["staff", "expert", "consortium"])
def test_no_machine_word_on_any_admin_page_of_the_cycle(role, world):
    client = Client()
    client.force_login(world["people"][role])
    tokens, alone = machine_words(world["application"])
    in_review = scan(client, lambda name: object_ids(name, world, role), tokens, alone)
    case = decided_world(world["people"])
    mine = next(a for a in case.assignments if a.expert == world["people"]["expert"])
    decided = scan(client, ids_for(case.application, mine, world, role), tokens, alone)
    assert in_review == {} and decided == {}


def test_the_scan_finds_what_it_looks_for():
    tokens, alone = {"True", "pb_development", "staff_new_application"}, {"population", "ka"}
    shown = (
        "<table><tr><td>True</td><td>population</td><td>ka</td></tr></table>"
        "<p>pb_development</p><dl><dt>Label <code>x</code></dt></dl>"
        "<ul><li><code>staff_new_application</code> Publish the plan.</li></ul>"
    )
    assert machine_words_on(shown, tokens, alone) == {
        "True",
        "population",
        "ka",
        "pb_development",
        "staff_new_application",
    }
    beside = (
        "<dl><dt>Population <code>population</code></dt><dd>41 465</dd></dl>"
        '<p><strong>Plan</strong> <code class="pbcert-key">pb_development</code>: …</p>'
    )
    hidden = '<div hidden>None</div><script>var x = "True"</script>'
    assert machine_words_on(beside + hidden, tokens, alone) == set()


# -- page by page -----------------------------------------------------------------------


def english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()


def test_our_admin_pages_name_themselves_in_their_header(world):
    """The visible header (the breadcrumbs) ends with the page's name, never "Home"."""
    for role in ("staff", "expert", "consortium"):
        client = Client()
        client.force_login(world["people"][role])
        for name, route in discovered_urls():
            if name in POST_ONLY or name in HEADER_ELSEWHERE or name.endswith("_results"):
                continue
            path = fill(route, object_ids(name, world, role))
            response = client.get(path, follow=True) if path else None
            if (
                not response
                or response.status_code != 200
                or "html" not in response["Content-Type"]
            ):
                continue
            crumbs = soup(response).select(".w-breadcrumbs li")
            if crumbs:
                last = crumbs[-1].get_text(" ", strip=True)
                assert last not in ("მთავარი", "Home"), (role, name)
    client = Client()
    client.force_login(world["people"]["expert"])
    crumbs = soup(client.get(reverse("pbcert_reviews:index"))).select(".w-breadcrumbs li")
    assert crumbs[-1].get_text(strip=True) == "ჩემი შეფასებები"


def test_the_admin_is_titled_by_its_name_not_pbcert(world):
    client = Client()
    client.force_login(world["people"]["staff"])
    page = soup(client.get("/admin/"))
    assert page.select_one("h1").get_text(strip=True) == "მუნიციპალიტეტის სერტიფიცირება"
    english(world["people"]["staff"])
    page = soup(client.get("/admin/"))
    assert page.select_one("h1").get_text(strip=True) == "Municipality certification"


def answer(page, panel, key):
    """The answer shown for the question with this key (its <code> beside the label)."""
    term = next(
        dt for dt in page.select(f"{panel} dt") if (c := dt.select_one("code")) and c.text == key
    )
    return term.find_next_sibling("dd").get_text(" ", strip=True)


def test_yes_no_answers_are_words_and_dates_are_dates(world):
    application = world["application"]
    application.answers = {**application.answers, "pb_running": True}
    type(application).objects.filter(pk=application.pk).update(answers=application.answers)
    client = Client()
    client.force_login(world["people"]["staff"])
    page = soup(client.get(reverse("pbcert_applications:review", args=[application.pk])))
    assert answer(page, "#application_form", "pb_running") == "დიახ"
    assert answer(page, "#application_form", "regulation_date") == "1 მარტი 2019"
    summary = page.select_one("#questionnaire .pbcert-panel__summary").get_text(strip=True)
    assert re.search(r"\d{1,2} \w+ 20\d\d", summary) and "-12-" not in summary
    expert = Client()
    expert.force_login(world["people"]["expert"])
    mine = world["assignments"]["expert"]
    copy = expert.get(reverse("pbcert_reviews:assignment", args=[mine.pk])).text
    assert "True" not in visible(copy).get_text(" ")
    assert "დიახ, ყოველწლიურად" not in copy and "დიახ" in copy


def test_questions_are_labelled_in_the_admins_language_with_their_key(world):
    """A Georgian application read by an English-speaking officer: English labels, the
    key small beside each; the applicant's page keeps the questions as asked."""
    staff = world["people"]["staff"]
    english(staff)
    client = Client()
    client.force_login(staff)
    application = world["application"]
    page = soup(client.get(reverse("pbcert_applications:review", args=[application.pk])))
    terms = [dt.get_text(" ", strip=True) for dt in page.select("#application_form dt")]
    assert any(t.startswith("Since which year?") or "pb_since" in t for t in terms), terms
    since = next(t for t in terms if t.endswith("pb_since"))
    assert since != "pb_since" and not re.search("[ა-ჰ]", since), since
    questionnaire = [dt.get_text(" ", strip=True) for dt in page.select("#questionnaire dt")]
    assert all(not re.search("[ა-ჰ]", t) for t in questionnaire), questionnaire
    applicant = Client().get(f"/ka/application/{world['token']}/")
    assert "რომელი წლიდან?" in applicant.text


def test_changed_answers_are_named_by_their_question(world):
    case = scenarios.information_requested(
        scenarios.submitted(), unlocked_keys=["general_data", "mechanisms"]
    )
    scenarios.information_answered(
        case, changes={"general_data": "ქალაქი იმერეთში.", "mechanisms": ["e_petitions"]}
    )
    client = Client()
    client.force_login(world["people"]["staff"])
    page = visible(
        client.get(reverse("pbcert_applications:review", args=[case.application.pk])).text
    )
    diffs = [p.get_text(" ", strip=True) for p in page.select("#information .pbcert-diff")]
    labels = {q["key"]: q["label"] for q in case.application.questionnaire.questions if "key" in q}
    assert any(d.startswith(labels["general_data"]) for d in diffs), diffs
    mechanisms = next(d for d in diffs if d.startswith(labels["mechanisms"]))
    assert "ონლაინ გამოკითხვები" in mechanisms and "online_surveys" not in mechanisms


def test_recommendation_criteria_are_chosen_by_name_from_the_evaluation_criteria(world):
    case = scenarios.ready_for_decision()
    client = Client()
    client.force_login(case.people.chair)
    url = reverse("pbcert_applications:record_decision", args=[case.application.pk])
    choices = soup(client.get(url)).select("select[name=rec_0_criterion] option")
    labels = [o.get_text(strip=True) for o in choices]
    evaluation = CallCriterion.objects.filter(call=case.call, stage="evaluation")
    assert [o["value"] for o in choices] == ["", *evaluation.values_list("code", flat=True)]
    assert labels[1:] == list(evaluation.values_list("name_ka", flat=True))
    assert not any("_" in label for label in labels)


def test_the_outbox_names_its_events_and_languages(world):
    client = Client()
    client.force_login(world["people"]["staff"])
    message = OutboxMessage.objects.filter(application=world["application"]).first()
    listing = visible(client.get(reverse("pbcert_outbox:index")).text).get_text(" ")
    assert str(EmailEvent(message.event).label) in listing
    inspect = visible(client.get(reverse("pbcert_outbox:inspect", args=[message.pk])).text)
    values = [dd.get_text(strip=True) for dd in inspect.select("dd")]
    assert message.event not in values and "ka" not in values and "None" not in values
    assert "ქართული" in values


# -- renewals and the consortium's notice ------------------------------------------------


def test_renewals_are_marked_in_the_applications_list(world):
    previous = scenarios.certified_last_year()
    renewal = scenarios.renewing(previous)
    client = Client()
    client.force_login(world["people"]["staff"])
    rows = soup(client.get(reverse("pbcert_applications:index"))).select("tbody tr")
    marked = {
        row.select_one("td a").get_text(strip=True)
        for row in rows
        if row.select_one(".pbcert-badge") and "განახლება" in row.get_text()
    }
    assert renewal.application.reference in marked
    assert world["application"].reference not in marked


def test_the_consortium_is_told_once_when_an_application_is_ready(world):
    case = scenarios.reviewed()
    members = list(case.people.consortium)
    workflow.fire(case.application, "ready_for_consortium", case.people.staff)
    told = OutboxMessage.objects.filter(event="consortium_ready", application=case.application)
    assert sorted(told.values_list("recipient", flat=True)) == sorted(m.email for m in members)
    review_url = reverse("pbcert_applications:review", args=[case.application.pk])
    assert all(review_url in m.body_text for m in told)
    from pbcert_wagtail import notifications

    notifications.to_consortium(case.application)  # a second time: nobody twice
    assert told.count() == len(members)


# -- Georgian: singular after numerals -----------------------------------------------------


def test_georgian_nouns_stay_singular_after_a_number(world):
    with translation.override("ka"):
        assert (
            ngettext("%(count)d contact person", "%(count)d contact people", 3) % {"count": 3}
            == "3 საკონტაქტო პირი"
        )
    for _n in range(2):
        factories.ApplicationFactory(status="questionnaire")
    client = Client()
    client.force_login(world["people"]["staff"])
    count = Application.objects.count()
    text = visible(client.get(reverse("pbcert_applications:index")).text).get_text(" ")
    assert f"{count} განაცხადი" in text and f"{count} განაცხადები" not in text
    english(world["people"]["staff"])
    text = visible(client.get(reverse("pbcert_applications:index")).text).get_text(" ")
    assert f"{count} applications" in text


def test_no_georgian_plural_form_puts_a_plural_noun_after_its_number():
    import polib

    catalogue = polib.pofile(str(ROOT / "pbcert_wagtail/locale/ka/LC_MESSAGES/django.po"))
    number = r"(?:%\(\w+\)[sd]|%[sd]|\{\w*\}|\d+)"
    wrong = [
        entry.msgid
        for entry in catalogue
        if entry.msgid_plural
        for form in entry.msgstr_plural.values()
        if re.search(number + r"\s+[ა-ჰ]+ები\b", form)
    ]
    assert wrong == []


# -- the demo: port, 404, favicon, focus ring ----------------------------------------------


def test_the_site_address_follows_the_demo_port():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "site_settings.settings.dev"}
    env.pop("WAGTAILADMIN_BASE_URL", None)
    code = "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"
    printed = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**env, "PBCERT_PORT": "8101"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert printed.stdout.strip().splitlines()[-1] == "http://127.0.0.1:8101", printed.stderr
    makefile = (ROOT / "Makefile").read_text()
    assert "demo: export PBCERT_PORT = $(PORT)" in makefile
    assert "runserver --noreload $(HOST):$(PORT)" in makefile


def test_demo_links_and_the_site_record_use_the_port(demo, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8101"
    out = io.StringIO()
    call_command("load_initial_data", "--no-sample-application", stdout=out)
    assert "Site: http://127.0.0.1:8101/" in out.getvalue()
    assert "Admin: http://127.0.0.1:8101/admin/" in out.getvalue()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8101)
    assert demo["programme"]["ka"].full_url.startswith("http://127.0.0.1:8101/ka/")
    case = scenarios.applied()
    email = OutboxMessage.objects.get(application=case.application, event="application_received")
    assert "http://127.0.0.1:8101/ka/application/" in email.body_text


@pytest.mark.parametrize("path", ["/ka/no-such-page/", "/en/no.such.page", "/nothing-here.txt"])
def test_our_404_page_with_debug_on(client, demo, settings, path):
    settings.DEBUG = True
    response = client.get(path, follow=True)
    assert response.status_code == 404
    page = soup(response)
    assert page.select_one(".site-header") and page.select_one(".site-footer")
    assert "DEBUG = True" not in response.text and "URLconf" not in response.text
    assert page.select_one("h1").get_text(strip=True) in ("გვერდი ვერ მოიძებნა", "Page not found")


def test_a_missing_application_in_the_admin_is_our_404_with_debug_on(world, settings):
    settings.DEBUG = True
    client = Client()
    client.force_login(world["people"]["staff"])
    response = client.get(reverse("pbcert_applications:review", args=[999999]), follow=True)
    assert response.status_code == 404 and "DEBUG = True" not in response.text
    assert soup(response).select_one(".site-header")


def test_a_missing_page_without_debug_is_still_ours(client, demo):
    response = client.get("/ka/no-such-page/")
    assert response.status_code == 404
    assert soup(response).select_one("h1").get_text(strip=True) == "გვერდი ვერ მოიძებნა"


def test_the_site_has_a_favicon(client, demo):
    page = soup(client.get(demo["home"]["ka"].url))
    icons = [link["href"] for link in page.select('link[rel~="icon"]')]
    assert icons
    for href in icons:
        response = client.get(href)
        assert response.status_code == 200
        assert b"".join(response.streaming_content if response.streaming else [response.content])
    favicon = client.get("/favicon.ico", follow=True)
    assert favicon.status_code == 200
    body = b"".join(favicon.streaming_content) if favicon.streaming else favicon.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file


def relative_luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted([relative_luminance(a), relative_luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_focus_ring_has_at_least_3_to_1_contrast_where_it_is_drawn():
    css = (ROOT / "pbcert_wagtail/static/pbcert_wagtail/css/pbcert.css").read_text()
    colours = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", css))
    assert ":focus-visible { outline: 3px solid var(--focus)" in css
    for background in ("paper", "tint"):
        assert contrast(colours["focus"], colours[background]) >= 3
    assert ".site-header :focus-visible" in css
    assert contrast(colours["focus-on-dark"], colours["ink"]) >= 3  # the header's colour


@pytest.mark.parametrize("declared", [True, None])
def test_a_member_with_a_conflict_or_undeclared_on_it_is_not_told(world, declared):
    case = scenarios.in_review()
    member = case.people.chair
    member.groups.add(*case.people.expert.groups.all())  # also an expert
    scenarios.assign(case, member, conflict=declared)
    scenarios.ready_for_decision(case)
    told = OutboxMessage.objects.filter(event="consortium_ready", application=case.application)
    assert told.exists() and not told.filter(recipient=member.email).exists()


def test_question_keys_are_for_staff_not_for_the_consortium(world):
    """Staff see each question's key (the column name of the exports) beside its label;
    a consortium member reads the same answers by their labels alone."""
    case = scenarios.ready_for_decision(municipality="batumi")
    url = reverse("pbcert_applications:review", args=[case.application.pk])
    keys = {}
    for role, user in (("staff", case.people.staff), ("consortium", case.people.chair)):
        client = Client()
        client.force_login(user)
        page = soup(client.get(url))
        assert page.select("#application_form dt"), role
        keys[role] = [c.text for c in page.select("#application_form dt code")]
    assert "population" in keys["staff"]
    assert keys["consortium"] == []


def test_a_date_inside_a_georgian_sentence_is_inflected_after_the_year():
    """Never "3 თებერვალი 2027-მდე": the year in the genitive, the month in its case."""
    from pbcert_wagtail.georgian import day_in, moment_until

    expected = {  # month: (on, until, from)
        1: ("იანვარს", "იანვრამდე", "იანვრიდან"),
        2: ("თებერვალს", "თებერვლამდე", "თებერვლიდან"),
        3: ("მარტს", "მარტამდე", "მარტიდან"),
        4: ("აპრილს", "აპრილამდე", "აპრილიდან"),
        5: ("მაისს", "მაისამდე", "მაისიდან"),
        6: ("ივნისს", "ივნისამდე", "ივნისიდან"),
        7: ("ივლისს", "ივლისამდე", "ივლისიდან"),
        8: ("აგვისტოს", "აგვისტომდე", "აგვისტოდან"),
        9: ("სექტემბერს", "სექტემბრამდე", "სექტემბრიდან"),
        10: ("ოქტომბერს", "ოქტომბრამდე", "ოქტომბრიდან"),
        11: ("ნოემბერს", "ნოემბრამდე", "ნოემბრიდან"),
        12: ("დეკემბერს", "დეკემბრამდე", "დეკემბრიდან"),
    }
    for month, forms in expected.items():
        day = datetime.date(2027, month, 3)
        for case, form in zip(("on", "until", "from"), forms, strict=True):
            assert day_in(day, case, "ka") == f"2027 წლის 3 {form}"
        assert day_in(day, "until", "en") == day.strftime("3 %B 2027")
    assert day_in(datetime.date(2027, 2, 3), "of", "ka") == "2027 წლის 3 თებერვლის"
    moment = datetime.datetime(2026, 12, 5, 10, 0, tzinfo=datetime.UTC)  # 14:00 in Tbilisi
    assert moment_until(moment, "ka") == "2026 წლის 5 დეკემბრის 14:00-მდე"


def test_no_georgian_translation_glues_a_suffix_to_a_date(world):
    """The old way ("%(date)s-მდე") declines the year, not the date."""
    import polib

    catalogue = polib.pofile("pbcert_wagtail/locale/ka/LC_MESSAGES/django.po")
    dates = ("date", "due", "start", "end", "closes", "until")
    glued = [
        entry.msgid
        for entry in catalogue
        if re.search(
            rf"(%\(({'|'.join(dates)})\)s|\{{({'|'.join(dates)})\}})-(მდე|დან|ს|ზე|ის)",
            entry.msgstr or "",
        )
    ]
    assert glued == []
