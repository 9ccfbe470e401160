"""Georgian dates, times and numbers as Georgians write them: 24-hour time, day before
month ("2 დეკემბერი 2026, 14:05"; Django's own are "h:i a", with a.m. and p.m.), and a
decimal comma ("4,50"; Django's is a point)."""

from django.conf.locale.ka.formats import *  # noqa: F403 (input formats, first day of week)

DATE_FORMAT = "j E Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
DECIMAL_SEPARATOR = ","
