"""Monitoring during the certificate year: the municipality keeps its progress record per
recommendation and sends a report for each check-in; reminders before each; staff or the
expert they assign (a "monitoring" assignment, declared free of conflict) assess each
recommendation after it; and the overview staff read across municipalities."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from .. import conf, notifications, permissions
from ..models import (
    Certificate,
    CertificateState,
    MonitoringAssessment,
    MonitoringCheckIn,
    MonitoringReport,
    ProgressStatus,
    RecommendationProgress,
    ReviewAssignment,
)
from ..models.certificates import tbilisi_today
from ..workflow import TransitionNotAllowed

LOG_ACTIONS = {
    "pbcert.certificate.progress_updated": _("Progress record updated"),
    "pbcert.certificate.report_sent": _("Monitoring report sent"),
    "pbcert.certificate.monitor_assigned": _("Monitoring expert assigned"),
    "pbcert.certificate.assessed": _("Monitoring assessment written"),
}


def monitored(certificate, today=None):
    """A certificate issued for a decision, with recommendations, neither revoked nor
    expired: its municipality keeps a progress record."""
    return (
        certificate.decision_id is not None
        and certificate.state(today) in (CertificateState.VALID, CertificateState.NOT_YET_VALID)
        and certificate.recommendations.exists()
    )


def record_of(certificate):
    """[(recommendation, its progress or an unsaved "not started")], in order."""
    recommendations = certificate.recommendations.select_related("criterion", "progress")
    rows = []
    for recommendation in recommendations.prefetch_related("progress__evidence"):
        try:
            progress = recommendation.progress
        except RecommendationProgress.DoesNotExist:
            progress = RecommendationProgress(recommendation=recommendation)
        rows.append((recommendation, progress))
    return rows


def check_ins_of(certificate):
    """The check-ins of the certificate's call that fall in its year."""
    if not certificate.call_id:
        return MonitoringCheckIn.objects.none()
    return MonitoringCheckIn.objects.filter(
        call=certificate.call_id,
        due_date__gte=certificate.valid_from,
        due_date__lte=certificate.valid_until,
    )


def report_due(certificate, today=None):
    """The check-in the municipality may send its report for now: the earliest not yet
    reported whose date is at most MONITORING_REPORT_OPENS_DAYS away (or past)."""
    today = today or tbilisi_today()
    opens = today + timedelta(days=conf.get("MONITORING_REPORT_OPENS_DAYS"))
    reported = MonitoringReport.objects.filter(certificate=certificate).values("check_in")
    return check_ins_of(certificate).exclude(pk__in=reported).filter(due_date__lte=opens).first()


def _locked(certificate):
    """The certificate re-read under lock: two saves of its record happen one after the
    other, and a revocation in between is seen."""
    return Certificate.objects.select_for_update().get(pk=certificate.pk)


@transaction.atomic
def save_progress(certificate, entries):
    """Keep the municipality's record: `entries` {recommendation pk: (status, note)}.
    Returns the progress rows, by recommendation pk, for evidence files to attach to."""
    current = _locked(certificate)
    if not monitored(current):
        raise TransitionNotAllowed(_("This certificate is no longer monitored."))
    now, rows, changed = timezone.now(), {}, 0
    for recommendation in current.recommendations.all():
        if recommendation.pk not in entries:
            continue
        status, note = entries[recommendation.pk]
        if status not in ProgressStatus.values:
            raise ValueError(status)
        progress, created = RecommendationProgress.objects.get_or_create(
            recommendation=recommendation, defaults={"status": status, "note": note}
        )
        if created or (progress.status, progress.note) != (status, note):
            progress.status, progress.note, progress.updated_at = status, note, now
            progress.save()
            changed += 1
        rows[recommendation.pk] = progress
    if changed:
        log(instance=current, action="pbcert.certificate.progress_updated", data={"count": changed})
    return rows


def snapshot(certificate):
    return {
        str(recommendation.uid): {"status": progress.status, "note": progress.note}
        for recommendation, progress in record_of(certificate)
    }


