"""Build the Georgian catalogues of Wagtail's and Django's admin strings.

Usage: .venv/bin/python scripts/build_ka_admin_po.py

Reads every msgid (with its context and plural form, exactly as theirs) from the English
catalogues of Wagtail, wagtail-localize, Django's contrib apps and the other admin
packages installed in the virtualenv, takes our Georgian from scripts/ka_admin/*.py
(`KA_ADMIN` dicts for the server's strings, `KA_ADMIN_JS` for the JavaScript's: a msgid,
or (context, msgid), to a translation, or to (singular, plural) for plurals; Django's own
Georgian is kept unless a `KA_OVER_DJANGO` dict replaces it), and writes
pbcert_wagtail/ka_admin/locale/ka/LC_MESSAGES/django.po and
pbcert_wagtail/ka_admin/jslocale/ka/LC_MESSAGES/djangojs.po with the translated entries.
After upgrading Wagtail, run it again: it lists translations whose msgid is gone, and
tests/test_georgian.py names the msgids our screens now meet without Georgian.
"""

import glob
import runpy
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "pbcert_wagtail" / "ka_admin"
SOURCES = ["wagtail/**", "wagtail_localize/**", "django/contrib/*", "django/conf", "axes", "taggit"]
# domain: (the dict name in scripts/ka_admin/*.py, where the catalogue goes)
DOMAINS = {
    "django": ("KA_ADMIN", APP / "locale" / "ka" / "LC_MESSAGES" / "django.po"),
    "djangojs": ("KA_ADMIN_JS", APP / "jslocale" / "ka" / "LC_MESSAGES" / "djangojs.po"),
}


def site_packages():
    return Path(next(p for p in sys.path if p.endswith("site-packages")))


def foreign_entries(domain):
    """(context, msgid) -> the entry of every foreign English catalogue of the domain."""
    entries = {}
    for source in SOURCES:
        pattern = str(site_packages() / source / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po")
        for path in sorted(glob.glob(pattern, recursive=True)):
            for entry in polib.pofile(path):
                entries.setdefault((entry.msgctxt or "", entry.msgid), entry)
    return entries


def django_georgian(domain):
    """(context, msgid) of what Django's Georgian translates for forms and sign-in (its
    catalogues the admin loads): theirs is kept, so a form error reads the same in the
    admin as everywhere else."""
    keys = set()
    for pattern in ("django/conf", "django/contrib/auth"):
        path = site_packages() / pattern / "locale" / "ka" / "LC_MESSAGES" / f"{domain}.po"
        for found in sorted(glob.glob(str(path))):
            keys |= {(e.msgctxt or "", e.msgid) for e in polib.pofile(found) if e.translated()}
    return keys


def our_translations(name):
    table = {}
    for part in sorted((ROOT / "scripts" / "ka_admin").glob("*.py")):
        for key, value in runpy.run_path(str(part)).get(name, {}).items():
            table[key if isinstance(key, tuple) else ("", key)] = value
    return table


def build(domain):
    name, out = DOMAINS[domain]
    foreign, table = foreign_entries(domain), our_translations(name)
    table = {key: value for key, value in table.items() if key not in django_georgian(domain)}
    if domain == "django":
        table |= our_translations("KA_OVER_DJANGO")
    catalogue = polib.POFile()
    catalogue.metadata = {
        "Project-Id-Version": "pbcert_wagtail ka_admin",
        "Language": "ka",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    gone = []
    for (context, msgid), value in sorted(table.items()):
        source = foreign.get((context, msgid))
        if source is None:
            gone.append(msgid)
            continue
        entry = polib.POEntry(msgctxt=source.msgctxt, msgid=msgid, msgid_plural=source.msgid_plural)
        if source.msgid_plural:
            singular, plural = value if isinstance(value, tuple) else (value, value)
            entry.msgstr_plural = {0: singular, 1: plural}
        else:
            entry.msgstr = value if isinstance(value, str) else value[0]
        entry.flags = [flag for flag in source.flags if flag.endswith("-format")]
        catalogue.append(entry)
    out.parent.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(out))
    print(f"{out.relative_to(ROOT)}: {len(catalogue)} of {len(foreign)} entries")
    for msgid in gone:
        print("no longer in Wagtail or Django:", msgid)


def main():
    for domain in DOMAINS:
        build(domain)


if __name__ == "__main__":
    main()
