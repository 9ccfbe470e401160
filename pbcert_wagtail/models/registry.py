"""The public registry of certified municipalities: a page per site and language whose
routes list the certificates (filtered by year, region and status), each municipality's
certificates year by year, and each certificate by its number."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from .. import conf
from .certificates import Certificate, CertificateState, tbilisi_today
from .municipalities import Municipality, Region
from .pages import NotAtTreeRootMixin


class CertificateRegistryPage(NotAtTreeRootMixin, RoutablePageMixin, Page):
    """Certified municipalities, public: what each certificate says and whether it is
    valid today. A certificate's verification code is not needed here (the registry is
    public); the code only proves a given printed document."""

    intro = RichTextField(_("introduction"), features=conf.get("RICH_TEXT_FEATURES"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types: list = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("certificate registry page")
        verbose_name_plural = _("certificate registry pages")

    def certificates(self):
        return Certificate.objects.select_related("municipality", "call").order_by(
            "-valid_from", "municipality__name_ka"
        )

    @path("")
    def listing(self, request):
        """Every certificate, newest first, filtered by year, region and status."""
        chosen = {key: request.GET.get(key, "") for key in ("year", "region", "status")}
        certificates = self.certificates()
        if chosen["year"].isdigit():
            year = int(chosen["year"])
            certificates = certificates.filter(
                Q(call__year=year) | Q(call__isnull=True, valid_from__year=year)
            )
        if chosen["region"] in Region.values:
            certificates = certificates.filter(municipality__region=chosen["region"])
        if chosen["status"] in CertificateState.values:
            certificates = certificates.in_state(chosen["status"])
        years = sorted(
            set(Certificate.objects.filter(call__isnull=False).values_list("call__year", flat=True))
            | {
                d.year
                for d in Certificate.objects.filter(call__isnull=True).dates("valid_from", "year")
            },
            reverse=True,
        )
        context = {
            **self.get_context(request),
            "certificates": list(certificates),
            "chosen": chosen,
            "years": years,
            "regions": Region.choices,
            "states": CertificateState.choices,
            "today": tbilisi_today(),
        }
        return TemplateResponse(request, "pbcert_wagtail/pages/registry.html", context)

    @path("municipality/<slug:code>/")
    def municipality(self, request, code):
        """One municipality's certificates, year by year."""
        municipality = get_object_or_404(Municipality, code=code)
        certificates = list(self.certificates().filter(municipality=municipality))
        if not certificates:
            raise Http404
        context = {
            **self.get_context(request),
            "municipality": municipality,
            "certificates": certificates,
            **self.representatives_context(municipality),
            **self.badge_context(municipality, certificates),
        }
        return TemplateResponse(request, "pbcert_wagtail/pages/registry_municipality.html", context)

    def representatives_context(self, municipality):
        """Its representatives in the practitioner directory of this language, if any."""
        from .directory import PractitionerDirectoryPage

        directory = PractitionerDirectoryPage.for_locale(self.locale)
        people = municipality.representatives.visible().filter(locale=self.locale)
        if directory is None or not people.exists():
            return {}
        return {
            "representatives": list(people),
            "representatives_url": f"{directory.url}?municipality={municipality.code}",
        }

    def badge_context(self, municipality, certificates):
        """The municipality's badge in the page's language, the HTML to copy it into a
        website, and the permanent address, absolute from SITE_URL (never the request's host)."""
        from .. import badges  # it imports the models

        language = self.locale.language_code
        certificate = badges.choose(certificates)
        with translation.override(language):
            address = reverse("pbcert:registry_municipality", args=[municipality.code])
        return {
            "badge": badges.Badge(certificate, language),
            "badge_snippet": badges.embed_snippet(municipality, language),
            "permanent_address": badges.absolute(address),
        }

    @path("certificate/<str:number>/")
    def certificate(self, request, number):
        """A certificate's public page, by its number."""
        certificate = get_object_or_404(self.certificates(), number=number)
        context = {**self.get_context(request), "certificate": certificate}
        return TemplateResponse(request, "pbcert_wagtail/pages/registry_certificate.html", context)

    def municipality_url(self, municipality):
        return self.url + self.reverse_subpage("municipality", args=[municipality.code])

    def certificate_url(self, certificate):
        return self.url + self.reverse_subpage("certificate", args=[certificate.number])

    def get_sitemap_urls(self, request=None):
        """The registry, each municipality's page and each certificate's page."""
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        certificates = list(self.certificates())
        codes = sorted({c.municipality.code for c in certificates})
        urls += [
            {"location": base + self.reverse_subpage("municipality", args=[code])} for code in codes
        ]
        urls += [
            {"location": base + self.reverse_subpage("certificate", args=[c.number])}
            for c in certificates
        ]
        return urls
