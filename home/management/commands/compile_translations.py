"""Compile every .po catalogue of the project into .mo, without GNU gettext.

Django's compilemessages needs `msgfmt`, which a fresh machine may lack; polib
(a wagtail-localize dependency) writes the same .mo files.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

import pbcert_wagtail


class Command(BaseCommand):
    help = "Compile the project's .po files into .mo files."

    def handle(self, *args, **options):
        plugin = Path(pbcert_wagtail.__file__).resolve().parent
        roots = [plugin / "locale", plugin / "ka_admin" / "locale"]
        roots += [Path(path) for path in settings.LOCALE_PATHS]
        count = 0
        for root in roots:
            for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
                catalogue = polib.pofile(str(po_path))
                mo_path = po_path.with_suffix(".mo")
                catalogue.save_as_mofile(str(mo_path))
                count += 1
                self.stdout.write(
                    f"{po_path.relative_to(settings.BASE_DIR) if po_path.is_relative_to(settings.BASE_DIR) else po_path}: "
                    f"{catalogue.percent_translated()}% translated"
                )
        self.stdout.write(self.style.SUCCESS(f"Compiled {count} catalogue(s)."))
