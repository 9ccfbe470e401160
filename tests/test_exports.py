"""Staff listing filters and spreadsheet exports of a call's applications."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pbcert_wagtail import exports
from pbcert_wagtail.models import Application, CertificationCall

from . import scenarios
from .conftest import body
from .factories import ApplicationFactory, MunicipalityFactory, QuestionnaireResponseFactory

pytestmark = pytest.mark.django_db

C1_QUESTIONS = [
    {"key": "municipality", "type": "municipality", "label": "მუნიციპალიტეტი"},
    {"key": "motivation", "type": "long_text", "label": "მოტივაცია"},
    {
        "key": "pb_running",
        "type": "single_choice",
        "label": "PB?",
        "options": [{"key": "yes", "label": "დიახ"}, {"key": "no", "label": "არა"}],
    },
]
OLD_VERSION = C1_QUESTIONS + [{"key": "old_question", "type": "short_text", "label": "ძველი"}]


def make(n, **kwargs):
    call = CertificationCall.objects.current()
    made = []
    for i in range(n):
        made.append(
            ApplicationFactory(
                call=call,
                municipality=MunicipalityFactory(),
                questions=OLD_VERSION if i == 0 else C1_QUESTIONS,
                answers={
                    "motivation": '=HYPERLINK("http://evil.example")'
                    if i == 0
                    else f"მოტივაცია {i}\x0bახალი ხაზი",
                    "pb_running": "yes",
                    **({"old_question": "ძველი პასუხი"} if i == 0 else {}),
                },
                **kwargs,
            )
        )
    return made


def parse_csv(content):
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_csv_has_a_bom_every_key_and_escaped_formulas(english_admin, demo):
    apps = make(3)
    QuestionnaireResponseFactory(
        application=apps[1],
        questions=[
            {
                "key": "activity_plan",
                "type": "table",
                "label": "გეგმა",
                "columns": [
                    {"key": "activity", "label": "აქტივობა"},
                    {"key": "period", "label": "პერიოდი"},
                ],
            }
        ],
        answers={"activity_plan": [{"activity": "შეხვედრა", "period": "2020 წლის შემოდგომა"}]},
    )
    response = english_admin.get("/admin/pbcert_applications/export/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    table = parse_csv(body(response))
    header = table[0]
    assert {"C1: motivation", "C1: pb_running", "C1: old_question", "Q: activity_plan"} <= set(
        header
    )
    assert len(table) == 4
    by_reference = {row[0]: dict(zip(header, row, strict=True)) for row in table[1:]}
    first = by_reference[apps[0].reference]
    assert first["C1: motivation"].startswith("'=HYPERLINK")
    assert first["C1: old_question"] == "ძველი პასუხი"
    assert first["C1: pb_running"] == "დიახ"
    second = by_reference[apps[1].reference]
    assert "2020 წლის შემოდგომა" in second["Q: activity_plan"]


def test_xlsx_survives_control_characters(english_admin, demo):
    make(2)
    response = english_admin.get("/admin/pbcert_applications/export/?format=xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    rows = list(workbook.active.iter_rows(values_only=True))
    header = rows[0]
    column = header.index("C1: motivation")
    values = [row[column] for row in rows[1:]]
    assert "მოტივაცია 1ახალი ხაზი" in values
    assert any(value.startswith("'=") for value in values)


def test_exports_and_listing_make_a_bounded_number_of_queries(english_admin, demo):
    make(5)
    counts = {}
    for n in (5, 200):
        if n == 200:
            make(195)
        for url in (
            "/admin/pbcert_applications/export/?format=csv",
            "/admin/pbcert_applications/export/?format=xlsx",
            "/admin/pbcert_applications/",
        ):
            body(english_admin.get(url))
            with CaptureQueriesContext(connection) as queries:
                response = english_admin.get(url)
                body(response)  # a streamed export queries while it is read
            assert response.status_code == 200
            counts.setdefault(url, []).append(len(queries))
    for url, (few, many) in counts.items():
        assert few == many, f"{url}: {few} queries with 5 applications, {many} with 200"
    assert Application.objects.count() >= 200


@pytest.mark.parametrize("state, expected", [("draft", 1), ("submitted", 1), ("overdue", 0)])
def test_listing_filters_by_questionnaire_state_and_region(english_admin, demo, state, expected):
    filling, done = make(2)
    scenarios.questionnaire_open(filling)
    scenarios.submitted(done)
    html = english_admin.get(
        f"/admin/pbcert_applications/?questionnaire_state={state}"
    ).content.decode()
    shown = [a for a in (filling, done) if a.reference in html]
    assert len(shown) == expected
    region = filling.municipality.region
    html = english_admin.get(f"/admin/pbcert_applications/?region={region}").content.decode()
    assert filling.reference in html


def test_safe_cell():
    assert exports.safe_cell("=1+1") == "'=1+1"
    assert exports.safe_cell("-5") == "'-5"
    assert exports.safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert exports.safe_cell("ქართული") == "ქართული"
    assert exports.safe_cell(None) == ""


def test_a_hidden_formula_behind_a_control_character_is_escaped(english_admin, demo):
    ApplicationFactory(
        municipality=MunicipalityFactory(),
        questions=C1_QUESTIONS,
        answers={"motivation": '\x01=HYPERLINK("http://evil.example")'},
    )
    response = english_admin.get("/admin/pbcert_applications/export/?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
    rows = list(sheet.iter_rows())
    column = [c.value for c in rows[0]].index("C1: motivation")
    cell = rows[1][column]
    assert cell.data_type != "f"
    assert cell.value.startswith("'=")


def test_a_key_that_changed_type_between_versions_still_exports(english_admin, demo):
    table_version = [
        {
            "key": "plan",
            "type": "table",
            "label": "გეგმა",
            "columns": [{"key": "activity", "label": "აქტივობა"}],
        }
    ]
    text_version = [{"key": "plan", "type": "long_text", "label": "გეგმა"}]
    for questions, value in ((table_version, [{"activity": "შეხვედრა"}]), (text_version, "ტექსტი")):
        QuestionnaireResponseFactory(
            application=ApplicationFactory(municipality=MunicipalityFactory()),
            questions=questions,
            answers={"plan": value},
        )
    table = parse_csv(body(english_admin.get("/admin/pbcert_applications/export/?format=csv")))
    column = table[0].index("Q: plan")
    values = sorted(row[column] for row in table[1:])
    assert values == sorted(["აქტივობა: შეხვედრა", "ტექსტი"])


def test_export_follows_the_listing_filters(english_admin, demo):
    make(3)
    table = parse_csv(
        body(english_admin.get("/admin/pbcert_applications/export/?format=csv&status=declined"))
    )
    assert len(table) == 1  # the header only
    assert (
        english_admin.get("/admin/pbcert_applications/export/?format=csv&call=²").status_code == 200
    )


def test_export_headers_follow_the_admin_language(admin_client, demo):
    make(1)
    table = parse_csv(body(admin_client.get("/admin/pbcert_applications/export/?format=csv")))
    assert "მუნიციპალიტეტი" in table[0]
    assert "შეწონილი საშუალო" in table[0]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_wagtail_s_own_export_goes_to_our_exporter(english_admin, demo, kind):
    """The listing's `?export=` gives the same file as the export buttons: a BOM, formulas
    escaped, a column per question key — not Wagtail's plain export."""
    ApplicationFactory(contact_email="=HYPERLINK(1)@example.org")
    ours = english_admin.get(f"/admin/pbcert_applications/export/?format={kind}")
    wagtail = english_admin.get(f"/admin/pbcert_applications/?export={kind}")
    assert wagtail.status_code == 200
    assert wagtail["Content-Disposition"] == ours["Content-Disposition"]
    if kind == "csv":
        assert wagtail.streaming  # streamed, row by row
        table = parse_csv(body(wagtail))
        assert table == parse_csv(body(ours))
        assert any(cell.startswith("'=") for row in table for cell in row)
    else:
        header = next(
            openpyxl.load_workbook(io.BytesIO(body(wagtail))).active.iter_rows(values_only=True)
        )
        assert "C1: municipality" in header
