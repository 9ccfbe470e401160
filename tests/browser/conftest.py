"""A real demo site in a subprocess and a real chromium driven by Playwright.

The server runs `migrate` and `load_initial_data` on its own SQLite file, exactly
as `make demo` does, so these tests see what a visitor sees.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("PBCERT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _require_chromium():
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    message = (
        f"Browser tests need chromium at {CHROMIUM}: install it with "
        "`sudo apt-get install chromium` (or set PBCERT_CHROMIUM)."
    )
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail("CI: " + message, pytrace=False)
    pytest.skip(message)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveSite(str):
    """The base URL of the live site; `.database` is its SQLite file."""

    database: Path
    mail_dir: Path
    env: dict

    def run(self, code):
        """Run Python code against the site's database (manage.py shell); returns stdout."""
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    """Base URL of a freshly built demo site."""
    _require_chromium()
    var_dir = tmp_path_factory.mktemp("browser-site")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_settings.settings.test",
        "DATABASE_URL": f"sqlite:///{var_dir / 'site.sqlite3'}",
        "PBCERT_VAR_DIR": str(var_dir),
        # Sent emails become files the tests can read, as an applicant reads their mail.
        "PBCERT_TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["load_initial_data"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    log = open(var_dir / "server.log", "w")  # noqa: SIM115 - closed at teardown
    server = subprocess.Popen(
        manage + ["runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base_url + "/ka/", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                log.close()
                raise RuntimeError((var_dir / "server.log").read_text()) from None
            time.sleep(0.3)
    site = LiveSite(base_url)
    site.database = var_dir / "site.sqlite3"
    site.mail_dir = var_dir / "mail"
    site.env = env
    yield site
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_in(browser):
    """page_in("ka-GE") opens a tab whose browser language is Georgian."""
    contexts = []

    def open_page(locale="ka-GE"):
        context = browser.new_context(locale=locale, viewport={"width": 1200, "height": 900})
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
