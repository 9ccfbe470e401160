"""Events -> emails: every email is an outbox row written in the caller's transaction, sent
by the worker after commit; nothing else in the plugin sends mail. Templates are per language:
pbcert_wagtail/emails/<language>/<event>.subject.txt, <event>.txt and optionally <event>.html
(without it, the text in the common layout emails/base.html, escaped, links made clickable)."""

import contextvars
import secrets
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Site
from wagtail.users.models import UserProfile

from . import conf
from .i18n import in_language
from .models.applications import AccessToken
from .models.organisation import OrganisationSettings
from .models.outbox import OutboxMessage
from .tasks import enqueue_send


def site_url():
    return (conf.get("SITE_URL") or getattr(settings, "WAGTAILADMIN_BASE_URL", "")).rstrip("/")


def language_of(code):
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def render(event, language, context):
    base = f"pbcert_wagtail/emails/{language}/{event}"
    with translation.override(language):
        context = {**context, "language": language, "site_url": site_url()}
        subject = " ".join(render_to_string(f"{base}.subject.txt", context).split())
        text = render_to_string(f"{base}.txt", context).strip() + "\n"
        try:
            html = render_to_string(f"{base}.html", context)
        except TemplateDoesNotExist:
            html = render_to_string(
                "pbcert_wagtail/emails/base.html", {**context, "subject": subject, "text": text}
            )
    return subject, text, html


def build(event, recipient, language, context, application=None, headers=None, dedupe_key=None):
    """The email as an unsaved outbox row."""
    language = language_of(language)
    subject, text, html = render(event, language, context)
    message = OutboxMessage(
        event=event,
        recipient=recipient,
        language=language,
        subject=subject[:300],
        body_text=text,
        body_html=html,
        headers={"Auto-Submitted": "auto-generated", **(headers or {})},
        dedupe_key=dedupe_key,
    )
    message.message_id = new_message_id(message)
    message.application = application
    return message


def new_message_id(message):
    """A Message-ID for an outbox row, on the sender's domain."""
    domain = (getattr(settings, "DEFAULT_FROM_EMAIL", "") or "pbcert@localhost").rsplit("@", 1)[-1]
    return f"<{message.created_at:%Y%m%d%H%M%S}.{secrets.token_hex(12)}@{domain}>"


_watched = contextvars.ContextVar("pbcert_watched_emails", default=None)


@contextmanager
def watch():
    """The emails queued inside the block by this request, and no other's: what an
    admin action's success message may claim."""
    queued = []
    token = _watched.set(queued)
    try:
        yield queued
    finally:
        _watched.reset(token)


_batched = contextvars.ContextVar("pbcert_batched_emails", default=None)


@contextmanager
def batched():
    """A bulk send (results publication…): the emails queued inside the block, in however
    many transactions, go to the worker together at its end, a task per batch of rows."""
    ids = []
    token = _batched.set(ids)
    try:
        yield
    finally:
        _batched.reset(token)
        transaction.on_commit(lambda: enqueue_send(ids))


def queue_many(messages):
    """Write built emails to the outbox, skipping those whose (unique) dedupe key is taken;
    the worker sends them once the transaction commits. Returns the rows written."""
    OutboxMessage.objects.bulk_create(messages, ignore_conflicts=True)
    queued = list(OutboxMessage.objects.filter(message_id__in=[m.message_id for m in messages]))
    if (watched := _watched.get()) is not None:
        watched.extend(queued)
    ids = [message.pk for message in queued]
    if (batch := _batched.get()) is not None:
        batch.extend(ids)
    else:
        transaction.on_commit(lambda: enqueue_send(ids))
    return queued


def queue(event, recipient, language, context, application=None, headers=None, dedupe_key=None):
    """Write one email to the outbox: the row, or None when its `dedupe_key` was taken."""
    built = build(event, recipient, language, context, application, headers, dedupe_key)
    queued = queue_many([built])
    return queued[0] if queued else None


