"""Who runs the programme: shown in the header and footer, and later in emails and PDFs."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    """The organisation's name and contact details, one set per site.

    Site settings are not translatable, so the texts a visitor reads come in a
    Georgian and an English field; `localized()` picks the visitor's language.
    """

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

    def localized(self, field):
        """The value of `field` in the active language, Georgian when English is empty."""
        language = (get_language() or "ka")[:2]
        value = getattr(self, f"{field}_{language}", "") if language == "en" else ""
        return value or getattr(self, f"{field}_ka", "")

    @property
    def name(self):
        return self.localized("name")

    @property
    def address(self):
        return self.localized("address")
