"""Personal data kept no longer than needed (Georgia's Law on Personal Data Protection, 2023).

`remove_personal_data()` takes everything that identifies a person out of one application:
its contacts, contact email, answers of personal question types, files, change notices,
the applicant's answers to information requests, private links, the emails about it and
the personal parts of its History. What the programme's statistics and audit need stays:
the municipality, call, status, scores, decision and every log entry (without the person).
Staff run it from the application screen; `purge_expired()`, the daily job, runs it for
applications that ended long enough ago and clears old email bodies and subscriptions. The
periods are `PBCERT` settings; the privacy page states them from the same settings."""

import datetime
from collections import Counter

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import conf
from .models import (
    AccessToken,
    Application,
    ApplicationStatus,
    CallSubscription,
    OutboxMessage,
    OutboxStatus,
)
from .models.questionnaires import AnswerRevision, QuestionnaireResponse
from .workflow.machine import log_event

S = ApplicationStatus
# Question types whose answers identify a person; files are removed with their rows.
PERSONAL_TYPES = ("contacts", "email", "phone")
FILE_TYPES = ("files",)
# Applications that have ended; those the daily job removes after CLOSED_APPLICATION_DAYS.
ENDED = (S.DECIDED, S.DECLINED, S.INELIGIBLE, S.WITHDRAWN)
CLOSED = (S.DECLINED, S.INELIGIBLE, S.WITHDRAWN)
CLOSING_ACTIONS = ("decline", "screen_ineligible", "withdraw")
# Log entries whose comment the applicant wrote.
APPLICANT_WRITTEN = ("change_notice", "answer_information")
# A placeholder address: the reserved .invalid domain never receives mail (RFC 2606).
PLACEHOLDER_DOMAIN = "personal-data-removed.invalid"
REMOVED = "[…]"  # what stands where a person's name, address or phone was


class CannotRemove(Exception):
    """Not now: the application is still running, or an email about it is still unsent."""


def placeholder_email(application=None):
    name = f"removed-{application.pk}" if application else "removed"
    return f"{name}@{PLACEHOLDER_DOMAIN}"


def is_removed(application):
    """True once the application's personal data was removed."""
    return application.contact_email.endswith("@" + PLACEHOLDER_DOMAIN)


def refusal(application):
    """Why the application's personal data cannot be removed now, or None."""
    if application.status not in ENDED:
        return _("Only the personal data of an application that has ended can be removed.")
    decision = getattr(application, "decision", None)
    if application.status == S.DECIDED and not (decision and decision.is_published):
        return _("The decision is not published yet: the applicant must be told it first.")
    if is_removed(application):
        return _("This application's personal data has already been removed.")
    if unsent(OutboxMessage.objects.filter(about(application))).exists():
        return _(
            "An email about this application is still waiting to be sent (see the outbox): "
            "try again once it has gone."
        )
    return None


# -- finding the person ------------------------------------------------------------------


def log_entries(application):
    """The log entries telling this application's story (its own log model)."""
    return [application.log_entries.all()]


def personal_questions(questions, types=PERSONAL_TYPES + FILE_TYPES):
    return [q["key"] for q in questions if q.get("type") in types and "key" in q]


def collect_strings(value, into):
    """Every string inside a JSON value."""
    if isinstance(value, str):
        into.add(value)
    elif isinstance(value, dict):
        for item in value.values():
            collect_strings(item, into)
    elif isinstance(value, list | tuple):
        for item in value:
            collect_strings(item, into)
    return into


def the_person(application):
    """(addresses, strings): the email addresses of the application's people, and every
    name, address and phone number of theirs, as stored anywhere in the application."""
    addresses, people = {application.contact_email}, []
    people.extend(c for c in application.contacts or [] if isinstance(c, dict))
    strings = set()
    sources = [(application.questions, application.answers)]
    response = QuestionnaireResponse.objects.filter(application=application).first()
    if response:
        sources.append((response.questions, response.answers))
    for questions, answers in sources:
        for question in questions:
            kind, value = question.get("type"), (answers or {}).get(question.get("key"))
            if kind == "contacts":
                people.extend(c for c in value or [] if isinstance(c, dict))
            elif kind in ("email", "phone"):
                collect_strings(value, strings)
    for person in people:
        strings.update(str(person.get(k) or "") for k in ("name", "phone"))
        addresses.add(str(person.get("email") or ""))
    addresses.update(application.tokens.values_list("sent_to", flat=True))
    for queryset in log_entries(application):
        for data in queryset.filter(action="pbcert.application.contact_changed").values_list(
            "data", flat=True
        ):
            addresses.update(str((data or {}).get(k) or "") for k in ("old", "new"))
    addresses = {a.strip() for a in addresses if "@" in a and not a.endswith(PLACEHOLDER_DOMAIN)}
    strings.update(application.attachments.values_list("original_name", flat=True))
    strings.update(addresses)
    strings = {s.strip() for s in strings if len(s.strip()) >= 3}
    return addresses, sorted(strings, key=len, reverse=True)


