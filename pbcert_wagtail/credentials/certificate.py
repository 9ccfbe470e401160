"""A certificate as a signed Open Badges 3.0 `OpenBadgeCredential` (Verifiable Credentials
2.0 data model), in Georgian with a link to the English page: what a verifier can check
without trusting the site.

- `id`: the credential's own address on this site (SITE_URL, never the request's host);
- issuer: the site's `did:web` (PBCERT["ISSUER_DID"]) as a Profile;
- `validFrom` / `validUntil`: the start of the first day and the end of the last day of
  validity in Tbilisi;
- subject: the municipality by its permanent registry address (not an email, not a slug);
- recommendations and the progress assessment as `evidence` (OB's `narrative`): only
  terms the pinned contexts define are signed (proof.sign refuses any other);
- `credentialStatus`: its entry in the revocation status list (status.py).

Signed once, before the PDF is rendered, and stored (IssuedCredential, one per
certificate): afterwards the stored document is returned unchanged. The Georgian text is
written here, not taken from the translations, because what is signed never changes."""

import uuid
from datetime import datetime, time

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from .. import notifications
from ..models import (
    Certificate,
    CertificateSettings,
    CriterionStage,
    IssuedCredential,
    OrganisationSettings,
)
from ..models.certificates import TBILISI
from . import keys, proof, status

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
TRIES = 5  # an index taken at the same moment by another credential: pick again

# What the credential says in Georgian (Mkhedruli, no capital first letters).
KA = {
    "certificate": "სერტიფიკატი № {number}",
    "description": "მიმღები: {municipality}.",
    "achievement_description": (
        "ერთი წლის ვადით მინიჭებული სერტიფიკატი მუნიციპალიტეტს, რომელიც სამოქალაქო "
        "ბიუჯეტს სტანდარტების შესაბამისად ახორციელებს."
    ),
    "criteria": (
        "მუნიციპალიტეტის განაცხადი და ანკეტა ექსპერტებმა შეაფასეს შემდეგი "
        "კრიტერიუმებით: {criteria}. სერტიფიკატის მინიჭების გადაწყვეტილება მიიღო "
        "კონსორციუმმა."
    ),
    "criteria_general": (
        "მუნიციპალიტეტის განაცხადი და ანკეტა ექსპერტებმა შეაფასეს, სერტიფიკატის "
        "მინიჭების გადაწყვეტილება მიიღო კონსორციუმმა."
    ),
    "criteria_on_paper": "სერტიფიკატი გაიცა ქაღალდზე, ამ საიტის ამოქმედებამდე.",
    "recommendation": "რეკომენდაცია {n}",
    "recommendation_genre": "რეკომენდაცია",
    "progress": "პროგრესის შეფასება",
}


def signed_credential(certificate):
    """The certificate's stored signed credential, or None if it was not signed yet."""
    return (
        IssuedCredential.objects.filter(certificate_id=certificate.pk)
        .values_list("credential", flat=True)
        .first()
    )


def credential_for(certificate):
    """The certificate's signed credential: the stored one, or signed now and stored.
    Raises keys.NoIssuerKey when no key is configured (the render then fails and is
    retried). The certificate's row is locked while signing, so a revocation at the same
    moment either comes first (and the new credential's bit is set here) or waits and
    finds the credential to revoke; the unique certificate is the backstop."""
    stored = signed_credential(certificate)
    if stored is not None:
        return stored
    key = keys.current_key()
    for _attempt in range(TRIES):
        try:
            with transaction.atomic():
                return _sign_and_store(certificate.pk, key)
        except IntegrityError:
            stored = signed_credential(certificate)
            if stored is not None:  # another worker signed it first
                return stored
    raise IntegrityError(f"no free status list index for certificate {certificate.pk}")


BACKFILL_BATCH = 200  # certificates signed per run of the job


def sign_missing(batch=BACKFILL_BATCH):
    """The job (and `manage.py sign_credentials`): sign the certificates that have no
    credential yet — recorded on paper, or rendered before credentials existed. Nothing
    happens without a key; returns how many were signed."""
    try:
        keys.current_key()
    except keys.NoIssuerKey:
        return 0
    unsigned = Certificate.objects.filter(credential__isnull=True).order_by("pk")[:batch]
    return sum(bool(credential_for(certificate)) for certificate in unsigned)


