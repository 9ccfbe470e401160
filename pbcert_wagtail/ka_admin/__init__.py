"""Georgian for Wagtail's and Django's own admin strings (Wagtail's catalogue has almost
none): an app of its own, listed before the Wagtail apps so its catalogue wins, whose
.po is built by scripts/build_ka_admin_po.py from their msgids — never by makemessages,
which would mark every foreign msgid obsolete."""
