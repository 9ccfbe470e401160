"""Ask an expert, as services: asking (the address confirmed first), the queue, assigning
an expert, answering (mailed to the asker once, in their language), the FAQ draft, and
removing the asker's personal data after the retention period. The screens are
views/questions.py (public) and admin/questions.py."""

import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _
from wagtail.models import Locale

from .. import conf, notifications, roles
from ..i18n import in_language
from ..models import FAQEntry, FAQTopic
from ..models.questions import ExpertQuestion, QuestionStatus
from . import confirmation

S = QuestionStatus
confirmation.register(ExpertQuestion)

REMOVED = "[…]"
PLACEHOLDER_DOMAIN = "personal-data-removed.invalid"  # as retention.py (RFC 2606)


class NotNow(Exception):
    """The question is not at the stage this needs (a second tab, a double click)."""


@transaction.atomic
def ask_question(name, email, question, language, municipality=None):
    """A new question; the only email it causes now is the confirmation of `email`."""
    asked = ExpertQuestion.objects.create(
        name=name.strip(),
        email=email.strip().lower(),
        question=question.strip(),
        language=notifications.language_of(language),
        municipality=municipality,
    )
    confirmation.ask(asked)
    return asked


def queue_question(question):
    """Once the address is confirmed (confirmation.confirm calls on_confirmed): to the queue."""
    ExpertQuestion.objects.filter(pk=question.pk, status=S.UNCONFIRMED).update(status=S.QUEUED)
    question.status = S.QUEUED


def experts():
    """Whom a question may be assigned to: active members of the Experts group."""
    return (
        get_user_model()
        .objects.filter(groups__name=roles.EXPERTS, is_active=True)
        .order_by("last_name", "first_name", "username")
        .distinct()
    )


@transaction.atomic
def assign(question, expert, by):
    """Give a queued (or assigned, to change the expert) question to `expert`."""
    if not experts().filter(pk=expert.pk).exists():
        raise NotNow(_("Only an active expert can answer a question."))
    changed = ExpertQuestion.objects.filter(
        pk=question.pk,
        status__in=[S.QUEUED, S.ASSIGNED],
        confirmed_at__isnull=False,
        anonymised_at__isnull=True,
    ).update(status=S.ASSIGNED, expert=expert, assigned_at=timezone.now(), assigned_by=by)
    if not changed:
        raise NotNow(_("This question has already been answered."))
    question.refresh_from_db()
    return question


@transaction.atomic
def answer(question, text, by):
    """The assigned expert's answer: saved, then mailed to the asker (see mail_answer)."""
    changed = ExpertQuestion.objects.filter(
        pk=question.pk,
        status=S.ASSIGNED,
        expert=by,
        confirmed_at__isnull=False,
        anonymised_at__isnull=True,  # the retention period took the question away
    ).update(status=S.ANSWERED, answer=text.strip(), answered_at=timezone.now(), answered_by=by)
    if not changed:
        raise NotNow(_("This question is no longer waiting for your answer."))
    question.refresh_from_db()
    mail_answer(question)
    return question


def answer_key(question):
    return f"expert_answer:{question.pk}"


def mail_answer(question):
    """The answer to the asker, in the language they asked in, once (the dedupe key), and
    only to a confirmed address. Returns the outbox row, or None."""
    if question.confirmed_at is None or question.anonymised_at or not question.answer:
        return None
    context = {
        "name": question.name,
        "question": question.question,
        "answer": question.answer,
        "expert": question.answered_by.get_full_name().strip() if question.answered_by else "",
    }
    with translation.override(question.language):
        context["ask_url"] = notifications.site_url() + reverse("pbcert:ask_expert")
    message = notifications.queue(
        "expert_answer",
        question.email,
        question.language,
        context,
        dedupe_key=answer_key(question),
    )
    if message is not None:
        ExpertQuestion.objects.filter(pk=question.pk, status=S.ANSWERED).update(
            status=S.MAILED, mailed_at=timezone.now()
        )
        question.refresh_from_db()
    return message


# -- the FAQ draft ------------------------------------------------------------------------------


def locale_of(question):
    return Locale.objects.get(language_code=question.language)


def topics_for(question):
    """The FAQ topics an entry in the question's language may go under."""
    return FAQTopic.objects.filter(locale=locale_of(question))


# Endings a short name takes in a Georgian sentence ("ანას", "ანამ", "ანასთან"…).
SHORT_ENDINGS = "ს|მ|მა|ის|ით|ად|ში|ზე|თან|დან|სთან|სგან|სთვის|ისთვის|ისგან|ისთან|'s"


def identity(question):
    """What identifies the asker, as it may appear in the texts: their name (and each
    word of it of 3 letters or more), their address and its local part, their
    municipality in both languages."""
    strings = {question.name.strip(), question.email.strip(), question.email.split("@")[0]}
    strings.update(word for word in re.split(r"[\s,.;:()]+", question.name) if len(word) >= 3)
    if question.municipality:
        strings.update({question.municipality.name_ka, question.municipality.name_en})
    return sorted((s for s in strings if s and len(s) >= 3), key=len, reverse=True)


