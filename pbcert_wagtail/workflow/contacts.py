"""The applicant's side outside the stages: applying, a new contact address, and telling
the team that details changed."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import notifications
from ..models import AccessToken, Application
from ..models.applications import allocate_reference
from .machine import log_event


class DuplicateApplication(Exception):
    """The municipality has already applied to this call."""

    def __init__(self, existing):
        self.existing = existing


def create_application(
    call, municipality, language, contacts, answers, questions, form_page, renews=None
):
    """Store a C1 application, log it and queue its emails, all in one transaction.
    `questions` is the form as the applicant saw it (its snapshot); `renews`, the
    municipality's certificate a renewal continues."""
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call,
                municipality=municipality,
                reference=allocate_reference(call.year),
                language=language,
                contact_email=contacts[0]["email"],
                contacts=contacts,
                answers=answers,
                questions=questions,
                form_page=form_page,
                renews=renews,
            )
            if renews is not None:
                application.clean()  # never another municipality's certificate
            log_event(application, "submit", reference=application.reference)
            notifications.to_applicant("application_received", application)
            notifications.to_staff("staff_new_application", application)
    except IntegrityError:  # the municipality has applied to this call already
        existing = Application.objects.filter(call=call, municipality=municipality).first()
        if existing:
            raise DuplicateApplication(existing) from None
        raise
    return application


@transaction.atomic
def change_contact_email(application, new_email, user=None):
    """Move the application to a new contact address: the old one is told, its links stop.
    Re-read under lock, so two changes at once do not lose one another's contacts."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    old_email = application.contact_email
    application.contact_email = new_email
    application.contacts = replace_email(application.contacts, old_email, new_email)
    answers = application.answers
    for key in [q["key"] for q in application.questions if q.get("type") == "contacts"]:
        answers[key] = replace_email(answers.get(key) or [], old_email, new_email)
    application.save(update_fields=["contact_email", "contacts", "answers", "updated_at"])
    AccessToken.objects.filter(application=application, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    log_event(application, "contact_changed", user, old=old_email, new=new_email)
    notifications.to_applicant(  # the old address is told, with no link
        "contact_changed", application, with_link=False, recipient=old_email, old_email=old_email
    )
    notifications.new_private_link(application)
    return application


def replace_email(contacts, old_email, new_email):
    """The contact list with the person who had `old_email` now at `new_email`."""
    contacts = [dict(contact) for contact in contacts]
    for contact in contacts:
        if contact.get("email", "").lower() == old_email.lower():
            contact["email"] = new_email
            break
    else:
        contacts.insert(0, {"name": "", "role": "", "email": new_email, "phone": ""})
    return contacts


def record_change_notice(application, notice):
    """Log the applicant's change notice and tell staff."""
    log_event(application, "change_notice", None, notice.text[:500], notice=notice.pk)
    notifications.to_staff("staff_change_notice", application, notice=notice)
