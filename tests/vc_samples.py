"""Signed sample documents for the credential tests: an Open Badge and its status list,
signed with the fixed test key of the test settings."""

from pbcert_wagtail.credentials import keys, loader, proof, statuslist

LIST_URL = "https://testserver/credentials/status/1"
INDEX = 4242


def open_badge(**extra):
    """An unsigned OpenBadgeCredential using only terms the pinned contexts define."""
    return {
        "@context": [loader.CREDENTIALS_V2, loader.OPEN_BADGES_V3],
        "id": "urn:uuid:7f3c0e2a-5b1d-4f0e-9a51-0d6c1b2e3f40",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "PB certified 2027",
        "issuer": {"id": "did:web:testserver", "type": ["Profile"], "name": "PB Cert"},
        "validFrom": "2027-01-01T00:00:00+04:00",
        "validUntil": "2027-12-31T23:59:59+04:00",
        "credentialSubject": {
            "id": "https://testserver/ka/registry/batumi/",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://testserver/ka/programme/",
                "type": ["Achievement"],
                "achievementType": "Certification",
                "name": "Participatory budgeting",
                "criteria": {"narrative": "Assessed against the standards."},
            },
        },
        "credentialStatus": {
            "id": f"{LIST_URL}#{INDEX}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(INDEX),
            "statusListCredential": LIST_URL,
        },
        **extra,
    }


def signed_badge(key=None, **extra):
    return proof.sign(open_badge(**extra), key or keys.current_key())


def status_list(revoked=(), key=None, issuer="did:web:testserver", url=LIST_URL):
    """A signed BitstringStatusListCredential with the given indexes revoked."""
    bits = statuslist.new()
    for index in revoked:
        statuslist.set_bit(bits, index)
    document = {
        "@context": [loader.CREDENTIALS_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": "2027-01-01T00:00:00+04:00",
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": statuslist.encode(bits),
        },
    }
    return proof.sign(document, key or keys.current_key())
