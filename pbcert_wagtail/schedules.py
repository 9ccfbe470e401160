"""Every recurring job of the plugin, declared here and synced to django-q2's schedules
after `migrate`. Changing a job is a one-line change; a job removed here is removed
from the database. Every job is safe to run late, twice or after an outage: what it
sends is kept once by the outbox's dedupe keys.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from . import conf

PREFIX = "pbcert: "
TBILISI = ZoneInfo("Asia/Tbilisi")


@dataclass(frozen=True)
class Job:
    """A recurring job: the function `func`, every few minutes or daily."""

    name: str
    func: str
    every_minutes: int | None = None
    daily: bool = False  # at PBCERT["DAILY_JOBS_AT"], Asia/Tbilisi


JOBS = [
    Job("send due emails", "pbcert_wagtail.tasks.send_due_messages", every_minutes=1),
    Job(
        "tell subscribers a call is open",
        "pbcert_wagtail.subscriptions.notify_open_call",
        every_minutes=60,
    ),
    Job(
        "publish results on the results date",
        "pbcert_wagtail.workflow.publish_due_results",
        every_minutes=60,
    ),
    Job(
        "questionnaire reminders",
        "pbcert_wagtail.workflow.questionnaire.send_questionnaire_reminders",
        daily=True,
    ),
    Job("review reminders", "pbcert_wagtail.workflow.review.send_review_reminders", daily=True),
    Job(
        "information request reminders",
        "pbcert_wagtail.workflow.information.send_information_reminders",
        daily=True,
    ),
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
        fields = {
            "func": job.func,
            "schedule_type": Schedule.DAILY if job.daily else Schedule.MINUTES,
            "minutes": None if job.daily else job.every_minutes,
            "repeats": -1,
        }
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
