"""Public URLs of the plugin, included inside the site's i18n_patterns."""

app_name = "pbcert"
urlpatterns: list = []
