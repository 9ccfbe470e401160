"""Listing columns Wagtail lacks."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column


class YesNoColumn(Column):
    """A boolean field as "Yes"/"No" in the reader's language (Wagtail's listings show
    Python's True/False, and its BooleanColumn's icons are titled in English)."""

    def get_value(self, instance):
        return _("Yes") if super().get_value(instance) else _("No")
