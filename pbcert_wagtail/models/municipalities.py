"""Georgia's municipalities: master data every application points at."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..i18n import in_language


class Region(models.TextChoices):
    """The nine regions, the capital and the two autonomous republics."""

    TBILISI = "tbilisi", _("Tbilisi")
    ADJARA = "adjara", _("Autonomous Republic of Adjara")
    ABKHAZIA = "abkhazia", _("Autonomous Republic of Abkhazia")
    GURIA = "guria", _("Guria")
    IMERETI = "imereti", _("Imereti")
    KAKHETI = "kakheti", _("Kakheti")
    KVEMO_KARTLI = "kvemo_kartli", _("Kvemo Kartli")
    MTSKHETA_MTIANETI = "mtskheta_mtianeti", _("Mtskheta-Mtianeti")
    RACHA_LECHKHUMI = "racha_lechkhumi", _("Racha-Lechkhumi and Kvemo Svaneti")
    SAMEGRELO = "samegrelo", _("Samegrelo-Zemo Svaneti")
    SAMTSKHE_JAVAKHETI = "samtskhe_javakheti", _("Samtskhe-Javakheti")
    SHIDA_KARTLI = "shida_kartli", _("Shida Kartli")


class MunicipalityKind(models.TextChoices):
    CITY = "city", _("self-governing city")
    COMMUNITY = "community", _("self-governing community")


class MunicipalityQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Municipality(models.Model):
    """One of Georgia's municipalities, named in Georgian and English; `code` is the stable
    option key in application forms, so answers survive spelling fixes of the names."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_ka = models.CharField(_("name (Georgian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=MunicipalityKind.choices)
    region = models.CharField(_("region"), max_length=30, choices=Region.choices)
    official_email = models.EmailField(
        _("official email"),
        blank=True,
        help_text=_(
            "The municipality's own address, kept by staff: reminders go here when no confirmed application names a contact."
        ),
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Only active municipalities can be chosen in application forms."),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name_ka"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.pk and self.code != self.stored_code():
            raise ValidationError(_("A municipality's code cannot be changed."))
        super().save(*args, **kwargs)

    def clean(self):
        """The code never changes: registry addresses and credentials name it."""
        super().clean()
        if self.pk and self.code != self.stored_code():
            raise ValidationError({"code": _("A municipality's code cannot be changed.")})

    def stored_code(self):
        return (
            type(self).objects.filter(pk=self.pk).values_list("code", flat=True).first()
            or self.code
        )

    @property
    def name(self):
        """The name in the active language."""
        return in_language(self, "name")
