"""Date and time formats of our languages (FORMAT_MODULE_PATH = ["pbcert_wagtail.formats"])."""
