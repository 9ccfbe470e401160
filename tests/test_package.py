"""The plugin installs with `pip install .`, carries its templates, static files and
catalogues, and an installed copy renders certificates with its own fonts from any
working directory."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(folder),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = folder.glob("pbcert_wagtail-*.whl")
    return built


def test_wheel_contains_everything_the_plugin_needs(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = [
        "pbcert_wagtail/apps.py",
        "pbcert_wagtail/migrations/0001_initial.py",
        "pbcert_wagtail/templates/pbcert_wagtail/pages/faq_page.html",
        "pbcert_wagtail/templates/pbcert_wagtail/blocks/video_block.html",
        "pbcert_wagtail/templates/pbcert_wagtail/pdf/certificate.html",
        "pbcert_wagtail/static/pbcert_wagtail/css/pbcert.css",
        "pbcert_wagtail/static/pbcert_wagtail/fonts/NotoSansGeorgian-Regular.ttf",
        "pbcert_wagtail/static/pbcert_wagtail/fonts/NotoSans-Regular.ttf",
        "pbcert_wagtail/static/pbcert_wagtail/fonts/OFL.txt",
        "pbcert_wagtail/locale/ka/LC_MESSAGES/django.po",
        "pbcert_wagtail/ka_admin/locale/ka/LC_MESSAGES/django.po",
        "pbcert_wagtail/ka_admin/jslocale/ka/LC_MESSAGES/djangojs.po",
        "pbcert_wagtail/ka_admin/templates/wagtailadmin/shared/headers/_actions.html",
        "pbcert_wagtail/static/pbcert_wagtail/js/localize_untranslated.js",
        "pbcert_wagtail/credentials/contexts/credentials-v2.jsonld",
        "pbcert_wagtail/credentials/contexts/ob-3.0.3.json",
    ]
    for name in expected:
        assert name in names
    # The plugin never ships the demo site.
    assert not [name for name in names if name.startswith(("home/", "site_settings/", "tests/"))]


RENDER = """
import io, sys, types
import django
django.setup()
import pbcert_wagtail
from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader
from pbcert_wagtail.certificates import pdf

assert pbcert_wagtail.__file__.startswith(sys.argv[1]), pbcert_wagtail.__file__
url = "https://example.org/verify/0123456789ABCDEF/"
context = {
    "certificate": types.SimpleNamespace(number="PB-CERT-2027-003", progress_assessment=""),
    "municipality": types.SimpleNamespace(name_ka="ქუთაისი", name_en="Kutaisi"),
    "programme": types.SimpleNamespace(
        programme_ka="მუნიციპალიტეტის სერტიფიცირება", programme_en="Municipality certification",
        signatories=list),
    "organisation": types.SimpleNamespace(name_ka="", name_en=""),
    "valid_from": {"ka": "1 მარტი 2027", "en": "1 March 2027"},
    "valid_until": {"ka": "29 თებერვალი 2028", "en": "29 February 2028"},
    "recommendations": [], "scores": [], "total": None,
    "url": url, "code": "0123-4567-89AB-CDEF", "qr": pdf.qr_code(url), "fonts": pdf.FONTS,
}
with translation.override("ka"):
    html = render_to_string(pdf.TEMPLATE, context)
reader = PdfReader(io.BytesIO(pdf.html_to_pdf(html)))
fonts = {str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
text = reader.pages[0].extract_text()
assert "ქუთაისი" in text and "ᲛᲣᲜᲘᲪᲘᲞᲐᲚᲘᲢᲔᲢᲘᲡ" in text, text
print(sorted(fonts))
"""


def test_an_installed_copy_renders_with_its_own_fonts_from_another_directory(wheel, tmp_path):
    """xhtml2pdf reads fonts only where it is allowed to, and skips the others silently:
    the installed plugin finds its fonts from its own path, whatever the working directory."""
    target = tmp_path / "site-packages"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(target), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "site_settings.settings.test",
    }
    result = subprocess.run(
        [sys.executable, "-c", RENDER, str(target)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "NotoSansGeorgian-Regular" in result.stdout and "NotoSans-Regular" in result.stdout
