"""The consortium's decision and its publication: recorded with a quorum, internal until
the results date (or until staff publish), then shown and emailed to each applicant once."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import conf, notifications, roles, signals
from ..models import CertificationCall, ConsortiumDecision, ConsortiumVote, Outcome
from .machine import S, TransitionNotAllowed, consortium, fire, locked, log_event, require

# What a decision says (recorded, or corrected before publication).
DECISION_TEXTS = (
    "outcome",
    "rationale",
    "rationale_other",
    "recommendations",
    "progress_assessment",
)


def set_texts(decision, texts):
    """Put `texts`, what a decision says (DECISION_TEXTS), on `decision`; every decision
    has one of the outcomes and a rationale."""
    if set(texts) - set(DECISION_TEXTS):
        raise TransitionNotAllowed(_("This part of a decision cannot be changed."))
    for name, value in texts.items():
        setattr(decision, name, list(value) if name == "recommendations" else (value or "").strip())
    if decision.outcome not in Outcome.values:
        raise TransitionNotAllowed(_("Choose the outcome."))
    if not decision.rationale:
        raise TransitionNotAllowed(_("Give the rationale: the applicant will read it."))


@transaction.atomic
def record_decision(application, user, *, meeting_date, members_present, votes=None, **texts):
    """Record the consortium's decision, its `texts` (DECISION_TEXTS) checked: quorum present,
    votes only by members present. The application becomes "decided"; nothing reaches the
    applicant until publication."""
    require(user, consortium)
    refusal = _(
        "A decision is recorded when the application is ready for the consortium (now: “%(status)s”)."
    )
    current = locked(application, (S.READY_FOR_DECISION,), refusal)
    if ConsortiumDecision.objects.filter(application=current).exists():
        raise TransitionNotAllowed(_("This application already has a decision."))
    members = list(members_present)
    not_members = [
        m for m in members if not m.is_active or not m.groups.filter(name=roles.CONSORTIUM).exists()
    ]
    if not_members:
        raise TransitionNotAllowed(
            _("Only consortium members can be recorded as present: %(names)s.")
            % {"names": ", ".join(m.get_username() for m in not_members)}
        )
    numbers = {"quorum": conf.get("CONSORTIUM_QUORUM"), "count": len(set(members))}
    if numbers["count"] < numbers["quorum"]:
        raise TransitionNotAllowed(
            _("The quorum is %(quorum)s members present; %(count)s were recorded.") % numbers
        )
    decision = ConsortiumDecision(application=current, meeting_date=meeting_date, author=user)
    set_texts(decision, texts)
    votes = votes or {}
    if any(voter not in members for voter in votes):
        raise TransitionNotAllowed(_("Only members present at the meeting may vote."))
    if any(vote not in Outcome.values for vote in votes.values()):
        raise TransitionNotAllowed(_("A vote must be one of the outcomes."))
    decision.save()
    decision.members_present.set(members)
    ConsortiumVote.objects.bulk_create(
        ConsortiumVote(decision=decision, member=voter, vote=vote) for voter, vote in votes.items()
    )
    fire(application, "decide", user, str(decision.get_outcome_display()), decision=decision)
    return decision


@transaction.atomic
def amend_decision(decision, user, **texts):
    """Correct a decision before publication; a published decision is locked."""
    require(user, consortium)
    current = ConsortiumDecision.objects.select_for_update().get(pk=decision.pk)
    if current.is_published:
        raise TransitionNotAllowed(_("A published decision cannot be changed."))
    set_texts(current, texts)
    current.save()
    log_event(current.application, "decision_amended", user, ", ".join(sorted(texts)))
    return current


def pending_decisions(call):
    """Decisions of `call` not yet published: what publishing would send, and to whom."""
    return (
        ConsortiumDecision.objects.filter(application__call=call, published_at__isnull=True)
        .select_related("application__municipality")
        .order_by("application__reference")
    )


def publish_results(call, user=None):
    """Publish every decision of `call`: visible to its applicant, emailed once each, safe
    to run again or twice at once (a conditional UPDATE, a dedupe key). Each decision has
    its own transaction, with `decision_published` inside it; `results_published` follows
    once they have committed. Returns how many were told."""
    published = []
    with notifications.batched():  # the emails go together, in batches
        for decision in list(pending_decisions(call)):
            with transaction.atomic():
                pending = ConsortiumDecision.objects.filter(
                    pk=decision.pk, published_at__isnull=True
                )
                if not pending.update(published_at=timezone.now()):
                    continue
                decision.refresh_from_db()
                application = decision.application
                outcome = str(decision.get_outcome_display())
                log_event(application, "result_published", user, outcome)
                signals.decision_published.send(sender=ConsortiumDecision, decision=decision)
                key = f"result:{decision.pk}"
                notifications.to_applicant(
                    "result_published", application, dedupe_key=key, decision=decision
                )
                published.append(decision)
    if published:
        transaction.on_commit(
            lambda: signals.results_published.send(
                sender=CertificationCall, call=call, decisions=published
            )
        )
    return len(published)


def publish_due_results(today=None):
    """The schedule: publish the calls whose results date has come."""
    due = CertificationCall.objects.filter(results_at__lte=today or timezone.localdate())
    return sum(publish_results(call) for call in due)
