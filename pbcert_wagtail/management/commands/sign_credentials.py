"""Sign the credential of every certificate that has none yet (recorded on paper, or
rendered before credentials existed); the hourly job does the same in batches."""

from django.core.management.base import BaseCommand, CommandError

from ...credentials import keys
from ...credentials.certificate import sign_missing


class Command(BaseCommand):
    help = "Sign the credentials of certificates that have none yet."

    def handle(self, *args, **options):
        try:
            keys.current_key()
        except keys.NoIssuerKey as error:
            raise CommandError(f"{error} (see generate_issuer_key)") from None
        total = 0
        while signed := sign_missing():
            total += signed
        self.stdout.write(f"Signed {total} credential(s).")
