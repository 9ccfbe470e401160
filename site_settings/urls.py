"""URLs of the demo site: admin and documents unprefixed, pages under /ka/ and /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.staticfiles.storage import staticfiles_storage
from django.shortcuts import redirect
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from pbcert_wagtail import urls as pbcert_urls
from pbcert_wagtail.sitemap import sitemap_view
from pbcert_wagtail.views.did import did_document

# Our 400 and 403 pages, in the visitor's language and the site's layout (and
# CSRF_FAILURE_VIEW in the settings for a form whose CSRF check failed).
handler400 = "pbcert_wagtail.views.errors.bad_request"
handler403 = "pbcert_wagtail.views.errors.permission_denied"


def favicon(request):
    """Browsers ask for /favicon.ico whatever a page links: the site's icon."""
    return redirect(staticfiles_storage.url("pbcert_wagtail/img/favicon.ico"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap_view),  # every page in both languages, registry routes included
    # The credentials' issuer (did:web): its public keys, outside the language prefix.
    path(".well-known/did.json", did_document, name="did_document"),
    # Signed credentials and revocation status lists: one address in every language.
    path("", include("pbcert_wagtail.credential_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("", include(pbcert_urls)),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