def pattern_of(string):
    """A word (or words) of the asker's identity wherever it stands as a word, inflected
    too: a Georgian word of 5 letters or more loses its nominative ი/ა and matches with
    any ending ("თელავი": "თელავში", "თელაველებს"); a shorter one only with a case
    ending ("ანა": "ანას", never "განაცხადი" or "ანგარიში")."""
    if len(string) >= 5 and string[-1] in "ია" and re.search("[ა-ჰ]", string):
        body = re.escape(string[:-1]) + r"\w*"
    else:
        body = re.escape(string) + f"(?:{SHORT_ENDINGS})?" + r"(?!\w)"
    return re.compile(r"(?<!\w)" + body, re.IGNORECASE)


def without_identity(text, question):
    """`text` with the asker's name, address and municipality replaced by "[…]"."""
    for string in identity(question):
        text = pattern_of(string).sub(REMOVED, text)
    return text


def identity_in(text, question):
    """The pieces of the asker's identity still in `text` (for the form's error)."""
    return [string for string in identity(question) if pattern_of(string).search(text)]


@transaction.atomic
def make_faq_draft(question, topic, question_text, answer_text, by):
    """An unpublished FAQ entry (`live` False: the FAQ page and its JSON-LD show only live
    ones) in the language asked, under `topic` (of that language), with the asker's
    identity removed, for an editor to review, publish and translate. Once per question."""
    question = ExpertQuestion.objects.select_for_update().get(pk=question.pk)
    if question.faq_entry_id:
        raise NotNow(_("An FAQ draft was already made from this question."))
    if question.status not in (S.ANSWERED, S.MAILED):
        raise NotNow(_("Only an answered question can become an FAQ entry."))
    locale = locale_of(question)
    if topic.locale_id != locale.pk:
        raise NotNow(_("Choose a topic in the language the question was asked in."))
    question_text = without_identity(question_text, question)
    answer_text = without_identity(answer_text, question)
    order = FAQEntry.objects.filter(locale=locale, topic=topic).aggregate(m=Max("order"))["m"]
    anchor, n = f"asked-{question.pk}", 1
    while FAQEntry.objects.filter(locale=locale, anchor=anchor).exists():  # an editor's own
        n += 1
        anchor = f"asked-{question.pk}-{n}"
    entry = FAQEntry.objects.create(
        locale=locale,
        topic=topic,
        question=question_text[:300],
        answer=linebreaks(escape(answer_text)),
        anchor=anchor,
        order=(order or 0) + 1,
        live=False,
    )
    question.faq_entry = entry
    question.save(update_fields=["faq_entry"])
    return entry


# -- retention -----------------------------------------------------------------------------------


def placeholder_email(question):
    return f"question-{question.pk}@{PLACEHOLDER_DOMAIN}"


def expired(today):
    """Questions whose asker's data has been kept long enough: never confirmed, after
    UNCONFIRMED_QUESTION_DAYS; otherwise EXPERT_QUESTION_DAYS after the answer was mailed
    (or, never answered, after it was asked)."""
    from ..retention import cutoff

    unconfirmed = cutoff("UNCONFIRMED_QUESTION_DAYS", today)
    kept = cutoff("EXPERT_QUESTION_DAYS", today)
    return ExpertQuestion.objects.filter(anonymised_at__isnull=True).filter(
        Q(confirmed_at__isnull=True, created_at__lt=unconfirmed)
        | Q(mailed_at__lt=kept)
        | Q(mailed_at__isnull=True, created_at__lt=kept)
    )


def anonymise(question):
    """Take the asker out of the question: name, address, municipality and the question's
    own text go; the answer stays without the asker's identity (it may be in the FAQ).
    Their emails' bodies are cleared. False when one is still unsent (try tomorrow)."""
    from ..models import OutboxMessage
    from ..retention import clear_emails, unsent

    rows = OutboxMessage.objects.filter(
        recipient__iexact=question.email, application__isnull=True
    ).filter(dedupe_key__in=[answer_key(question), confirmation.dedupe_key(question)])
    if unsent(rows).exists():
        return False
    with transaction.atomic():
        strings = identity(question)
        clear_emails(rows, [question.email], strings, placeholder_email(question))
        question.answer = without_identity(question.answer, question)
        question.name = ""
        question.question = ""
        question.municipality = None
        question.email = placeholder_email(question)
        question.anonymised_at = timezone.now()
        question.save()
    return True


def anonymise_expired(today=None):
    """The daily job's part (retention.purge_expired): how many questions were anonymised."""
    today = today or timezone.localdate()
    return sum(anonymise(question) for question in expired(today).select_related("municipality"))


def municipality_name(question, language):
    return in_language(question.municipality, "name", language) if question.municipality else ""


def periods():
    return {
        "expert_questions": conf.get("EXPERT_QUESTION_DAYS"),
        "unconfirmed_questions": conf.get("UNCONFIRMED_QUESTION_DAYS"),
    }
