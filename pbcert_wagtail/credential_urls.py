"""The signed credentials' addresses, outside the language prefix (a signed document has
one address whatever the visitor's language): include them at the site's root,

    path("", include("pbcert_wagtail.credential_urls")),

which gives /credentials/status/<number>.json and /credentials/<uid>.json."""

from django.urls import path

from .views import credentials

app_name = "pbcert_credentials"
urlpatterns = [
    path("credentials/status/<int:number>.json", credentials.status_list, name="status_list"),
    path("credentials/<uuid:uid>.json", credentials.credential, name="credential"),
]
