"""Municipalities, calls, reference numbers, question keys and number parsing."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from pbcert_wagtail.forms import FlexibleDecimalField
from pbcert_wagtail.models import CertificationCall, Municipality, ReferenceCounter
from pbcert_wagtail.models.applications import allocate_reference
from pbcert_wagtail.question_blocks import QuestionStreamBlock

from .factories import CertificationCallFactory


@pytest.mark.django_db
class TestMunicipalities:
    def test_all_of_georgias_municipalities_are_loaded(self):
        active = Municipality.objects.active()
        assert active.count() == 64
        assert active.filter(kind="city").count() == 5
        assert set(active.values_list("region", flat=True)) == {
            "tbilisi",
            "adjara",
            "guria",
            "imereti",
            "kakheti",
            "kvemo_kartli",
            "mtskheta_mtianeti",
            "racha_lechkhumi",
            "samegrelo",
            "samtskhe_javakheti",
            "shida_kartli",
        }
        assert Municipality.objects.filter(region="abkhazia", active=False).count() == 7
        kutaisi = Municipality.objects.get(code="kutaisi")
        assert (kutaisi.name_ka, kutaisi.name_en, kutaisi.kind) == ("ქუთაისი", "Kutaisi", "city")

    def test_the_2019_certified_municipalities_exist(self):
        names = [
            "Sighnaghi",
            "Ozurgeti",
            "Gori",
            "Tskaltubo",
            "Zugdidi",
            "Kutaisi",
            "Batumi",
            "Akhaltsikhe",
        ]
        assert Municipality.objects.filter(name_en__in=names).count() == 8

    def test_staff_manage_municipalities_in_the_admin(self, admin_client):
        assert admin_client.get("/admin/municipality/?region=imereti").status_code == 200


@pytest.mark.django_db
class TestCalls:
    def call(self, **dates):
        base = {
            "year": 2090,
            "opens_at": datetime.date(2090, 1, 15),
            "closes_at": datetime.date(2090, 3, 31),
            "questionnaire_due": datetime.date(2090, 5, 15),
            "results_at": datetime.date(2090, 6, 30),
        }
        return CertificationCall(**{**base, **dates})

    def test_dates_must_be_in_order(self):
        with pytest.raises(ValidationError) as error:
            self.call(closes_at=datetime.date(2090, 1, 1)).full_clean()
        assert "closes_at" in error.value.message_dict

    def test_calls_may_not_overlap(self):
        self.call().save()
        with pytest.raises(ValidationError) as error:
            self.call(
                year=2091,
                opens_at=datetime.date(2090, 6, 1),
                closes_at=datetime.date(2090, 7, 1),
                questionnaire_due=datetime.date(2090, 8, 1),
                results_at=datetime.date(2090, 9, 1),
            ).full_clean()
        assert "opens_at" in error.value.message_dict

    def test_current_and_next_call(self):
        CertificationCall.objects.all().delete()
        call = self.call()
        call.save()
        assert CertificationCall.objects.current(datetime.date(2090, 2, 1)) == call
        assert CertificationCall.objects.current(datetime.date(2090, 4, 1)) is None
        assert CertificationCall.objects.next(datetime.date(2089, 12, 1)) == call
        assert CertificationCall.objects.next(datetime.date(2090, 2, 1)) is None

    def test_admin_shows_a_clear_error_for_dates_out_of_order(self, admin_client):
        response = admin_client.post(
            "/admin/certificationcall/new/",
            {
                "year": 2095,
                "opens_at": "2095-03-01",
                "closes_at": "2095-02-01",
                "questionnaire_due": "2095-05-01",
                "results_at": "2095-06-01",
                "note": "",
                "note_en": "",
            },
        )
        assert response.status_code == 200
        assert "განაცხადის ბოლო დღე ვერ იქნება მიღების დაწყებამდე." in response.content.decode()
        assert not CertificationCall.objects.filter(year=2095).exists()

    def test_a_call_with_applications_cannot_be_deleted(self, demo):
        from django.db.models import ProtectedError

        from .factories import ApplicationFactory

        application = ApplicationFactory(call=CertificationCallFactory())
        with pytest.raises(ProtectedError):
            application.call.delete()


@pytest.mark.parametrize(
    "typed, number",
    [
        ("41 465", "41465"),
        ("41\u00a0465", "41465"),
        ("65,8", "65.8"),
        ("41,465", "41465"),
        ("41,465.5", "41465.5"),
        ("1.5", "1.5"),
        ("-3", "-3"),
        ("0", "0"),
    ],
)
def test_numbers_are_read_the_way_people_write_them(typed, number):
    from decimal import Decimal

    assert FlexibleDecimalField(required=False).clean(typed) == Decimal(number)


@pytest.mark.parametrize("typed", ["ორმოცი", "1,2,3", "NaN", "Infinity", "1e999999"])
def test_not_numbers_are_refused(typed):
    with pytest.raises(ValidationError):
        FlexibleDecimalField(required=False).clean(typed)


def question(key, kind="short_text"):
    return {
        "type": kind,
        "value": {
            "key": key,
            "label": "კითხვა",
            "help_text": "",
            "required": True,
            "max_length": 100,
        },
    }


@pytest.mark.parametrize("key", ["Pb", "1st", "with space", "ქართული", "a" * 41, ""])
def test_question_keys_must_be_short_ascii(key):
    block = QuestionStreamBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python([question(key)]))


ESSENTIAL = [
    {
        "type": "municipality",
        "value": {"key": "municipality", "label": "მ", "help_text": "", "required": True},
    },
    {
        "type": "contacts",
        "value": {
            "key": "contacts",
            "label": "კ",
            "help_text": "",
            "required": True,
            "max_rows": 2,
        },
    },
]


def test_question_keys_must_be_unique():
    block = QuestionStreamBlock()
    with pytest.raises(ValidationError):
        block.clean(
            block.to_python(
                ESSENTIAL + [question("motivation"), question("motivation", "long_text")]
            )
        )
    assert block.clean(block.to_python(ESSENTIAL + [question("motivation"), question("pb_since")]))


@pytest.mark.parametrize("key", ["csrfmiddlewaretoken", "sent"])
def test_reserved_keys_are_refused(key):
    block = QuestionStreamBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python(ESSENTIAL + [question(key)]))


@pytest.mark.parametrize("drop", ["municipality", "contacts"])
def test_a_form_needs_exactly_one_municipality_and_one_contacts_question(drop):
    block = QuestionStreamBlock()
    stream = [q for q in ESSENTIAL if q["type"] != drop]
    with pytest.raises(ValidationError):
        block.clean(block.to_python(stream))
    with pytest.raises(ValidationError):
        block.clean(block.to_python(ESSENTIAL + [q for q in ESSENTIAL if q["type"] == drop]))


def test_municipality_and_contacts_are_required_whatever_the_editor_ticked():
    from pbcert_wagtail.forms import question_specs

    stream = [dict(q, value={**q["value"], "required": False}) for q in ESSENTIAL]
    specs = question_specs(QuestionStreamBlock().to_python(stream))
    assert [spec.required for spec in specs] == [True, True]


@pytest.mark.django_db
def test_a_long_georgian_label_works(client, demo):
    """A 300+ character Georgian label: stored in the page, answers keyed by a short key."""
    from pbcert_wagtail.models import Application

    from .factories import ApplicationFormPageFactory, c1_questions
    from .scenarios import c1_post

    label = "ძალიან გრძელი კითხვა სამოქალაქო ბიუჯეტის შესახებ " * 8
    assert len(label) > 300
    raw = c1_questions("ka")
    raw.insert(1, question("long_label_question") | {"id": "long-label"})
    raw[1]["value"]["label"] = label
    page = ApplicationFormPageFactory(questions=raw)
    response = client.post(page.url, c1_post(long_label_question="პასუხი"))
    assert response.status_code == 302, response.content.decode()[:500]
    application = Application.objects.get()
    assert application.answers["long_label_question"] == "პასუხი"
    assert any(q.get("label") == label for q in application.questions)


def test_concurrent_reference_numbers_are_distinct(tmp_path, django_db_blocker):
    """Eight threads, each with its own connection, allocate at once.

    On SQLite: a file database of its own (the test database is held by the test
    transaction). On PostgreSQL: the test database, outside any test transaction.
    """
    year = 2999
    alias = "references"
    config = dict(connections["default"].settings_dict) | {"TEST": {}}
    sqlite = config["ENGINE"] == "django.db.backends.sqlite3"
    if sqlite:
        config["NAME"] = str(tmp_path / "references.sqlite3")
    elif not str(config["NAME"]).startswith("test_"):
        pytest.skip("needs the test database: run it with the rest of the suite")
    connections.settings[alias] = config
    numbers, errors = [], []
    barrier = threading.Barrier(8)

    def allocate():
        try:
            barrier.wait(timeout=10)
            for _ in range(5):
                numbers.append(allocate_reference(year, using=alias))
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections[alias].close()

    with django_db_blocker.unblock():
        try:
            if sqlite:
                with connections[alias].schema_editor() as editor:
                    editor.create_model(ReferenceCounter)
            threads = [threading.Thread(target=allocate) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert errors == []
            assert len(set(numbers)) == 40
            assert sorted(numbers) == [f"PB-{year}-{n:03d}" for n in range(1, 41)]
        finally:
            ReferenceCounter.objects.using(alias).filter(year=year).delete()
            connections[alias].close()
            del connections.settings[alias]
