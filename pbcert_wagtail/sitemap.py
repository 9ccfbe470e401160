"""The sitemap of a site in every language: Wagtail's own lists only the tree under the
site's root page, and each translation of the home page is a tree of its own."""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap


class PagesInEveryLanguage(Sitemap):
    """Every live, public page under the site's home page and under its translations."""

    def items(self):
        from wagtail.models import Page

        root = self.get_wagtail_site().root_page
        in_every_language = Page.objects.none()
        for home in Page.objects.filter(translation_key=root.translation_key):
            in_every_language |= Page.objects.descendant_of(home, inclusive=True)
        return in_every_language.live().public().order_by("path").defer_streamfields().specific()


def sitemap_view(request):
    return sitemap(request, sitemaps={"pages": PagesInEveryLanguage})