@transaction.atomic
def send_report(certificate, check_in):
    """The municipality sends its record as its report for `check_in`, once; staff are told."""
    current = _locked(certificate)
    if not monitored(current) or check_in not in check_ins_of(current):
        raise TransitionNotAllowed(_("This certificate is no longer monitored."))
    report, created = MonitoringReport.objects.get_or_create(
        check_in=check_in, certificate=current, defaults={"progress": snapshot(current)}
    )
    if created:
        log(
            instance=current,
            action="pbcert.certificate.report_sent",
            data={"comment": str(check_in)},
        )
        notifications.to_staff(
            "staff_monitoring_report",
            current.decision.application,
            certificate=current,
            check_in=check_in,
        )
    return report, created


def monitoring_assignment(certificate, user):
    """The user's standing monitoring assignment to the certificate, or None."""
    if not certificate.decision_id:
        return None
    return (
        permissions.assignments_of(user)
        .filter(application=certificate.decision.application_id, purpose="monitoring")
        .first()
    )


def may_assess(user, certificate):
    """Staff, or the expert assigned to monitor it who declared no conflict."""
    if permissions.is_staff_member(user):
        return permissions.may_see_application(user, certificate.decision.application)
    assignment = monitoring_assignment(certificate, user)
    return bool(assignment and assignment.has_conflict is False)


@transaction.atomic
def assign_monitor(certificate, expert, due_date, user):
    """Ask `expert` to assess the certificate's check-ins (a "monitoring" assignment on its
    application: conflict declaration first, then the same access rule as reviews)."""
    if not permissions.is_staff_member(user):
        raise TransitionNotAllowed(_("Only staff assign experts."))
    if not expert.has_perm("pbcert.review_assigned"):
        raise TransitionNotAllowed(_("%(user)s is not in the Experts group.") % {"user": expert})
    current = _locked(certificate)
    if not monitored(current):
        raise TransitionNotAllowed(_("This certificate is no longer monitored."))
    application = current.decision.application
    assignment, created = ReviewAssignment.objects.get_or_create(
        application=application,
        expert=expert,
        purpose="monitoring",
        defaults={"due_date": due_date, "assigned_by": user},
    )
    if not created:
        if assignment.has_conflict:
            raise TransitionNotAllowed(
                _("This expert declared a conflict of interest with this application.")
            )
        if assignment.withdrawn_at is None:
            raise TransitionNotAllowed(_("This expert is already assigned."))
        assignment.withdrawn_at, assignment.due_date = None, due_date
        assignment.save(update_fields=["withdrawn_at", "due_date"])
    name = expert.get_full_name() or expert.get_username()
    log(
        instance=current,
        action="pbcert.certificate.monitor_assigned",
        user=user,
        data={"comment": name},
    )
    notifications.to_expert("monitoring_assigned", assignment, certificate=current)
    return assignment


@transaction.atomic
def save_assessments(certificate, check_in, texts, user):
    """Staff's or the monitoring expert's assessment per recommendation after `check_in`:
    `texts` {recommendation pk: text}; an empty text removes one. Returns how many changed."""
    current = _locked(certificate)
    if not may_assess(user, current):
        raise TransitionNotAllowed(_("You may not assess this certificate."))
    if check_in not in check_ins_of(current):
        raise TransitionNotAllowed(_("This check-in is not in the certificate's year."))
    reported = MonitoringReport.objects.filter(check_in=check_in, certificate=current).exists()
    if not reported and check_in.due_date > tbilisi_today():
        raise TransitionNotAllowed(
            _("A check-in is assessed once the municipality reported or its date has passed.")
        )
    changed = 0
    for recommendation in current.recommendations.filter(pk__in=list(texts)):
        text = texts[recommendation.pk].strip()
        found = MonitoringAssessment.objects.filter(
            check_in=check_in, recommendation=recommendation
        )
        if not text:
            changed += found.delete()[0]
            continue
        assessment, created = MonitoringAssessment.objects.get_or_create(
            check_in=check_in,
            recommendation=recommendation,
            defaults={"text": text, "written_by": user},
        )
        if not created and assessment.text != text:
            assessment.text, assessment.written_by = text, user
            assessment.written_at = timezone.now()
            assessment.save()
        changed += created or assessment.text == text
    if changed:
        log(
            instance=current,
            action="pbcert.certificate.assessed",
            user=user,
            data={"comment": str(check_in)},
        )
    return changed