def already_queued(keys):
    """Which of these dedupe keys an email was already queued under."""
    keys, found = list(keys), set()
    for start in range(0, len(keys), 500):
        chunk = OutboxMessage.objects.filter(dedupe_key__in=keys[start : start + 500])
        found.update(chunk.values_list("dedupe_key", flat=True))
    return found


def due_reminder(due_date, today, before=(), after=()):
    """The reminder due today, "before:N" (N days before) or "after:N" (N days late), or
    None: the latest whose day has come, so a job that ran late still sends it, only once."""
    days_left = (due_date - today).days
    if days_left < 0:
        late = [n for n in after if -days_left >= n]
        return f"after:{max(late)}" if late else None
    come = [n for n in before if days_left <= n]
    return f"before:{min(come)}" if come else None


def send_reminders(kind, items, due_of, send, before=(), after=(), today=None):
    """Queue by `send(item, dedupe_key, due=, days_left=, overdue=)`, once each, the reminder
    due for each of `items`; the key kind:item:due date:offset lets an extended deadline
    start its reminders afresh. Returns how many were queued."""
    today = today or timezone.localdate()
    due = {}
    for item in items:
        if when := due_reminder(due_of(item), today, before, after):
            due[f"{kind}:{item.pk}:{due_of(item).isoformat()}:{when}"] = item
    sent = 0
    for key in set(due) - already_queued(due):
        day = due_of(due[key])
        days_left = (day - today).days
        sent += bool(send(due[key], key, due=day, days_left=days_left, overdue=days_left < 0))
    return sent


def _application_context(application, token=None, language=None, review_path=None, **extra):
    """What an email about `application` shows: names in `language` (by default the applicant's),
    its public links in the applicant's, a link to the admin `review_path`, then `extra`."""
    language = language or application.language
    with translation.override(application.language):
        context = {
            "application": application,
            "municipality": in_language(application.municipality, "name", language),
            "call": application.call,
            "lost_link_url": site_url() + reverse("pbcert:lost_link"),
        }
        if token:
            path = reverse("pbcert:application_status", kwargs={"token": token})
            context["status_url"] = site_url() + path
            path = reverse("pbcert:questionnaire", kwargs={"token": token})
            context["questionnaire_url"] = site_url() + path
    if review_path:
        context["review_url"] = site_url() + review_path
    return {**context, **extra}


def to_applicant(event, application, with_link=True, recipient=None, dedupe_key=None, **extra):
    """An email to the application's contact, in the language they applied in; `with_link`
    issues a fresh private link for it (tokens are stored hashed: an old one cannot be resent)."""
    if dedupe_key and already_queued([dedupe_key]):
        return None
    address = recipient or application.contact_email
    with transaction.atomic():
        token = AccessToken.issue(application, sent_to=address) if with_link else None
        context = _application_context(application, token, **extra)
        message = queue(
            event, address, application.language, context, application, dedupe_key=dedupe_key
        )
        if message is None:  # the key was taken meanwhile: take the new link back
            transaction.set_rollback(True)
    return message


def current_contact(municipality):
    """Who speaks for the municipality now: the contact of its latest application staff
    confirmed (an unconfirmed one could be anyone's), else its official email, else ""."""
    from .models import Application

    latest = (
        Application.objects.filter(municipality=municipality, confirmed_at__isnull=False)
        .order_by("-confirmed_at", "-pk")
        .first()
    )
    return latest.contact_email if latest else municipality.official_email


def to_holder(event, certificate, dedupe_key, **extra):
    """An email about `certificate` to its municipality's current contact, once per
    `dedupe_key`: with a private link to the application it was issued for, or, for one
    issued on paper, without."""
    address = current_contact(certificate.municipality)
    if not address:
        return None
    application = certificate.decision.application if certificate.decision_id else None
    if application is not None:
        return to_applicant(
            event,
            application,
            recipient=address,
            dedupe_key=dedupe_key,
            certificate=certificate,
            **extra,
        )
    language = settings.LANGUAGE_CODE
    context = {
        "certificate": certificate,
        "municipality": in_language(certificate.municipality, "name", language),
        "lost_link_url": site_url() + reverse("pbcert:lost_link"),
        **extra,
    }
    return queue(event, address, language, context, dedupe_key=dedupe_key)


