"""pbcert_wagtail: a Wagtail plugin for a municipality certification programme."""
