from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PbcertConfig(AppConfig):
    """The plugin's app config; its label `pbcert` names tables and permissions."""

    name = "pbcert_wagtail"
    label = "pbcert"
    verbose_name = _("Municipality certification")
    default_auto_field = "django.db.models.BigAutoField"
