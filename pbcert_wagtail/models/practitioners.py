"""Practitioners a visitor may learn from — programme experts, Participation Academy
alumni, representatives of certified municipalities — and the messages visitors send them
through the site (their address is never shown: the site relays)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..community.confirmation import ConfirmedByVisitor, register
from .municipalities import Region

# Languages a practitioner may speak with a visitor in.
SPOKEN_LANGUAGES = [
    ("ka", _("Georgian")),
    ("en", _("English")),
    ("ru", _("Russian")),
    ("hy", _("Armenian")),
    ("az", _("Azerbaijani")),
]


class LanguagesField(models.CharField):
    """A few language codes, ticked in the admin, kept as ",ka,en," so that
    `languages__contains=",ka,"` finds a speaker on any database."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 60)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if isinstance(value, (list, tuple)):
            return [code for code in value if code]
        return [code for code in (value or "").split(",") if code]

    def get_prep_value(self, value):
        codes = self.to_python(value)
        return f",{','.join(codes)}," if codes else ""

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        known = dict(SPOKEN_LANGUAGES)
        if unknown := [code for code in self.to_python(value) if code not in known]:
            raise ValidationError(_("Unknown language: %(codes)s"), params={"codes": unknown})

    def formfield(self, **kwargs):
        from django import forms

        return forms.MultipleChoiceField(
            choices=SPOKEN_LANGUAGES,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )


class PractitionerKind(models.TextChoices):
    EXPERT = "expert", _("programme expert")
    ALUMNUS = "alumnus", _("Participation Academy alumnus")
    REPRESENTATIVE = "representative", _("representative of a certified municipality")


class PractitionerTopic(TranslatableMixin, models.Model):
    """What practitioners can talk about (a small taxonomy the directory filters by)."""

    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveIntegerField(_("order"), default=0)

    translatable_fields = [TranslatableField("name"), SynchronizedField("order")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("practitioner topic")
        verbose_name_plural = _("practitioner topics")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class PractitionerQuerySet(models.QuerySet):
    def visible(self):
        """Shown in the directory: not hidden by staff, and they agreed to be listed."""
        return self.filter(hidden=False, consent_date__isnull=False)

    def contactable(self):
        return self.visible().filter(accepts_contact=True).exclude(email="")


class Practitioner(TranslatableMixin, models.Model):
    """A person in the practitioner directory. Their `email` is for the relay only: no
    page, response or email to a visitor ever shows it."""

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=PractitionerKind.choices)
    cohort_year = models.PositiveSmallIntegerField(
        _("Academy cohort (year)"),
        null=True,
        blank=True,
        help_text=_("For an alumnus of the Participation Academy."),
    )
    municipality = models.ForeignKey(
        "pbcert.Municipality",
        verbose_name=_("municipality represented"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="representatives",
        help_text=_("For a representative of a certified municipality."),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=30, choices=Region.choices, blank=True)
    topics = models.ManyToManyField(
        PractitionerTopic, verbose_name=_("topics"), blank=True, related_name="practitioners"
    )
    languages = LanguagesField(_("languages spoken"))
    bio = models.TextField(_("short bio"), max_length=1200, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photo_alt = models.CharField(_("photo description (alt text)"), max_length=200, blank=True)
    accepts_contact = models.BooleanField(
        _("accepts messages from visitors"),
        default=False,
        help_text=_("Messages are relayed by the site; the address below is never shown."),
    )
    consent_date = models.DateField(
        _("consent given on"),
        null=True,
        blank=True,
        help_text=_("The day they agreed to be listed. Without it they are not shown."),
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Hidden practitioners are not shown anywhere.")
    )
    email = models.EmailField(
        _("email (never shown)"),
        blank=True,
        help_text=_("Where relayed messages go. Only staff see it."),
    )

    objects = PractitionerQuerySet.as_manager()

    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("organisation"),
        TranslatableField("bio"),
        TranslatableField("photo_alt"),
        *(
            SynchronizedField(field)
            for field in (
                "kind",
                "cohort_year",
                "municipality",
                "region",
                "languages",
                "photo",
                "accepts_contact",
                "consent_date",
                "consent_recorded_by",
                "hidden",
                "email",
            )
        ),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("practitioner")
        verbose_name_plural = _("practitioners")
        ordering = ["name", "pk"]
        permissions = [("see_practitioner_email", _("Can see a practitioner's email"))]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.kind == PractitionerKind.ALUMNUS and not self.cohort_year:
            errors["cohort_year"] = _("Give the year of the Academy cohort.")
        if self.kind == PractitionerKind.REPRESENTATIVE and not self.municipality_id:
            errors["municipality"] = _("Choose the municipality they represent.")
        if self.accepts_contact and not self.email:
            errors["email"] = _("Messages need an address to go to.")
        if self.photo_id and not self.photo_alt:
            errors["photo_alt"] = _("Describe the photo for those who cannot see it.")
        if errors:
            raise ValidationError(errors)

    @property
    def kind_line(self):
        """ "Participation Academy alumnus, 2024", "representative of a certified
        municipality: Telavi" — what the directory shows under the name."""
        from ..i18n import current_language, in_language

        label = self.get_kind_display()
        if self.kind == PractitionerKind.ALUMNUS and self.cohort_year:
            return f"{label}, {self.cohort_year}"
        if self.kind == PractitionerKind.REPRESENTATIVE and self.municipality_id:
            return f"{label}: {in_language(self.municipality, 'name', current_language())}"
        return label

    def copies(self):
        """This practitioner in every language (what hiding or stopping applies to)."""
        return Practitioner.objects.filter(translation_key=self.translation_key)

    def in_locale(self, locale):
        return self.copies().filter(locale=locale).first() or self


class ContactRequestState(models.TextChoices):
    WAITING = "waiting", _("waiting for the visitor to confirm")
    RELAYED = "relayed", _("relayed to the practitioner")
    NOT_RELAYED = "not_relayed", _("not relayed (no longer accepting, or over a limit)")


class ContactRequest(ConfirmedByVisitor):
    """A visitor's message to a practitioner: relayed (community/relay.py) only once the
    visitor confirmed their own address, with Reply-To them. Staff see who wrote to whom
    and when, for abuse handling; the message only if the practitioner reported it."""

    practitioner = models.ForeignKey(
        Practitioner,
        verbose_name=_("practitioner"),
        on_delete=models.CASCADE,
        related_name="contact_requests",
    )
    name = models.CharField(_("visitor's name"), max_length=150)
    message = models.TextField(_("message"), max_length=4000)
    consent_to_share = models.BooleanField(_("agreed to pass their address on"), default=False)
    sender_network = models.CharField(max_length=64, blank=True, editable=False)
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=ContactRequestState.choices,
        default=ContactRequestState.WAITING,
    )
    relayed_at = models.DateTimeField(_("relayed"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported as abuse"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("personal data removed"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.practitioner} · {self.created_at:%Y-%m-%d}"

    def confirmation_purpose(self):
        practitioner = self.practitioner
        return _("your message to %(name)s (%(kind)s)") % {
            "name": practitioner.name,
            "kind": practitioner.kind_line,
        }

    def confirmed_text(self):
        from ..community import relay

        return relay.confirmed_text(self)

    def on_confirmed(self):
        from ..community import relay

        relay.relay(self)


register(ContactRequest)