def monitored_certificates(today=None):
    """Certificates their municipalities keep a record for, with what the overview reads."""
    today = today or tbilisi_today()
    live = Certificate.objects.filter(
        decision__isnull=False, revoked_at__isnull=True, valid_until__gte=today
    )
    return (
        live.filter(recommendations__isnull=False)
        .distinct()
        .select_related("municipality", "call", "decision__application")
        .prefetch_related("recommendations__progress", "monitoring_reports")
        .order_by("municipality__name_ka")
    )


def send_monitoring_reminders(today=None):
    """The daily job: before each check-in, to each monitored municipality that has not
    reported for it, once per offset (a job that ran late sends the latest due)."""
    today = today or tbilisi_today()
    before = conf.days("MONITORING_REMINDER_DAYS")
    horizon = today + timedelta(days=max(before, default=0))
    check_ins = list(MonitoringCheckIn.objects.filter(due_date__gte=today, due_date__lte=horizon))
    pending = []
    for certificate in monitored_certificates(today).filter(
        call__in={c.call_id for c in check_ins}
    ):
        reported = {report.check_in_id for report in certificate.monitoring_reports.all()}
        for check_in in check_ins:
            in_year = certificate.valid_from <= check_in.due_date <= certificate.valid_until
            if check_in.call_id == certificate.call_id and in_year and check_in.pk not in reported:
                pending.append(Pending(f"{certificate.pk}-{check_in.pk}", certificate, check_in))

    def send(item, key, **extra):
        return notifications.to_holder(
            "monitoring_reminder", item.certificate, key, check_in=item.check_in, **extra
        )

    with notifications.batched():
        return notifications.send_reminders(
            "monitoring", pending, lambda item: item.check_in.due_date, send, before, today=today
        )


@dataclass
class Pending:
    """A report a municipality still owes (send_reminders keys by `pk`)."""

    pk: str
    certificate: Certificate
    check_in: MonitoringCheckIn


@dataclass
class OverviewRow:
    certificate: Certificate
    counts: dict = field(default_factory=dict)
    reports: list = field(default_factory=list)  # [(check-in, report or None, late)]
    last_update: object = None

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def done_share(self):
        applicable = self.total - self.counts.get(ProgressStatus.NOT_APPLICABLE, 0)
        return (
            round(100 * self.counts.get(ProgressStatus.DONE, 0) / applicable)
            if applicable
            else None
        )


def overview(today=None):
    """Per monitored certificate: how many recommendations stand where, its reports per
    check-in (sent, late, to come) and its last update; a bounded number of queries."""
    today = today or tbilisi_today()
    certificates = list(monitored_certificates(today))
    calls = {c.call_id for c in certificates}
    check_ins = list(MonitoringCheckIn.objects.filter(call__in=calls))
    rows = []
    for certificate in certificates:
        row = OverviewRow(certificate, counts=dict.fromkeys(ProgressStatus.values, 0))
        updates = []
        for recommendation in certificate.recommendations.all():
            progress = getattr(recommendation, "progress", None)
            status = progress.status if progress else ProgressStatus.NOT_STARTED
            row.counts[status] += 1
            if progress:
                updates.append(progress.updated_at)
        row.last_update = max(updates, default=None)
        reports = {report.check_in_id: report for report in certificate.monitoring_reports.all()}
        for check_in in check_ins:
            if check_in.call_id == certificate.call_id and (
                certificate.valid_from <= check_in.due_date <= certificate.valid_until
            ):
                report = reports.get(check_in.pk)
                row.reports.append((check_in, report, report is None and check_in.due_date < today))
        rows.append(row)
    return rows
