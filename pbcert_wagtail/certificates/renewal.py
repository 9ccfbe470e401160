"""Renewal: a municipality whose certificate is current or recently expired applies to the
open call from its private link. The new application continues that certificate
(`Application.renews`), passes the confirmation gate like any other, and starts from last
year's answers: only questions whose keys (and kinds) still exist, each marked until the
applicant has checked it; files only if the applicant keeps them. Its questionnaire asks
what progress was made on each of last year's recommendations, and the people who judge
it see what changed since last year (comparison.py)."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from .. import conf, workflow
from ..forms import question_specs, snapshot
from ..models import (
    Application,
    ApplicationFormPage,
    Certificate,
    CertificationCall,
    QuestionnaireResponse,
)
from ..models.certificates import tbilisi_today
from ..workflow.contacts import replace_email

EMPTY = (None, "", [], {})
NO_ROOM = -1
# Files are kept only when ticked; a declaration is made anew each year.
FRESH_EACH_YEAR = ("files", "declaration")


class NotRenewable(Exception):
    """This certificate cannot be renewed now; the message says why."""


def renewable(certificate, today=None):
    """Issued for a decision, not revoked, not replaced, and current or expired at most
    RENEWAL_WINDOW_DAYS ago."""
    today = today or tbilisi_today()
    oldest = today - timedelta(days=conf.get("RENEWAL_WINDOW_DAYS"))
    return (
        certificate.decision_id is not None
        and certificate.revoked_at is None
        and certificate.superseded_by_id is None
        and certificate.valid_until >= oldest
    )


def held_certificate(municipality, today=None):
    """The municipality's latest certificate if it may renew from it, else None."""
    latest = (
        Certificate.objects.filter(municipality=municipality, revoked_at__isnull=True)
        .order_by("-valid_until", "-pk")
        .first()
    )
    return latest if latest and renewable(latest, today) else None


@dataclass
class Offer:
    """What a holder's status page offers: the open call and, once started, the renewal."""

    call: CertificationCall
    renewal: Application | None


def offer(certificate, today=None):
    """An Offer when a call other than the certificate's own is open and the certificate
    may be renewed, else None."""
    call = CertificationCall.objects.current()
    if call is None or call.pk == certificate.call_id or not renewable(certificate, today):
        return None
    existing = Application.objects.filter(call=call, municipality=certificate.municipality_id)
    return Offer(call, existing.first())


def form_page_in(language):
    pages = ApplicationFormPage.objects.live()
    return pages.filter(locale__language_code=language).first() or pages.first()


# Asked elsewhere: the municipality is last year's, the contacts are confirmed by staff.
NEVER_ON_RENEWAL_PAGE = ("municipality", "contacts", "files")


def asked_again(previous, language):
    """The C1 questions the renewal page asks: this year's declarations, and each required
    question that last year's answers leave open (one added to the form since)."""
    page = form_page_in(language)
    specs = page.get_form_fields() if page else []
    answered = carried_over(previous.answers, previous.questions, [s.snapshot() for s in specs])
    return [
        spec
        for spec in specs
        if spec.field_type == "declaration"
        or (
            spec.required
            and spec.field_type not in NEVER_ON_RENEWAL_PAGE
            and spec.clean_name not in answered
        )
    ]


def declarations(language, previous):
    """The keys of this year's C1 declarations (for a renewal started in code)."""
    specs = asked_again(previous, language)
    return [spec.clean_name for spec in specs if spec.field_type == "declaration"]


