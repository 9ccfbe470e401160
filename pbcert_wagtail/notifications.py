"""Events -> emails. Every email is an outbox row written in the caller's transaction;
the worker sends it after commit. Nothing else in the plugin sends mail.

Templates are per language: pbcert_wagtail/emails/<language>/<event>.subject.txt and
<event>.txt, and optionally <event>.html; without one, the HTML part is the text in
the common layout emails/base.html (escaped, with links made clickable).
"""

import contextvars
import secrets
from contextlib import contextmanager

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Site
from wagtail.users.models import UserProfile

from . import conf
from .models.applications import AccessToken
from .models.organisation import OrganisationSettings
from .models.outbox import OutboxMessage
from .tasks import enqueue_batch, enqueue_send


def site_url():
    return (conf.get("SITE_URL") or getattr(settings, "WAGTAILADMIN_BASE_URL", "")).rstrip("/")


def language_of(code):
    codes = [code for code, _name in settings.LANGUAGES]
    return code if code in codes else settings.LANGUAGE_CODE


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


def build(event, recipient, language, context, related=None, headers=None, dedupe_key=None):
    """The email as an unsaved outbox row."""
    language = language_of(language)
    subject, text, html = render(event, language, context)
    domain = (getattr(settings, "DEFAULT_FROM_EMAIL", "") or "pbcert@localhost").rsplit("@", 1)[-1]
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
    message.message_id = f"<{message.created_at:%Y%m%d%H%M%S}.{secrets.token_hex(12)}@{domain}>"
    if related is not None:
        message.content_type = ContentType.objects.get_for_model(related)
        message.object_id = str(related.pk)
    return message


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


def queue(event, recipient, language, context, related=None, headers=None, dedupe_key=None):
    """Write the email to the outbox; the worker sends it once the transaction commits.

    With a `dedupe_key`, an email already queued under that key is not queued again
    (the key is unique): None is returned.
    """
    message = build(event, recipient, language, context, related, headers, dedupe_key)
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        if dedupe_key and already_queued([dedupe_key]):
            return None
        raise
    transaction.on_commit(lambda: enqueue_send(message.pk))
    if (watched := _watched.get()) is not None:
        watched.append(message)
    return message


def queue_many(messages):
    """Write many built emails at once; those whose dedupe key is taken are skipped.
    The worker gets one task for the batch. Returns how many were queued."""
    OutboxMessage.objects.bulk_create(messages, ignore_conflicts=True)
    queued = OutboxMessage.objects.filter(message_id__in=[m.message_id for m in messages])
    ids = list(queued.values_list("pk", flat=True))
    if (watched := _watched.get()) is not None:
        watched.extend(queued)
    transaction.on_commit(lambda: enqueue_batch(ids))
    return len(ids)


def already_queued(keys):
    """Which of these dedupe keys an email was already queued under."""
    keys, found = list(keys), set()
    for start in range(0, len(keys), 500):
        chunk = OutboxMessage.objects.filter(dedupe_key__in=keys[start : start + 500])
        found.update(chunk.values_list("dedupe_key", flat=True))
    return found


def due_reminder(due_date, today, before=(), after=()):
    """The reminder due today for something due on `due_date`, as "before:N" (N days
    before) or "after:N" (N days late), or None: the latest whose day has come, so a job
    that ran late, or after an outage, still sends it — and only that one."""
    days_left = (due_date - today).days
    if days_left < 0:
        late = [n for n in after if -days_left >= n]
        return f"after:{max(late)}" if late else None
    come = [n for n in before if days_left <= n]
    return f"before:{min(come)}" if come else None


def send_reminders(kind, items, due_of, send, before=(), after=(), today=None):
    """Queue, once each, the reminder that is due for each of `items`.

    The dedupe key is kind:item:due date:offset, so an extended deadline starts its
    reminders afresh. `send(item, due, overdue, dedupe_key)` queues the email.
    """
    today = today or timezone.localdate()
    due = {}
    for item in items:
        when = due_reminder(due_of(item), today, before, after)
        if when:
            due[f"{kind}:{item.pk}:{due_of(item).isoformat()}:{when}"] = item
    sent = 0
    for key in set(due) - already_queued(due):
        item = due[key]
        if send(item, due_of(item), key.split(":")[-2] == "after", key):
            sent += 1
    return sent


def status_url(application, token):
    with translation.override(application.language):
        path = reverse("pbcert:application_status", kwargs={"token": token})
    return site_url() + path


def lost_link_url(language):
    with translation.override(language):
        return site_url() + reverse("pbcert:lost_link")


def _application_context(application, token=None, language=None):
    context = {
        "application": application,
        "municipality": application.municipality.name_in(language or application.language),
        "call": application.call,
        "lost_link_url": lost_link_url(application.language),
    }
    if token:
        context["status_url"] = status_url(application, token)
    return context


# -- events --------------------------------------------------------------------------


