"""The plugin installs with `pip install .` and carries its templates, static files and catalogues."""

import subprocess
import sys
import zipfile
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_wheel_contains_everything_the_plugin_needs(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("pbcert_wagtail-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = [
        "pbcert_wagtail/apps.py",
        "pbcert_wagtail/migrations/0001_initial.py",
        "pbcert_wagtail/templates/pbcert_wagtail/pages/faq_page.html",
        "pbcert_wagtail/templates/pbcert_wagtail/blocks/video_block.html",
        "pbcert_wagtail/static/pbcert_wagtail/css/pbcert.css",
        "pbcert_wagtail/static/pbcert_wagtail/fonts/NotoSansGeorgian-Regular.ttf",
        "pbcert_wagtail/static/pbcert_wagtail/fonts/OFL.txt",
        "pbcert_wagtail/locale/ka/LC_MESSAGES/django.po",
        "pbcert_wagtail/ka_admin/locale/ka/LC_MESSAGES/django.po",
        "pbcert_wagtail/ka_admin/jslocale/ka/LC_MESSAGES/djangojs.po",
        "pbcert_wagtail/ka_admin/templates/wagtailadmin/shared/headers/_actions.html",
        "pbcert_wagtail/static/pbcert_wagtail/js/localize_untranslated.js",
    ]
    for name in expected:
        assert name in names
    # The plugin never ships the demo site.
    assert not [name for name in names if name.startswith(("home/", "site_settings/", "tests/"))]
