"""Georgian has no capital letters in running text: since Unicode 11 Mkhedruli is
"lowercase" with Mtavruli as its uppercase, so Django's capfirst (`value[0].upper()`)
turns "განაცხადები" into "Განაცხადები" in hundreds of labels and column headings of
Django and Wagtail. Capitalising as a title does what is meant: Latin letters get their
capital, Mkhedruli (whose titlecase is itself) stays as written. `|upper` still gives
Mtavruli where ALL CAPS is meant.

Both capfirsts are imported by name all over Django and Wagtail, so rebinding a module
attribute would change nothing: `keep_mkhedruli()` gives the functions themselves the
new body, once, at start-up (PbcertConfig.ready). tests/test_georgian.py fails if an
upgrade of Django changes what it patches.

Georgian nouns stay singular after a numeral ("3 განაცხადი", never "3 განაცხადები"), but
Wagtail's listings count their rows as f"{count} {verbose_name_plural}":
`singular_after_numerals()` makes that count use the singular name in Georgian."""

from django.template import defaultfilters
from django.utils import text, translation
from django.utils.functional import cached_property
from django.utils.translation import get_language

# Languages whose nouns take the singular after a numeral.
SINGULAR_AFTER_NUMERALS = ("ka",)


def _capfirst(x):
    """Capitalize the first letter of a string."""
    if not x:
        return x
    if not isinstance(x, str):
        x = str(x)
    return x[0].title() + x[1:]


def _capfirst_filter(value):
    """Capitalize the first character of the value."""
    return value and value[0].title() + value[1:]


def keep_mkhedruli():
    """Give django.utils.text.capfirst and the `capfirst` template filter the bodies above
    (the functions under their decorators, so every reference to them changes)."""
    text.capfirst.__wrapped__.__code__ = _capfirst.__code__
    defaultfilters.capfirst.__wrapped__.__code__ = _capfirst_filter.__code__


def _items_count_label(self):
    """ "3 applications" in English, "3 განაცხადი" in Georgian."""
    singular = (get_language() or "")[:2] in SINGULAR_AFTER_NUMERALS
    name = self.verbose_name if self.count == 1 or singular else self.verbose_name_plural
    return f"{self.count} {name}"


def singular_after_numerals():
    """Wagtail's listing count ("9 log entries") in the singular in Georgian."""
    from wagtail.admin.paginator import WagtailPaginator

    label = cached_property(_items_count_label)
    label.__set_name__(WagtailPaginator, "items_count_label")
    WagtailPaginator.items_count_label = label


# A date inside a sentence. Georgian puts the year first, in the genitive, and inflects
# the month: "2027 წლის 3 თებერვლამდე" (until), "… 4 თებერვლიდან" (from), "… 3 თებერვალს"
# (on) — never "3 თებერვალი 2027-მდე". English keeps "3 February 2027" and its preposition
# in the sentence, so a translation says "Valid until %(date)s" / "მოქმედებს %(date)s".
# Per month: nominative, dative (on), until, from, genitive (before a time of day).
MONTHS = [
    ("იანვარი", "იანვარს", "იანვრამდე", "იანვრიდან", "იანვრის"),
    ("თებერვალი", "თებერვალს", "თებერვლამდე", "თებერვლიდან", "თებერვლის"),
    ("მარტი", "მარტს", "მარტამდე", "მარტიდან", "მარტის"),
    ("აპრილი", "აპრილს", "აპრილამდე", "აპრილიდან", "აპრილის"),
    ("მაისი", "მაისს", "მაისამდე", "მაისიდან", "მაისის"),
    ("ივნისი", "ივნისს", "ივნისამდე", "ივნისიდან", "ივნისის"),
    ("ივლისი", "ივლისს", "ივლისამდე", "ივლისიდან", "ივლისის"),
    ("აგვისტო", "აგვისტოს", "აგვისტომდე", "აგვისტოდან", "აგვისტოს"),
    ("სექტემბერი", "სექტემბერს", "სექტემბრამდე", "სექტემბრიდან", "სექტემბრის"),
    ("ოქტომბერი", "ოქტომბერს", "ოქტომბრამდე", "ოქტომბრიდან", "ოქტომბრის"),
    ("ნოემბერი", "ნოემბერს", "ნოემბრამდე", "ნოემბრიდან", "ნოემბრის"),
    ("დეკემბერი", "დეკემბერს", "დეკემბრამდე", "დეკემბრიდან", "დეკემბრის"),
]
CASES = {"on": 1, "until": 2, "from": 3, "of": 4}


def day_in(value, case, language=None):
    """`value` (a date, or a moment: its local day) as the date of a sentence, "on",
    "until" or "from" it, or "of" it ("… თებერვლის ჩათვლით", up to and including)."""
    from datetime import datetime

    from django.utils import timezone
    from django.utils.formats import date_format

    if not value:
        return ""
    if isinstance(value, datetime):
        value = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    language = (language or get_language() or "ka")[:2]
    if language != "ka":
        with translation.override(language):
            return date_format(value, "j F Y")
    month = MONTHS[value.month - 1][CASES[case]]
    return f"{value.year} წლის {value.day} {month}"


def moment_until(value, language=None):
    """Until a moment (a date and a time of day, local): "2026 წლის 5 დეკემბრის 14:00-მდე"."""
    from django.utils import timezone
    from django.utils.formats import date_format

    if not value:
        return ""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    language = (language or get_language() or "ka")[:2]
    if language != "ka":
        with translation.override(language):
            return date_format(value, "j F Y, H:i")
    month = MONTHS[value.month - 1][4]
    return f"{value.year} წლის {value.day} {month} {value:%H:%M}-მდე"
