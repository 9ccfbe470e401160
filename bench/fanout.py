"""Benchmark: the call-opening notice to many subscribers, with the real worker.

    .venv/bin/python bench/fanout.py [--subscribers 10000] [--workers 1]

A throwaway copy of the demo (a temporary SQLite file), N confirmed subscribers, a local
SMTP server started here (tests/smtp_sink.py) and `manage.py qcluster` as a real worker.
The job "tell subscribers a call is open" is handed to the worker like the schedule does;
the time runs from then to the moment the server has accepted the last message. Prints
the seconds, the emails per second, and the outbox by status.
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.throwaway import MANAGE, throwaway_demo  # noqa: E402

EXTRA = """
PBCERT_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST, EMAIL_PORT = "127.0.0.1", int(os.environ["BENCH_SMTP_PORT"])
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=900)
    args = parser.parse_args()

    from tests.smtp_sink import SmtpSink

    sink = SmtpSink().__enter__()
    var_dir = throwaway_demo(
        "pbcert-fanout-", EXTRA, workers=args.workers, BENCH_SMTP_PORT=sink.port
    )
    manage = MANAGE
    import django
    from django.utils import timezone
    from django_q.tasks import async_task

    from pbcert_wagtail.models import CallSubscription, OutboxMessage

    now = timezone.now()
    CallSubscription.objects.bulk_create(
        (
            CallSubscription(
                email=f"subscriber{n}@example.org",
                language="ka" if n % 3 else "en",
                confirmed_at=now,
            )
            for n in range(args.subscribers)
        ),
        batch_size=1000,
    )
    OutboxMessage.objects.all().delete()  # the demo's own emails are not part of it
    log = open(var_dir / "worker.log", "w")  # noqa: SIM115 (closed at the end)
    worker = subprocess.Popen(manage + ["qcluster"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        time.sleep(5)  # the cluster starts its processes
        print(
            f"{args.subscribers} subscribers, {args.workers} worker(s): the job starts", flush=True
        )
        started = time.monotonic()
        async_task("pbcert_wagtail.subscriptions.notify_open_call")
        done = sink.wait_for(args.subscribers, args.timeout)
        elapsed = time.monotonic() - started
    finally:
        worker.terminate()
        worker.wait(30)
        log.close()
        sink.__exit__(None, None, None)
    by_status = dict(
        OutboxMessage.objects.values_list("status").annotate(n=django.db.models.Count("pk"))
    )
    print(
        f"{sink.count} accepted by the SMTP server in {elapsed:.1f} s"
        f" ({sink.count / elapsed:.0f} emails/s){'' if done else ' — TIMED OUT'}"
    )
    print(f"outbox: {by_status}; worker log: {var_dir / 'worker.log'}")


if __name__ == "__main__":
    main()
