"""An inspect view whose facts read as words: a language named, times in the site's time
zone (as in the lists), "—" for what is not there yet (never "None")."""

import datetime

from django.conf import settings
from django.utils import formats, timezone
from wagtail.admin.views import generic


class InspectInWords(generic.InspectView):
    def get_field_display_value(self, field_name, field):
        if field is None:
            return super().get_field_display_value(field_name, field)
        value = getattr(self.object, field_name)
        if field_name == "language":
            return dict(settings.LANGUAGES).get(value, value)
        if isinstance(value, datetime.datetime):
            return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
        if value is None or value == "":
            return "—"
        return super().get_field_display_value(field_name, field)
