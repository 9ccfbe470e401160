"""The checks a verifier makes on a signed credential, each with its own answer:
signature, issuer key, dates, revocation status. "Could not be checked" is an answer of
its own — a status list that cannot be fetched or verified never reads as "not revoked".

Canonicalisation of a hostile graph can take exponential time: the site calls this only
for credentials it issued; `manage.py verify_credential` wraps it in `limits`.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy
from pyld.jsonld import JsonLdError

from .. import georgian
from . import keys, proof, statuslist

PASSED, FAILED, COULD_NOT_CHECK = "passed", "failed", "could_not_check"
OUTCOMES = {
    PASSED: pgettext_lazy("a verifier's check", "passed"),
    FAILED: pgettext_lazy("a verifier's check", "failed"),
    COULD_NOT_CHECK: pgettext_lazy("a verifier's check", "could not be checked"),
}
LABELS = {
    "signature": _("Signature"),
    "issuer_key": _("Issuer key"),
    "dates": _("Dates"),
    "status": _("Revocation status"),
}
TBILISI = ZoneInfo("Asia/Tbilisi")


@dataclass
class Check:
    """One check: its name (signature, issuer_key, dates, status), outcome, and why."""

    name: str
    outcome: str
    detail: str

    @property
    def label(self):
        return LABELS.get(self.name, self.name)

    @property
    def outcome_label(self):
        return OUTCOMES[self.outcome]


@dataclass
class Report:
    """The checks in the order a verifier makes them."""

    checks: list[Check] = field(default_factory=list)
    revoked: bool = False

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(check.outcome == PASSED for check in self.checks)

    def __getitem__(self, name) -> Check:
        return next(check for check in self.checks if check.name == name)

    def named(self, outcome) -> list[str]:
        return [check.name for check in self.checks if check.outcome == outcome]


def _id_of(value):
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else None


def _moment(today):
    """`today` may be a datetime (aware), a date (its middle, in Tbilisi) or None (now)."""
    if today is None:
        return timezone.now()
    if isinstance(today, datetime):
        return today if timezone.is_aware(today) else today.replace(tzinfo=TBILISI)
    if isinstance(today, date):
        return datetime.combine(today, time(12), tzinfo=TBILISI)
    raise TypeError("today must be a date or a datetime")


def _timestamp(value):
    if not isinstance(value, str):
        raise ValueError(value)
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(value)
    return moment


def _shown(moment):
    """The day, in Tbilisi (credentials run from the start of a day to the end of one)."""
    return date_format(moment.astimezone(TBILISI), "DATE_FORMAT")


def _day(moment, case):
    """The day of `moment` in Tbilisi inside a sentence ("on", "until", "from", "of" it:
    georgian.day_in), in the language the report is shown in."""
    return lazy(georgian.day_in, str)(moment.astimezone(TBILISI).date(), case)


def _signature_key(document, public_keys):
    """(verification method id, its public key or None), or raises ProofError."""
    signature = document.get("proof") if isinstance(document, dict) else None
    if not isinstance(signature, dict):
        raise proof.ProofError("no proof")
    method = signature.get("verificationMethod")
    if not isinstance(method, str):
        raise proof.ProofError("no verification method")
    return method, public_keys.get(method)


def check_signature(document, public_keys) -> Check:
    try:
        method, public = _signature_key(document, public_keys)
    except proof.ProofError:
        return Check("signature", FAILED, _("The credential has no Data Integrity proof."))
    if public is None:
        return Check(
            "signature",
            COULD_NOT_CHECK,
            format_lazy(_("The key that signed it ({key}) is not known."), key=method),
        )
    if _created(document) is None:
        return Check(
            "signature",
            FAILED,
            _("The proof has no valid creation time (created, an XML date and time)."),
        )
    try:
        lost = proof.unsigned_keys(document)
    except JsonLdError:
        return Check(
            "signature",
            FAILED,
            _("The credential uses a JSON-LD context that is not known offline."),
        )
    if lost:
        return Check(
            "signature",
            FAILED,
            format_lazy(
                _("The credential has fields the signature does not cover: {fields}."),
                fields=", ".join(lost),
            ),
        )
    problem = proof.proof_problem(document, public)
    if problem:
        return Check(
            "signature",
            FAILED,
            _(
                "The signature does not match the credential: it was changed after "
                "signing, or signed by someone else."
            ),
        )
    return Check(
        "signature",
        PASSED,
        _("The eddsa-rdfc-2022 signature matches the credential and the key it names."),
    )


# xsd:dateTimeStamp: a date and time with its time zone (vc-data-integrity's `created`).
_XML_DATETIME = re.compile(
    r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", re.ASCII
)


def _created(document):
    """When the proof says it was made (aware datetime), or None if missing or invalid."""
    signature = document.get("proof") if isinstance(document, dict) else None
    value = signature.get("created") if isinstance(signature, dict) else None
    if not isinstance(value, str) or not _XML_DATETIME.fullmatch(value):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def check_issuer_key(document, public_keys, retired_at=None) -> Check:
    issuer = _id_of(document.get("issuer"))
    try:
        method, public = _signature_key(document, public_keys)
    except proof.ProofError:
        return Check("issuer_key", FAILED, _("The credential has no Data Integrity proof."))
    if not issuer:
        return Check("issuer_key", FAILED, _("The credential names no issuer."))
    if method.split("#", 1)[0] != issuer or "#" not in method:
        return Check(
            "issuer_key",
            FAILED,
            format_lazy(
                _("The signing key {key} does not belong to the issuer {issuer}."),
                key=method,
                issuer=issuer,
            ),
        )
    if public is None:
        return Check(
            "issuer_key",
            FAILED,
            format_lazy(
                _("The key {key} is not one of the issuer's current or retired keys."),
                key=method,
            ),
        )
    retired = (retired_at or {}).get(method)
    created = _created(document)
    if retired and (created is None or created > retired):
        return Check(
            "issuer_key",
            FAILED,
            format_lazy(
                _("The key {key} was retired on {date}: it signed this afterwards."),
                key=method,
                date=_day(retired, "on"),
            ),
        )
    return Check(
        "issuer_key",
        PASSED,
        format_lazy(_("Signed with a key of the issuer {issuer}."), issuer=issuer),
    )


def check_dates(document, now) -> Check:
    try:
        start = _timestamp(document["validFrom"]) if "validFrom" in document else None
        end = _timestamp(document["validUntil"]) if "validUntil" in document else None
    except ValueError:
        return Check("dates", FAILED, _("The credential's validity dates cannot be read."))
    if start and now < start:
        return Check(
            "dates",
            FAILED,
            format_lazy(_("Not yet valid: valid from {start}."), start=_day(start, "on")),
        )
    if end and now > end:
        return Check(
            "dates", FAILED, format_lazy(_("Expired: valid until {end}."), end=_day(end, "until"))
        )
    if end:
        return Check("dates", PASSED, format_lazy(_("Valid until {end}."), end=_day(end, "until")))
    return Check("dates", PASSED, _("Valid, with no end date."))


def _revocation_entry(document):
    entries = document.get("credentialStatus")
    entries = entries if isinstance(entries, list) else [entries]
    for entry in entries:
        if (
            isinstance(entry, dict)
            and entry.get("type") == "BitstringStatusListEntry"
            and entry.get("statusPurpose") == "revocation"
        ):
            return entry
    return None


def check_status(
    document, public_keys, fetch_status_list, now, retired_at=None, max_list_age=None
) -> tuple[Check, bool]:
    """The status check and whether the credential is revoked. A list older than
    `max_list_age` days (its validFrom, on the checking day `now`) could not be checked."""

    def unchecked(detail):
        return Check("status", COULD_NOT_CHECK, detail), False

    entry = _revocation_entry(document)
    if entry is None:
        return unchecked(_("The credential names no revocation status list."))
    url = entry.get("statusListCredential")
    try:
        index = int(entry.get("statusListIndex"))
    except (TypeError, ValueError):
        return unchecked(_("The credential's status list index cannot be read."))
    if fetch_status_list is None or not isinstance(url, str):
        return unchecked(_("The status list was not available."))
    try:
        listed = fetch_status_list(url)
    except Exception:  # noqa: BLE001 — any failure to fetch is "could not check"
        listed = None
    if not isinstance(listed, dict):
        return unchecked(_("The status list could not be fetched."))
    if listed.get("id") != url:
        return unchecked(_("The status list fetched is not the one the credential names."))
    if _id_of(listed.get("issuer")) != _id_of(document.get("issuer")):
        return unchecked(_("The status list was not issued by the credential's issuer."))
    types = listed.get("type") or []
    if "BitstringStatusListCredential" not in types:
        return unchecked(_("The status list is not a BitstringStatusListCredential."))
    list_signature = check_signature(listed, public_keys)
    list_key = check_issuer_key(listed, public_keys, retired_at)
    if list_signature.outcome != PASSED or list_key.outcome != PASSED:
        return unchecked(_("The status list's signature could not be verified."))
    list_dates = check_dates(listed, now)
    if list_dates.outcome != PASSED:
        return unchecked(_("The status list is out of date."))
    subject = listed.get("credentialSubject")
    if not isinstance(subject, dict) or subject.get("statusPurpose") != "revocation":
        return unchecked(_("The status list is not a revocation list."))
    try:
        bits = statuslist.decode(subject.get("encodedList"))
        revoked = statuslist.is_set(bits, index)
    except (statuslist.StatusListError, IndexError):
        return unchecked(_("The status list cannot be decoded."))
    if revoked:
        return Check("status", FAILED, _("Revoked: the issuer has withdrawn it.")), True
    try:
        issued = _timestamp(listed["validFrom"])
    except (KeyError, ValueError):
        issued = None
    if issued is None:
        if max_list_age is not None:
            return unchecked(_("The status list has no date (validFrom): its age is unknown."))
        return Check(
            "status", PASSED, _("Not revoked, according to the issuer's status list.")
        ), False
    if max_list_age is not None and now - issued > timedelta(days=max_list_age):
        detail = ngettext_lazy(
            "The status list is of {date}: older than the {days} day allowed on the "
            "checking date. Get a fresh one.",
            "The status list is of {date}: older than the {days} days allowed on the "
            "checking date. Get a fresh one.",
            max_list_age,
        )
        return unchecked(format_lazy(detail, date=_shown(issued), days=max_list_age))
    detail = _("Not revoked, according to the issuer's status list as of {date}.")
    return Check("status", PASSED, format_lazy(detail, date=_day(issued, "of"))), False


def verify_credential(
    credential: dict,
    *,
    public_keys=None,
    retired_at=None,
    fetch_status_list=None,
    today=None,
    max_list_age=None,
) -> Report:
    """Run the verifier's checks. `public_keys` (verification method id → multibase)
    defaults to the site's own keys, and `retired_at` (id → when a retired key stopped
    signing) to the site's; `fetch_status_list(url)` returns the status list credential
    (or None / raises: the status could not be checked); a list older than `max_list_age`
    days could not be checked either."""
    if public_keys is None:
        public_keys = keys.public_keys()
        if retired_at is None:
            retired_at = keys.retirement_dates()
    if not isinstance(credential, dict):
        credential = {}
    now = _moment(today)
    status, revoked = check_status(
        credential, public_keys, fetch_status_list, now, retired_at, max_list_age
    )
    return Report(
        checks=[
            check_signature(credential, public_keys),
            check_issuer_key(credential, public_keys, retired_at),
            check_dates(credential, now),
            status,
        ],
        revoked=revoked,
    )
