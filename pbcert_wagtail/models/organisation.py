"""Who runs the programme: shown in the header and footer, and later in emails and PDFs."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from ..i18n import in_language


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    """The organisation's name and contact details, one set per site (not translatable, so
    the texts come in ka and en fields; `name` and `address` are in the visitor's language)."""

    name_ka = models.CharField(_("organisation name (Georgian)"), max_length=200, blank=True)
    name_en = models.CharField(_("organisation name (English)"), max_length=200, blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    address_ka = models.TextField(_("address (Georgian)"), blank=True)
    address_en = models.TextField(_("address (English)"), blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("name_ka"), FieldPanel("name_en")], heading=_("Name")),
        MultiFieldPanel([FieldPanel("email"), FieldPanel("phone")], heading=_("Contact")),
        MultiFieldPanel([FieldPanel("address_ka"), FieldPanel("address_en")], heading=_("Address")),
    ]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")

    @property
    def name(self):
        return in_language(self, "name")

    @property
    def address(self):
        return in_language(self, "address")
