"""Every recurring job of the plugin, declared here and synced to django-q2's schedules after
`migrate`. Changing a job is a one-line change; a job removed here is removed from the database.
Every job is safe to run late, twice or after an outage: the outbox's dedupe keys send once."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from . import conf

PREFIX = "pbcert: "
TBILISI = ZoneInfo("Asia/Tbilisi")


@dataclass(frozen=True)
class Job:
    """A recurring job: a function of the plugin, every few minutes or daily."""

    name: str
    path: str  # under pbcert_wagtail
    every_minutes: int | None = None  # None: daily, at PBCERT["DAILY_JOBS_AT"], Asia/Tbilisi

    @property
    def func(self):
        return f"pbcert_wagtail.{self.path}"

    @property
    def daily(self):
        return self.every_minutes is None


JOBS = [
    Job("send due emails", "tasks.send_due_messages", every_minutes=1),
    Job("tell subscribers a call is open", "subscriptions.notify_open_call", every_minutes=1),
    Job("publish results on the results date", "workflow.publish_due_results", every_minutes=60),
    Job(
        "render certificate PDFs left pending",
        "certificates.rendering.requeue_pending",
        every_minutes=10,
    ),
    Job(
        "sign the credentials of certificates without one",
        "credentials.certificate.sign_missing",
        every_minutes=60,
    ),
    Job(
        "invite certified municipalities to the conference",
        "certificates.conference.invite_all",
        every_minutes=60,
    ),
    Job("conference reminders", "certificates.conference.send_conference_reminders"),
    Job("monitoring reminders", "certificates.monitoring.send_monitoring_reminders"),
    Job("certificate expiry reminders", "certificates.expiry.send_expiry_reminders"),
    Job("questionnaire instructions", "instructions.sending.send_due_instructions"),
    Job("questionnaire reminders", "workflow.questionnaire.send_questionnaire_reminders"),
    Job("review reminders", "workflow.review.send_review_reminders"),
    Job("information request reminders", "workflow.information.send_information_reminders"),
    Job("forget ended rate-limit windows", "limits.forget_old_windows"),
    Job("remove expired personal data", "retention.purge_expired"),
    Job("remove files left without their row", "uploads.remove_orphan_files"),
]


def daily_time():
    """PBCERT["DAILY_JOBS_AT"] ("9:00", "09:00") as a time."""
    hour, minute = (int(part) for part in conf.get("DAILY_JOBS_AT").split(":"))
    return time(hour, minute)


def next_daily_run(now=None):
    """The next PBCERT["DAILY_JOBS_AT"] in Tbilisi, as an aware datetime."""
    now = (now or datetime.now(TBILISI)).astimezone(TBILISI)
    run = datetime.combine(now.date(), daily_time(), TBILISI)
    return run if run > now else run + timedelta(days=1)


def tables_exist(using, *models):
    from django.db import connections

    tables = connections[using].introspection.table_names()
    return all(model._meta.db_table in tables for model in models)


def sync_schedules(using="default", **kwargs):
    """Make django-q2's schedules match JOBS (a post_migrate receiver)."""
    from django_q.models import Schedule

    if not tables_exist(using, Schedule):
        return  # a partial migrate: the next full one syncs

    wanted = {PREFIX + job.name: job for job in JOBS}
    Schedule.objects.filter(name__startswith=PREFIX).exclude(name__in=wanted).delete()
    for name, job in wanted.items():
        kind = Schedule.DAILY if job.daily else Schedule.MINUTES
        fields = dict(func=job.func, schedule_type=kind, minutes=job.every_minutes, repeats=-1)
        schedule = Schedule.objects.filter(name=name).first() or Schedule(name=name)
        unchanged = all(getattr(schedule, key) == value for key, value in fields.items())
        next_run = schedule.next_run and schedule.next_run.astimezone(TBILISI).time()
        if schedule.pk and unchanged and (not job.daily or next_run == daily_time()):
            continue
        for key, value in fields.items():
            setattr(schedule, key, value)
        if job.daily:
            schedule.next_run = next_daily_run()
        schedule.save()
