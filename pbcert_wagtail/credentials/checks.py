"""`manage.py check --deploy` fails when the site cannot sign credentials: no issuer DID,
or no usable private key."""

from django.core import checks

from . import keys


@checks.register(checks.Tags.security, deploy=True)
def issuer_key_configured(app_configs, **kwargs):
    if not keys.issuer_did():
        return [
            checks.Error(
                "No issuer DID is configured: certificates cannot be issued as signed credentials.",
                hint="Set PBCERT['ISSUER_DID'] (production: the PBCERT_ISSUER_DID environment "
                "variable), e.g. did:web:pbcert.example.ge for https://pbcert.example.ge.",
                id="pbcert.E019",
            )
        ]
    try:
        keys.current_key()
    except keys.NoIssuerKey as error:
        return [
            checks.Error(
                f"No usable issuer key: {error}",
                hint="Run `manage.py generate_issuer_key --write PATH` and set "
                "PBCERT_ISSUER_KEY_FILE=PATH (or PBCERT_ISSUER_KEY to the key itself).",
                id="pbcert.E019",
            )
        ]
    return []


@checks.register(checks.Tags.security)
def retired_keys_well_formed(app_configs, **kwargs):
    """A malformed retired key is skipped at run time (did.json and the verification
    pages must not fail), so say so here."""
    return [
        checks.Error(
            f"PBCERT['RETIRED_ISSUER_KEYS']: {problem}.",
            hint='Each entry: {"id": "did:web:…#z6Mk…" or "#z6Mk…", "publicKeyMultibase": '
            '"z6Mk…", "retired_at": "YYYY-MM-DD" or an ISO date and time (optional)}.',
            id="pbcert.E020",
        )
        for problem in keys.retired_key_problems()
    ]