def to_applicant(event, application, with_link=True, recipient=None, dedupe_key=None, **extra):
    """An email to the application's contact, in the language they applied in.

    With `with_link`, a fresh private link is issued and put in the email (tokens
    are stored hashed, so an old one cannot be sent again).
    """
    if dedupe_key and already_queued([dedupe_key]):
        return None
    address = recipient or application.contact_email
    with transaction.atomic():
        token = AccessToken.issue(application) if with_link else None
        context = {**_application_context(application, token), **extra}
        message = queue(
            event, address, application.language, context, application, dedupe_key=dedupe_key
        )
        if message is None:  # the key was taken meanwhile: take the new link back
            transaction.set_rollback(True)
    return message


def application_received(application):
    """Reference number, what happens next, the private link."""
    return to_applicant("application_received", application)


def staff_address():
    """Where staff notices go: PBCERT["STAFF_EMAIL"], else the organisation's contact email."""
    if conf.get("STAFF_EMAIL"):
        return conf.get("STAFF_EMAIL")
    site = Site.objects.filter(is_default_site=True).first()
    return OrganisationSettings.for_site(site).email if site else ""


def to_staff(event, application, **extra):
    """A notice to staff (PBCERT["STAFF_EMAIL"] or the organisation's address), in the
    staff language, with a link to the application's review screen."""
    recipient = staff_address()
    if not recipient:
        return None
    language = conf.get("STAFF_LANGUAGE")
    context = {
        **_application_context(application, language=language),
        "review_url": site_url() + reverse("pbcert_applications:review", args=[application.pk]),
        **extra,
    }
    return queue(event, recipient, language, context, related=application)


def new_application_for_staff(application):
    """To staff: a new application waits for confirmation."""
    return to_staff("staff_new_application", application)


def duplicate_application_attempt(existing):
    """To the existing application's contact: someone tried to apply again.

    At most once a day per application, so the form cannot be used to flood them.
    """
    key = f"duplicate_attempt:{existing.pk}:{timezone.localdate().isoformat()}"
    return to_applicant("duplicate_attempt", existing, with_link=False, dedupe_key=key)


def new_private_link(application):
    return to_applicant("new_link", application)


def contact_email_changed(application, old_email):
    """To the old address: the application's contact address has changed (no link)."""
    return to_applicant(
        "contact_changed", application, with_link=False, recipient=old_email, old_email=old_email
    )


def questionnaire_extended(application, until):
    return to_applicant("questionnaire_extended", application, until=until)


def questionnaire_reminder(application, due, days_left, dedupe_key=None):
    return to_applicant(
        "questionnaire_reminder", application, dedupe_key=dedupe_key, due=due, days_left=days_left
    )


def change_notice_for_staff(application, notice):
    return to_staff("staff_change_notice", application, notice=notice)


def subscription_confirm(subscription, confirm_url, headers):
    """The only email an unconfirmed address ever gets."""
    return queue(
        "subscription_confirm",
        subscription.email,
        subscription.language,
        {"confirm_url": confirm_url, "unsubscribe_url": headers["List-Unsubscribe"].strip("<>")},
        related=subscription,
        headers=headers,
    )


def call_opened(subscription, call, unsubscribe_url, headers):
    """The notice that `call` is open, built for `queue_many`: once per subscriber per call."""
    language = subscription.language
    with translation.override(language):
        apply_url = site_url() + reverse("pbcert:apply_redirect")
    context = {"call": call, "unsubscribe_url": unsubscribe_url, "apply_url": apply_url}
    context["note"] = call.localized_note(language)
    key = f"call_opened:{call.pk}:{subscription.pk}"
    return build("call_opened", subscription.email, language, context, subscription, headers, key)


def user_language(user):
    """The admin language the user chose, else the staff language."""
    preferred = UserProfile.get_for_user(user).get_preferred_language()
    return language_of((preferred or conf.get("STAFF_LANGUAGE"))[:2])


def to_expert(event, assignment, dedupe_key=None, **extra):
    """An email to the assigned expert, in their admin language, linking to the assignment."""
    expert = assignment.expert
    if not expert.email:
        return None
    language = user_language(expert)
    application = assignment.application
    context = {
        "assignment": assignment,
        "application": application,
        "municipality": application.municipality.name_in(language),
        "review_url": site_url() + reverse("pbcert_reviews:assignment", args=[assignment.pk]),
        **extra,
    }
    return queue(event, expert.email, language, context, application, dedupe_key=dedupe_key)


def expert_assigned(assignment):
    """To the expert: an application to review, and where (the admin)."""
    return to_expert("expert_assigned", assignment)


def conflict_for_staff(assignment):
    return to_staff("staff_conflict", assignment.application, assignment=assignment)


def review_reminder(assignment, overdue=False, dedupe_key=None):
    return to_expert("review_reminder", assignment, dedupe_key, overdue=overdue)


def information_extended(application, request):
    return to_applicant("information_extended", application, request=request)


def information_reminder(application, request, overdue, dedupe_key=None):
    return to_applicant(
        "information_reminder", application, dedupe_key=dedupe_key, request=request, overdue=overdue
    )


def result_published(application, decision):
    """Once per decision, whatever reruns the publication."""
    key = f"result:{decision.pk}"
    return to_applicant("result_published", application, dedupe_key=key, decision=decision)


def information_suggested_for_staff(review):
    return to_staff("staff_information_suggested", review.assignment.application, review=review)
