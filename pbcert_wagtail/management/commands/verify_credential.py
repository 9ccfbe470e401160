"""manage.py verify_credential FILE: the checks of a signed credential, offline — with the
issuer's public keys from a saved did.json (or given one by one) and a saved status list.
Reads arbitrary input, so it limits its size, its blank nodes and its processing time."""

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from pyld.jsonld import JsonLdError

from ... import badges, conf
from ...credentials import attach, keys, limits, verify


def public_keys_of(did_document: dict) -> dict[str, str]:
    """Verification method id → publicKeyMultibase of the keys the DID document lists for
    assertions (the ones that may sign credentials)."""
    did = did_document.get("id")
    allowed = set()
    for entry in did_document.get("assertionMethod") or []:
        allowed.add(entry if isinstance(entry, str) else (entry or {}).get("id"))
    found = {}
    methods = [*(did_document.get("verificationMethod") or [])]
    methods += [m for m in did_document.get("assertionMethod") or [] if isinstance(m, dict)]
    for method in methods:
        if not isinstance(method, dict):
            continue
        key_id = method.get("id", "")
        if key_id.startswith("#"):
            key_id = f"{did}{key_id}"
        if key_id in allowed or method.get("id") in allowed:
            if method.get("controller", did) == did and method.get("publicKeyMultibase"):
                if "retiredAt" in method and retired_at_of(method) is None:
                    continue  # a retirement we cannot read: the key is not trusted
                found[key_id] = method["publicKeyMultibase"]
    return found


def retired_at_of(method: dict):
    """When a verification method of did.json stopped signing ("retiredAt"), or None."""
    try:
        return keys.parse_retired_at(method.get("retiredAt"))
    except ValueError:
        return None


def retirement_dates_of(did_document: dict) -> dict:
    """Verification method id → retiredAt, for the keys of `public_keys_of`."""
    did = did_document.get("id")
    found = {}
    for method in did_document.get("verificationMethod") or []:
        if isinstance(method, dict) and retired_at_of(method):
            key_id = method.get("id", "")
            found[f"{did}{key_id}" if key_id.startswith("#") else key_id] = retired_at_of(method)
    return found


def credential_from_file(path: Path, max_bytes) -> dict:
    """The credential in a JSON file, a PDF (its embedded credential) or a baked PNG."""
    with path.open("rb") as file:
        raw = file.read(max_bytes + 1)
    if raw.startswith(b"%PDF"):
        reader = attach.credential_from_pdf
    elif raw.startswith(b"\x89PNG"):
        reader = badges.credential_from_png
    else:
        return limits.parse(raw, max_bytes)
    limits.check_size(raw, max_bytes * 20)  # a PDF or image is larger than its credential
    with path.open("rb") as file:
        found = reader(file.read(max_bytes * 20 + 1))
    if found is None:
        raise CommandError(_("The file carries no credential."))
    if isinstance(found, (bytes, str)):
        return limits.parse(found.encode() if isinstance(found, str) else found, max_bytes)
    limits.check_size(json.dumps(found).encode(), max_bytes)
    return found


class Command(BaseCommand):
    help = (
        "Verify a signed credential offline: signature, issuer key, dates and (with a saved "
        "status list) revocation. Exit status 1 if a check failed or could not be made."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the credential: JSON, a certificate PDF or a badge PNG")
        key_source = parser.add_mutually_exclusive_group(required=True)
        key_source.add_argument(
            "--did-document", metavar="FILE", help="the issuer's saved did.json"
        )
        key_source.add_argument(
            "--public-key",
            metavar="ID=MULTIBASE",
            action="append",
            help="a verification method id and its publicKeyMultibase (repeatable)",
        )
        parser.add_argument(
            "--status-list", metavar="FILE", help="the saved status list credential (JSON)"
        )
        parser.add_argument(
            "--date",
            type=date.fromisoformat,
            default=None,
            help="check the validity dates on this day, YYYY-MM-DD (default: now)",
        )
        parser.add_argument(
            "--max-list-age",
            metavar="DAYS",
            type=int,
            default=None,
            help="a status list older than this on the checking date (its validFrom) "
            "counts as 'could not be checked'",
        )
        parser.add_argument("--language", default=None, help="ka or en (default: the site's)")

    def handle(self, *args, **options):
        with translation.override(options["language"] or settings.LANGUAGE_CODE):
            return self.verify(**options)

    def verify(
        self,
        *,
        file,
        did_document=None,
        public_key=None,
        status_list=None,
        date=None,
        max_list_age=None,
        **options,
    ):
        if max_list_age is not None and max_list_age < 0:
            raise CommandError(_("--max-list-age takes a number of days, 0 or more."))
        max_bytes = conf.get("VERIFY_MAX_BYTES")
        max_blank = conf.get("VERIFY_MAX_BLANK_NODES")
        timeout = conf.get("VERIFY_TIMEOUT_SECONDS")
        try:
            credential = credential_from_file(Path(file), max_bytes)
            retired_at = {}
            if did_document:
                document = limits.parse(Path(did_document).read_bytes(), max_bytes)
                public_keys = public_keys_of(document)
                retired_at = retirement_dates_of(document)
            else:
                public_keys = dict(self.pair(value) for value in public_key)
            lists = {}
            if status_list:
                listed = limits.parse(Path(status_list).read_bytes(), max_bytes * 4)
                lists[listed.get("id")] = listed
            with limits.time_limit(timeout):
                for document in [credential, *lists.values()]:
                    limits.check_blank_nodes(document, max_blank)
                report = verify.verify_credential(
                    credential,
                    public_keys=public_keys,
                    retired_at=retired_at,
                    fetch_status_list=lists.get if status_list else None,
                    today=date,
                    max_list_age=max_list_age,
                )
        except limits.LimitExceeded as error:
            raise CommandError(str(error)) from None
        except JsonLdError as error:
            raise CommandError(
                _("The document cannot be processed as JSON-LD offline: %(error)s")
                % {"error": error.args[0]}
            ) from None
        except OSError as error:
            raise CommandError(str(error)) from None
        for check in report.checks:
            detail = check.detail
            if check.name == "status" and not status_list:
                detail = _("No status list was given (offline): give it with --status-list.")
            self.stdout.write(f"{check.label}: {check.outcome_label} — {detail}")
        failed = report.named(verify.FAILED)
        unchecked = report.named(verify.COULD_NOT_CHECK)
        if report.ok:
            self.stdout.write(_("All checks passed."))
            return
        names = lambda found: ", ".join(str(verify.LABELS[name]) for name in found)  # noqa: E731
        if failed:
            self.stderr.write(_("Failed: %(checks)s.") % {"checks": names(failed)})
        if unchecked:
            self.stderr.write(_("Could not be checked: %(checks)s.") % {"checks": names(unchecked)})
        raise SystemExit(1)

    def pair(self, value):
        key_id, sep, public = value.partition("=")
        if not sep or not key_id or not public:
            raise CommandError(_("--public-key takes ID=MULTIBASE, e.g. did:web:host#z6Mk…=z6Mk…"))
        return key_id, public
