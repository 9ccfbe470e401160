from django.apps import AppConfig


class KaAdminConfig(AppConfig):
    """Only catalogues: see the package docstring."""

    name = "pbcert_wagtail.ka_admin"
    label = "pbcert_ka_admin"
    verbose_name = "Georgian for the Wagtail admin"

    def ready(self):
        from . import checks  # noqa: F401
