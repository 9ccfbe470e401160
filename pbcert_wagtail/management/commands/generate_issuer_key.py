"""manage.py generate_issuer_key [--write PATH] [--if-missing]: a new Ed25519 issuer key,
written to a file only its owner can read (never over an existing one), and what to
configure. The demo runs it with --if-missing on every start."""

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ... import conf
from ...credentials import keys

HEADER = (
    "# The Ed25519 private key (secretKeyMultibase) that signs this site's credentials.\n"
    "# Keep it secret and backed up; losing it means new credentials need a new key.\n"
)


class Command(BaseCommand):
    help = "Generate the issuer's Ed25519 signing key and say what to configure."

    def add_arguments(self, parser):
        parser.add_argument(
            "--write",
            metavar="PATH",
            help="the key file to create (default: PBCERT['ISSUER_KEY_FILE'])",
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="do nothing if the key file exists or PBCERT_ISSUER_KEY is set (the demo)",
        )

    def handle(self, *args, write=None, if_missing=False, **options):
        path = write or conf.get("ISSUER_KEY_FILE")
        if not path:
            raise CommandError("Give --write PATH: PBCERT['ISSUER_KEY_FILE'] is not set.")
        path = Path(path)
        if if_missing and (os.environ.get(keys.ENV_VAR) or path.exists()):
            return
        did = keys.issuer_did() or "did:web:YOUR-HOST"
        try:
            previous = keys.current_key()
        except keys.NoIssuerKey:
            previous = None
        key = keys.SigningKey.generate(did)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise CommandError(
                f"{path} exists: refusing to overwrite a key (move it away first, and list "
                "its public key in PBCERT['RETIRED_ISSUER_KEYS'])."
            ) from None
        with os.fdopen(descriptor, "w") as file:
            file.write(HEADER + key.private_multibase + "\n")
        out = self.stdout.write
        out(f"Wrote a new Ed25519 issuer key to {path} (readable by its owner only).")
        out("Configure (environment variables of the production settings):")
        out(f"  PBCERT_ISSUER_DID={did}")
        out(f"  PBCERT_ISSUER_KEY_FILE={path.resolve()}")
        out(f"Verification method: {key.id}")
        out(f"Public key (Multikey): {key.public_multibase}")
        if previous and previous.public_multibase != key.public_multibase:
            # From now on it signs nothing: a proof it makes later is refused.
            retired = {
                "id": previous.id,
                "publicKeyMultibase": previous.public_multibase,
                "retired_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
            }
            out(
                "The key configured until now keeps verifying old credentials once listed in "
                f"PBCERT_RETIRED_ISSUER_KEYS (JSON): [{json.dumps(retired)}]"
            )
