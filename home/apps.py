from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The demo site's own app: its home page and demo content."""

    name = "home"
    default_auto_field = "django.db.models.BigAutoField"