@transaction.atomic
def start_renewal(certificate, previous, contact_email, language, given=None):
    """The renewal application of `certificate` in the open call, started from `previous`
    (the application it was issued for), awaiting confirmation; its questionnaire is
    pre-filled. `given`: the answers the renewal page asked for ({key: answer}, or a list
    of declaration keys, ticked). DuplicateApplication if the municipality has applied to
    the call already."""
    if previous.municipality_id != certificate.municipality_id or (
        certificate.decision_id is None or certificate.decision.application_id != previous.pk
    ):
        raise NotRenewable(_("A renewal continues a certificate of the same municipality."))
    found = offer(certificate)
    if found is None:
        raise NotRenewable(_("This certificate can no longer be renewed in this call."))
    page = form_page_in(language)
    questions = page.questions_snapshot() if page else previous.questions
    answers = carried_over(previous.answers, previous.questions, questions)
    contacts = previous.contacts or []
    if contact_email.lower() != previous.contact_email.lower():
        contacts = replace_email(contacts, previous.contact_email, contact_email)
    for key in [q["key"] for q in questions if q.get("type") == "contacts"]:
        answers[key] = contacts
    if isinstance(given, list | tuple):
        given = dict.fromkeys(given, True)
    answers.update(given or {})
    application = workflow.create_application(
        found.call,
        certificate.municipality,
        language,
        contacts or [{"name": "", "role": "", "email": contact_email, "phone": ""}],
        answers,
        questions,
        page,
        renews=certificate,
    )
    prefill_questionnaire(application, previous)
    return application


def carried_over(answers, asked_then, asked_now):
    """The answers to questions asked again with the same key and kind, the empty left out."""
    kinds_then = {q["key"]: q["type"] for q in asked_then if "key" in q}
    return {
        q["key"]: answers[q["key"]]
        for q in asked_now
        if "key" in q
        and q["type"] not in FRESH_EACH_YEAR
        and kinds_then.get(q["key"]) == q["type"]
        and answers.get(q["key"]) not in EMPTY
    }


def prefill_questionnaire(application, previous):
    """The renewal's questionnaire, begun with last year's answers, each marked as carried
    over until the applicant has checked it."""
    definition = application.call.questionnaire
    last = QuestionnaireResponse.objects.filter(application=previous).first()
    if definition is None or last is None:
        return None
    items = question_specs(definition.in_language(application.language).questions)
    now = snapshot(items)
    answers = carried_over(last.answers, last.questions, now)
    return QuestionnaireResponse.objects.create(
        application=application, answers=answers, questions=now, prefilled=sorted(answers)
    )


def previous_application(application):
    """The application last year's certificate was issued for, or None."""
    certificate = application.renews
    if certificate is None or certificate.decision_id is None:
        return None
    return certificate.decision.application


def last_years_files(application, key):
    """Last year's files for question `key` that the renewal may keep."""
    previous = previous_application(application)
    if previous is None:
        return []
    return list(
        previous.attachments.filter(
            question_key=key,
            change_notice__isnull=True,
            information_request__isnull=True,
            progress__isnull=True,
        )
    )


def keep_files(application, key, ids, form, room):
    """Copy the chosen files of last year (at most `room`) to the renewal, checked again
    like any upload; a file kept already is not copied twice. The number copied, or
    NO_ROOM when some chosen files did not fit (those that fit are copied)."""
    from ..uploads import store_files

    kept = set(
        application.attachments.filter(question_key=key).values_list("original_name", "size")
    )
    chosen = [a for a in last_years_files(application, key) if a.pk in ids]
    fresh = [a for a in chosen if (a.original_name, a.size) not in kept]
    for attachment in fresh[:room]:
        with attachment.file.open("rb") as handle:
            store_files(application, [File(handle, name=attachment.original_name)], key, form, key)
    return NO_ROOM if len(fresh) > room else len(fresh)


def checked(response, keys):
    """Take `keys` off the answers still marked as carried over from last year."""
    remaining = [key for key in response.prefilled if key not in set(keys)]
    if remaining != response.prefilled:
        response.prefilled = remaining
        return True
    return False


def known_contacts(application):
    """For a renewal whose contact is neither last year's nor the municipality's official
    address, the addresses that were known ({"previous", "official"}); else None. Staff
    check the new person speaks for the municipality before they confirm."""
    previous = previous_application(application)
    if previous is None:
        return None
    known = {previous.contact_email.lower(), application.municipality.official_email.lower()}
    if application.contact_email.lower() in known:
        return None
    return {"previous": previous.contact_email, "official": application.municipality.official_email}
