"""Listing columns Wagtail lacks."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column


class YesNoColumn(Column):
    """A boolean field as "Yes"/"No" in the reader's language (Wagtail's listings show
    Python's True/False, and its BooleanColumn's icons are titled in English)."""

    def get_value(self, instance):
        return _("Yes") if super().get_value(instance) else _("No")


class BadgeColumn(Column):
    """A short word in a badge when `test(instance)` holds, nothing otherwise: e.g. the
    applications that renew a certificate."""

    cell_template_name = "pbcert_wagtail/admin/tables/badge_cell.html"

    def __init__(self, name, word, test, **kwargs):
        self.word, self.test = word, test
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        return self.word if self.test(instance) else ""