def _sign_and_store(certificate_pk, key):
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("municipality", "call")
        .get(pk=certificate_pk)
    )
    stored = signed_credential(certificate)
    if stored is not None:
        return stored
    status_list = status.open_list()
    index = status.free_index(status_list)
    uid = uuid.uuid4()
    signed = proof.sign(
        unsigned_credential(certificate, uid, status.entry(status_list, index)), key
    )
    IssuedCredential.objects.create(
        certificate=certificate,
        uid=uid,
        credential=signed,
        status_list=status_list,
        status_index=index,
    )
    if certificate.revoked_at is not None:
        status.set_bits(status_list.pk, [index])
    return signed


def absolute(name, language, **kwargs):
    """The absolute address of a URL of ours in `language` (its prefix)."""
    with translation.override(language):
        path = reverse(name, kwargs=kwargs)
    return f"{notifications.site_url()}{path}"


def credential_url(uid):
    path = reverse("pbcert_credentials:credential", kwargs={"uid": uid})
    return f"{notifications.site_url()}{path}"


def start_of(day):
    return datetime.combine(day, time.min, TBILISI).isoformat()


def end_of(day):
    return datetime.combine(day, time(23, 59, 59), TBILISI).isoformat()


def site_settings(model):
    from ..certificates.pdf import site_settings

    return site_settings(model)


def criteria_narrative(certificate):
    if certificate.on_paper or certificate.call is None:
        return KA["criteria_on_paper"] if certificate.on_paper else KA["criteria_general"]
    names = [
        c.name_ka
        for c in certificate.call.criteria.filter(stage=CriterionStage.EVALUATION).order_by(
            "order", "pk"
        )
        if c.name_ka
    ]
    if not names:
        return KA["criteria_general"]
    return KA["criteria"].format(criteria="; ".join(names))


def evidence(certificate):
    """The recommendations (each with its criterion) and the progress assessment."""
    items = []
    recommendations = certificate.recommendations.select_related("criterion").order_by(
        "order", "pk"
    )
    for n, recommendation in enumerate(recommendations, start=1):
        item = {
            "type": ["Evidence"],
            "name": KA["recommendation"].format(n=n),
            "genre": KA["recommendation_genre"],
            "narrative": recommendation.text,
        }
        if recommendation.criterion and recommendation.criterion.name_ka:
            item["description"] = recommendation.criterion.name_ka
        items.append(item)
    if certificate.progress_assessment.strip():
        items.append(
            {
                "type": ["Evidence"],
                "name": KA["progress"],
                "narrative": certificate.progress_assessment,
            }
        )
    return items


def achievement(certificate, programme):
    year = certificate.call.year if certificate.call else certificate.valid_from.year
    site = notifications.site_url()
    code = certificate.municipality.code
    return {
        # The year's certification, the same for every municipality certified that year.
        "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{site}/certification/{year}')}",
        "type": ["Achievement"],
        "achievementType": "Certification",
        "name": f"{programme.programme_ka} {year}",
        "description": KA["achievement_description"],
        "criteria": {"narrative": criteria_narrative(certificate)},
        "inLanguage": "ka",
        "related": [
            {
                "id": absolute("pbcert:registry_municipality", "en", code=code),
                "type": ["Related"],
                "inLanguage": "en",
            }
        ],
    }


def unsigned_credential(certificate, uid, credential_status):
    """The OpenBadgeCredential of `certificate`, before its proof."""
    municipality = certificate.municipality
    programme = site_settings(CertificateSettings)
    organisation = site_settings(OrganisationSettings)
    site = notifications.site_url()
    document = {
        "@context": CONTEXT,
        "id": credential_url(uid),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": keys.issuer_did(),
            "type": ["Profile"],
            "name": organisation.name_ka or organisation.name_en or programme.programme_ka,
            "url": f"{site}/",
        },
        "validFrom": start_of(certificate.valid_from),
        "validUntil": end_of(certificate.valid_until),
        "name": f"{programme.programme_ka}: " + KA["certificate"].format(number=certificate.number),
        "description": KA["description"].format(municipality=municipality.name_ka),
        "credentialSubject": {
            "id": absolute("pbcert:registry_municipality", "ka", code=municipality.code),
            "type": ["AchievementSubject"],
            "achievement": achievement(certificate, programme),
        },
        "credentialStatus": credential_status,
    }
    if items := evidence(certificate):
        document["evidence"] = items
    return document
