"""Fill Georgian translations into a .po file from a {msgid or (context, msgid): msgstr}
table (dev tool).

Usage: python scripts/fill_po.py path/to/django.po scripts/ka_strings.py
Entries not in the table are left as they are, so the completeness test finds them.
"""

import runpy
import sys

import polib


def main(po_path, table_path):
    table = runpy.run_path(table_path)["KA"]
    catalogue = polib.pofile(po_path)
    catalogue.metadata.update(
        {
            "Project-Id-Version": "pbcert_wagtail",
            "Language": "ka",
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": "nplurals=2; plural=(n != 1);",
        }
    )
    missing = []
    for entry in catalogue:
        key = (entry.msgctxt, entry.msgid) if entry.msgctxt else entry.msgid
        if key in table:
            value = table[key]
            if entry.msgid_plural:
                entry.msgstr_plural = {0: value[0], 1: value[1]}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif not entry.translated():
            missing.append(entry.msgid)
    if "fuzzy" in catalogue.metadata_is_fuzzy or catalogue.metadata_is_fuzzy:
        catalogue.metadata_is_fuzzy = []
    catalogue.save()
    for msgid in missing:
        print("missing:", msgid)


if __name__ == "__main__":
    main(*sys.argv[1:])
