"""Recurring jobs and roles are declared in code and synced after migrate; a database
made before the migrations were squashed is refused with what to do."""

import datetime
import os
import sqlite3
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django_q.models import Schedule

from pbcert_wagtail import roles, schedules

ROOT = Path(__file__).resolve().parent.parent
TBILISI = zoneinfo.ZoneInfo("Asia/Tbilisi")
pytestmark = pytest.mark.django_db


def ours():
    return {s.name: s for s in Schedule.objects.filter(name__startswith=schedules.PREFIX)}


def test_every_job_is_scheduled_as_declared():
    found = ours()
    assert set(found) == {schedules.PREFIX + job.name for job in schedules.JOBS}
    for job in schedules.JOBS:
        schedule = found[schedules.PREFIX + job.name]
        assert schedule.func == job.func
        if job.daily:
            assert schedule.schedule_type == Schedule.DAILY
            assert schedule.next_run.astimezone(TBILISI).strftime("%H:%M") == "09:00"
        else:
            assert (schedule.schedule_type, schedule.minutes) == (
                Schedule.MINUTES,
                job.every_minutes,
            )
    # Every function named exists.
    from django.utils.module_loading import import_string

    for job in schedules.JOBS:
        assert callable(import_string(job.func))


def test_syncing_again_changes_nothing_and_removes_what_code_dropped():
    before = {name: s.next_run for name, s in ours().items()}
    Schedule.objects.create(name=schedules.PREFIX + "an old job", func="x.y", schedule_type="H")
    Schedule.objects.create(name="someone else's job", func="x.y", schedule_type="H")
    schedules.sync_schedules()
    assert {name: s.next_run for name, s in ours().items()} == before
    assert Schedule.objects.filter(name="someone else's job").exists()


def test_changing_the_daily_time_is_one_setting(settings):
    settings.PBCERT = {"DAILY_JOBS_AT": "06:30"}
    schedules.sync_schedules()
    for schedule in ours().values():
        if schedule.schedule_type == Schedule.DAILY:
            local = schedule.next_run.astimezone(TBILISI)
            assert local.strftime("%H:%M") == "06:30"
            assert local - datetime.datetime.now(TBILISI) <= datetime.timedelta(days=1)


def test_next_daily_run_is_later_today_or_tomorrow():
    morning = datetime.datetime(2027, 1, 10, 8, 0, tzinfo=TBILISI)
    evening = datetime.datetime(2027, 1, 10, 21, 0, tzinfo=TBILISI)
    assert schedules.next_daily_run(morning) == datetime.datetime(2027, 1, 10, 9, 0, tzinfo=TBILISI)
    assert schedules.next_daily_run(evening) == datetime.datetime(2027, 1, 11, 9, 0, tzinfo=TBILISI)


def test_roles_have_the_permissions_the_table_gives_them():
    for name, wanted in roles.ROLES.items():
        group = Group.objects.get(name=name)
        have = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert have == set(wanted)


def test_roles_sync_when_another_app_s_permission_comes_later():
    """After a flush, auth recreates permissions app by app; ours may run first."""
    Permission.objects.filter(codename="access_admin").delete()
    roles.sync_roles()
    for name in roles.ROLES:
        assert Group.objects.get(name=name).permissions.filter(codename="access_admin").exists()


def test_a_permission_removed_by_hand_comes_back_on_sync():
    group = Group.objects.get(name=roles.CONSORTIUM)
    group.permissions.remove(Permission.objects.get(codename="record_decision"))
    group.permissions.add(Permission.objects.get(codename="delete_faqentry"))
    roles.sync_roles()
    have = {p.codename for p in group.permissions.all()}
    assert "record_decision" in have and "delete_faqentry" not in have


@pytest.mark.parametrize("old", ["0019_review_suggestion", "0002_applications", None])
def test_a_database_from_before_the_squash_is_refused(tmp_path, old):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE django_migrations (id integer primary key autoincrement, "
            "app varchar(255) NOT NULL, name varchar(255) NOT NULL, applied datetime NOT NULL)"
        )
        if old:
            db.execute(
                "INSERT INTO django_migrations (app, name, applied) "
                f"VALUES ('pbcert', '{old}', '2026-11-30 10:00')"
            )
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    result = subprocess.run(
        # Any migrate asks every app first; contenttypes is quick to migrate.
        [sys.executable, "manage.py", "migrate", "--noinput", "contenttypes"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if old is None:
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode != 0
        assert "before pbcert's migrations were squashed" in result.stderr
        assert "delete the var/ folder" in result.stderr


def test_make_test_stops_on_a_test_database_from_before_the_squash(tmp_path):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the kept test database is a SQLite file")
    path = tmp_path / "old-test.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE django_migrations (app varchar, name varchar, applied datetime)")
        db.execute("INSERT INTO django_migrations VALUES ('pbcert', '0005_questionnaires', 0)")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "tests/test_faq.py"],
        cwd=ROOT,
        env={**os.environ, "PBCERT_TEST_DB": str(path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "Rebuild it: make test PYTEST_ARGS=--create-db" in result.stdout + result.stderr