def scrub(value, strings):
    """`value` (text or JSON) with every one of `strings` replaced by REMOVED."""
    if isinstance(value, str):
        for string in strings:
            if string in value:
                value = value.replace(string, REMOVED)
        return value
    if isinstance(value, dict):
        return {key: scrub(item, strings) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub(item, strings) for item in value]
    return value


def scrub_fields(instance, fields, strings):
    """Scrub the text and JSON `fields` of `instance`; save those that changed."""
    changed = []
    for name in fields:
        old = getattr(instance, name)
        new = scrub(old, strings)
        if new != old:
            setattr(instance, name, new)
            changed.append(name)
    if changed:
        instance.save(update_fields=changed)
    return changed


def without_personal_answers(questions, answers, strings):
    """(answers without those of personal and file questions, scrubbed; how many went)."""
    personal = set(personal_questions(questions))
    kept = {key: value for key, value in (answers or {}).items() if key not in personal}
    removed = len([key for key in personal if (answers or {}).get(key) not in (None, "", [])])
    return scrub(kept, strings), removed


# -- the emails ------------------------------------------------------------------------------


def about(application=None):
    """A filter of the emails about `application` (None: about any application)."""
    return Q(application=application) if application else Q(application__isnull=False)


def unsent(rows):
    return rows.exclude(status__in=[OutboxStatus.SENT, OutboxStatus.FAILED])


def to_addresses(addresses):
    query = Q(pk__in=[])
    for address in addresses:
        query |= Q(recipient__iexact=address)
    return query


def clear_emails(rows, addresses, strings, placeholder):
    """Clear the bodies of the sent or failed `rows`, replace the person's addresses."""
    count = 0
    lowered = {a.lower() for a in addresses}
    for message in rows.filter(status__in=[OutboxStatus.SENT, OutboxStatus.FAILED]):
        message.body_text = message.body_html = ""
        message.headers = {}
        message.subject = scrub(message.subject, strings)
        message.last_error = scrub(message.last_error, strings)
        if message.recipient.lower() in lowered:
            message.recipient = placeholder
        fields = ["body_text", "body_html", "headers", "subject", "last_error", "recipient"]
        message.save(update_fields=fields)
        count += 1
    return count


# -- one application ----------------------------------------------------------------------


def delete_files_after_commit(files):
    def delete():
        for storage, name in files:
            if name and storage.exists(name):
                storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def remove_personal_data(application, user=None):
    """Remove or anonymise everything that identifies a person in `application` (see the
    module's docstring); the status does not change. Logs "personal data removed" and
    returns what was removed, counted. CannotRemove says why not now (see `refusal`)."""
    application = (
        Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    )
    if problem := refusal(application):
        raise CannotRemove(problem)
    addresses, strings = the_person(application)
    placeholder = placeholder_email(application)
    counts = Counter()

    counts["contacts"] = len(application.contacts or [])
    application.contacts = []
    application.contact_email = placeholder
    application.answers, counts["answers"] = without_personal_answers(
        application.questions, application.answers, strings
    )
    application.status_reason = scrub(application.status_reason, strings)
    application.save(
        update_fields=["contacts", "contact_email", "answers", "status_reason", "updated_at"]
    )

    response = QuestionnaireResponse.objects.filter(application=application).first()
    personal_keys = set(personal_questions(application.questions))
    if response:
        response.answers, removed = without_personal_answers(
            response.questions, response.answers, strings
        )
        counts["answers"] += removed
        response.save(update_fields=["answers"])
        personal_keys |= set(personal_questions(response.questions))
    revisions = AnswerRevision.objects.filter(application=application)
    revisions.filter(key__in=personal_keys).update(old_value=None, new_value=None)
    for revision in revisions.exclude(key__in=personal_keys):
        scrub_fields(revision, ["old_value", "new_value"], strings)

    files = []
    for attachment in application.attachments.all():
        files.append((attachment.file.storage, attachment.file.name))
        counts["files"] += 1
    application.attachments.all().delete()
    storage = application.attachments.model._meta.get_field("file").storage
    folder = f"applications/{application.pk}"
    try:
        files += [(storage, f"{folder}/{name}") for name in storage.listdir(folder)[1]]
    except (FileNotFoundError, NotADirectoryError):
        pass
    delete_files_after_commit(files)

    for notice in application.change_notices.exclude(text=""):
        notice.text = ""
        notice.save(update_fields=["text"])
        counts["notices"] += 1
    for request in application.information_requests.all():
        if request.answer_text:
            counts["answers"] += 1
        request.answer_text = ""
        request.text = scrub(request.text, strings)
        request.closed_reason = scrub(request.closed_reason, strings)
        request.save(update_fields=["answer_text", "text", "closed_reason"])
    decision = getattr(application, "decision", None)
    if decision is not None:
        scrub_fields(decision, ["rationale", "rationale_other", "progress_assessment"], strings)

    counts["links"] = AccessToken.objects.filter(application=application).delete()[0]

    mine = about(application)
    # Its emails, and those to the person about no other application (e.g. a subscriber's).
    others = OutboxMessage.objects.filter(about()).exclude(mine)
    rows = OutboxMessage.objects.filter(mine | to_addresses(addresses)).exclude(pk__in=others)
    counts["emails"] = clear_emails(rows, addresses, strings, placeholder)

    for queryset in log_entries(application):
        for entry in queryset:
            data = dict(entry.data or {})
            name = entry.action.removeprefix("pbcert.application.")
            if name in APPLICANT_WRITTEN and data.get("comment"):
                data["comment"] = ""
            if name == "contact_changed":
                data.update(old=placeholder, new=placeholder)
            data, label = scrub(data, strings), scrub(entry.label, strings)
            if data != (entry.data or {}) or label != entry.label:
                entry.data, entry.label = data, label
                entry.save(update_fields=["data", "label"])

    counts = {key: value for key, value in counts.items() if value}
    log_event(application, "personal_data_removed", user, summary(counts), **counts)
    return counts