def staff_address():
    """Where staff notices go: PBCERT["STAFF_EMAIL"], else the organisation's contact email."""
    if conf.get("STAFF_EMAIL"):
        return conf.get("STAFF_EMAIL")
    site = Site.objects.filter(is_default_site=True).first()
    return OrganisationSettings.for_site(site).email if site else ""


def to_staff(event, application, **extra):
    """A notice to staff_address(), in the staff language, linking to the application's review."""
    recipient, language = staff_address(), conf.get("STAFF_LANGUAGE")
    if not recipient:
        return None
    path = reverse("pbcert_applications:review", args=[application.pk])
    context = _application_context(application, language=language, review_path=path, **extra)
    return queue(event, recipient, language, context, application=application)


def duplicate_application_attempt(existing):
    """To the existing application's contact: someone tried to apply again. At most once a
    day per application, so the form cannot be used to flood them."""
    key = f"duplicate_attempt:{existing.pk}:{timezone.localdate().isoformat()}"
    return to_applicant("duplicate_attempt", existing, with_link=False, dedupe_key=key)


def new_private_link(application):
    return to_applicant("new_link", application)


def admin_language(user):
    """The language `user` reads the admin in (else the staff language): their emails' too."""
    preferred = UserProfile.get_for_user(user).get_preferred_language()
    return language_of((preferred or conf.get("STAFF_LANGUAGE"))[:2])


def to_admin_user(event, user, application, path, dedupe_key=None, **extra):
    """An email about `application` to one admin user (an expert, a consortium member), in
    their admin language, linking to `path` in the admin."""
    if not user.email:
        return None
    language = admin_language(user)
    context = _application_context(application, language=language, review_path=path, **extra)
    return queue(event, user.email, language, context, application, dedupe_key=dedupe_key)


def to_expert(event, assignment, dedupe_key=None, **extra):
    """An email to the assigned expert, in their admin language (else the staff language),
    linking to the assignment."""
    path = reverse("pbcert_reviews:assignment", args=[assignment.pk])
    return to_admin_user(
        event, assignment.expert, assignment.application, path, dedupe_key,
        assignment=assignment, **extra,
    )  # fmt: skip


def person_invited(invitation, link, valid_until, role_labels, dedupe_key):
    """The invitation to the admin (admin/people.py): the link to choose a password, in the
    language staff chose for it; once per `dedupe_key`."""
    person = invitation.user
    inviter = invitation.invited_by
    with translation.override(language_of(invitation.language)):
        role_labels = [str(label) for label in role_labels]
    context = {
        "person": person,
        "name": person.get_full_name().strip() or person.get_username(),
        "username": person.get_username(),
        "roles": ", ".join(role_labels),
        "inviter": (inviter.get_full_name().strip() or inviter.get_username()) if inviter else "",
        "link": link,
        "valid_until": timezone.localtime(valid_until),
        "login_url": site_url() + reverse("wagtailadmin_login"),
    }
    return queue(
        "person_invited", person.email, invitation.language, context, dedupe_key=dedupe_key
    )


def to_consortium(application):
    """Tell each active consortium member that `application` awaits their decision, once
    per application and member, linking to the application in the admin — not a member
    who may not see it (one who is also an expert with a conflict, or undeclared, on it)."""
    from .permissions import may_see_application
    from .roles import consortium_members

    path = reverse("pbcert_applications:review", args=[application.pk])
    return [
        message
        for member in consortium_members()
        if may_see_application(member, application)
        and (
            message := to_admin_user(
                "consortium_ready",
                member,
                application,
                path,
                dedupe_key=f"consortium_ready:{application.pk}:{member.pk}",
            )
        )
    ]
