"""Settings: production refuses to start half-configured; SQLite waits instead of failing."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections, transaction

ROOT = Path(settings.BASE_DIR)
LONG_SECRET = "x7!Kq2#pLm9$Vb4&Zt6^Wn8*Rd3(Hs5)Fj1_Gc0+Ye2=Ua7-Ox9"


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "site_settings.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "env, message",
    [
        ({"SECRET_KEY": "", "ALLOWED_HOSTS": "pb.example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": LONG_SECRET, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        (
            {
                "SECRET_KEY": LONG_SECRET,
                "ALLOWED_HOSTS": "pb.example.org",
                "WAGTAILADMIN_BASE_URL": "http://pb.example.org",
            },
            "WAGTAILADMIN_BASE_URL",
        ),
    ],
)
def test_production_refuses_to_start_without(env, message):
    result = manage("check", env=env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_passes_check_deploy_without_warnings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "SECRET_KEY": LONG_SECRET,
            "ALLOWED_HOSTS": "pb.example.org",
            "WAGTAILADMIN_BASE_URL": "https://pb.example.org",
            "PBCERT_ISSUER_DID": "did:web:pb.example.org",
            "PBCERT_ISSUER_KEY": (ROOT / "tests/data/vc/issuer-key-for-tests.txt")
            .read_text()
            .split()[-1],
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_sqlite_runs_in_wal_mode_with_immediate_transactions():
    from site_settings.settings.base import database_from_env

    config = database_from_env()
    if config["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("DATABASE_URL selects another database")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_database_url_selects_postgresql(monkeypatch):
    from site_settings.settings.base import database_from_env

    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example.org:5433/pbcert")
    config = database_from_env()
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example.org", 5433, "pbcert")


def test_concurrent_sqlite_writers_wait_instead_of_failing(tmp_path, django_db_blocker):
    """Read-then-write transactions from several threads on a file database all succeed."""
    from site_settings.settings.base import database_from_env

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite only")
    alias = "concurrency"
    config = database_from_env()
    config["NAME"] = str(tmp_path / "concurrency.sqlite3")
    connections.settings[alias] = connections.settings["default"] | config | {"TEST": {}}
    errors = []

    def setup():
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE counter (n integer)")
            cursor.execute("INSERT INTO counter VALUES (0)")
        connections[alias].close()

    def increment():
        try:
            for _ in range(5):
                with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                    cursor.execute("SELECT n FROM counter")
                    (value,) = cursor.fetchone()
                    time.sleep(0.005)
                    cursor.execute("UPDATE counter SET n = %s", [value + 1])
        except Exception as error:  # noqa: BLE001 - the test reports every failure
            errors.append(error)
        finally:
            connections[alias].close()

    try:
        django_db_blocker.unblock()
        setup()
        threads = [threading.Thread(target=increment) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT n FROM counter")
            assert cursor.fetchone() == (20,)
        assert errors == []
    finally:
        connections[alias].close()
        del connections.settings[alias]
        django_db_blocker.restore()