def summary(counts):
    """What was removed, as staff read it: "1 contact person, 2 answers, 1 file…"."""
    words = {
        "contacts": lambda n: ngettext("%(count)d contact person", "%(count)d contact people", n),
        "answers": lambda n: ngettext("%(count)d personal answer", "%(count)d personal answers", n),
        "files": lambda n: ngettext("%(count)d file", "%(count)d files", n),
        "notices": lambda n: ngettext("%(count)d change notice", "%(count)d change notices", n),
        "links": lambda n: ngettext("%(count)d private link", "%(count)d private links", n),
        "emails": lambda n: ngettext("%(count)d email cleared", "%(count)d emails cleared", n),
    }
    parts = [
        word(counts[key]) % {"count": counts[key]} for key, word in words.items() if counts.get(key)
    ]
    return ", ".join(parts) or _("nothing personal was left")


# -- the daily job ----------------------------------------------------------------------------


def cutoff(name, today):
    """The start of the day PBCERT[`name`] days before `today`: older has expired."""
    day = today - datetime.timedelta(days=conf.get(name))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def ended_at(application):
    """When the application ended: its closing transition in History (else its last change)."""
    actions = [f"pbcert.application.{name}" for name in CLOSING_ACTIONS]
    times = [
        queryset.filter(action__in=actions)
        .order_by("-timestamp")
        .values_list("timestamp", flat=True)
        .first()
        for queryset in log_entries(application)
    ]
    return max([t for t in times if t], default=application.updated_at)


def purge_expired(today=None):
    """The daily job: apply every retention period of PBCERT. Safe to run twice (what was
    removed is not counted again). Returns how many of each were removed."""
    today = today or timezone.localdate()
    counts = {"email_bodies": 0, "applications": 0, "subscriptions": 0}

    bodies = cutoff("OUTBOX_BODY_DAYS", today)
    old = OutboxMessage.objects.filter(
        Q(status=OutboxStatus.SENT, sent_at__lt=bodies)
        | Q(status=OutboxStatus.FAILED, created_at__lt=bodies)
    ).exclude(body_text="", body_html="")
    counts["email_bodies"] = old.update(body_text="", body_html="", headers={})

    closed = cutoff("CLOSED_APPLICATION_DAYS", today)
    candidates = Application.objects.filter(status__in=CLOSED).exclude(
        contact_email__endswith="@" + PLACEHOLDER_DOMAIN
    )
    for application in candidates:
        if ended_at(application) < closed and not refusal(application):  # else tomorrow
            remove_personal_data(application)
            counts["applications"] += 1

    gone = cutoff("UNSUBSCRIBED_DAYS", today)
    expired = CallSubscription.objects.filter(
        Q(unsubscribed_at__lt=gone)
        | Q(
            confirmed_at__isnull=True,
            unsubscribed_at__isnull=True,
            pk__in=CallSubscription.objects.annotate(
                asked=Coalesce("confirmation_sent_at", "created_at")
            )
            .filter(asked__lt=gone)
            .values("pk"),
        )
    )
    for subscription in expired:
        # The subscriber's emails (those about an application are the application's).
        rows = OutboxMessage.objects.filter(recipient__iexact=subscription.email)
        rows = rows.exclude(about())
        if unsent(rows).exists():
            continue  # tomorrow, once it has gone
        with transaction.atomic():
            address = [subscription.email]
            clear_emails(rows, address, address, placeholder_email())
            subscription.delete()
            counts["subscriptions"] += 1
    from .community import questions as expert_questions  # they import this module
    from .community import retention as community

    counts["contact_requests"] = community.anonymise_contact_requests(today)
    counts["expert_questions"] = expert_questions.anonymise_expired(today)
    counts["nominators"] = community.forget_nominators(today)
    return counts


def periods():
    """The retention periods in days, as the privacy page states them."""
    from .community import questions as expert_questions

    return {
        "email_bodies": conf.get("OUTBOX_BODY_DAYS"),
        "closed_applications": conf.get("CLOSED_APPLICATION_DAYS"),
        "subscriptions": conf.get("UNSUBSCRIBED_DAYS"),
        "contact_requests": conf.get("CONTACT_REQUEST_DAYS"),
        **expert_questions.periods(),
        "nominations": conf.get("NOMINATION_DAYS"),
    }
