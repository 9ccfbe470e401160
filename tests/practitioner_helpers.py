"""Practitioners and contact requests for the community tests."""

import datetime
import itertools

from wagtail.models import Locale

from pbcert_wagtail.models import ContactRequest, Practitioner, PractitionerKind

_numbers = itertools.count(1)


def practitioner(language="ka", **fields):
    """A listed practitioner who accepts messages, at a unique example.org address."""
    n = next(_numbers)
    values = {
        "name": f"Nino Test {n}",
        "kind": PractitionerKind.ALUMNUS,
        "cohort_year": 2024,
        "region": "kakheti",
        "languages": ["ka", "en"],
        "accepts_contact": True,
        "consent_date": datetime.date(2025, 1, 10),
        "email": f"practitioner-{n}-secret@example.org",
        "locale": Locale.objects.get(language_code=language),
        **fields,
    }
    return Practitioner.objects.create(**values)


def contact_request(person=None, **fields):
    """A visitor's message that waits for confirmation (no email asked yet)."""
    person = person or practitioner()
    values = {
        "practitioner": person,
        "name": "Visitor",
        "email": f"visitor-{next(_numbers)}@example.org",
        "message": "How did you run the first vote?",
        "consent_to_share": True,
        "language": "ka",
        **fields,
    }
    return ContactRequest.objects.create(**values)
