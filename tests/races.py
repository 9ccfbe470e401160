"""Requests that run at the same time: each thread has its own connection to the test
database (a file on SQLite, a real server on PostgreSQL), outside any test transaction.

    def test_x(committed):                  # rows are really committed; removed afterwards
        case = scenarios.in_review()
        with both_reach(monkeypatch, workflow, "declare_conflict"):
            results = together(lambda: post(...), lambda: post(...))

`both_reach` makes the interleaving certain: every thread reads what it reads, then
waits at the service until all have arrived, and only then do they go on.
"""

import contextlib
import threading

import pytest
from django.apps import apps
from django.db import connections

from pbcert_wagtail.models import CertificateCounter, ReferenceCounter

# What tests here may commit, in the order it can be deleted (PROTECT comes first).
CLEANED = [
    "pbcert.Nomination",
    "pbcert.MunicipalityInvitation",
    "pbcert.MonitoringCheckIn",
    "pbcert.Recommendation",
    "pbcert.CertificateDocument",
    "pbcert.IssuedCredential",
    "pbcert.StatusList",
    "pbcert.Certificate",
    "pbcert.ConsortiumVote",
    "pbcert.ConsortiumDecision",
    "pbcert.Application",
    "pbcert.OutboxMessage",
    "pbcert.ContactRequest",
    "pbcert.Practitioner",
    "pbcert.CallCriterion",
    "pbcert.CertificationCall",
    "pbcert.RateLimitCount",
    "pbcert.CallSubscription",
    "django_q.OrmQ",
    "django_q.Task",
]


def on_test_database():
    name = str(connections["default"].settings_dict["NAME"])
    return name.split("/")[-1].startswith("test")


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """The database as threads see it: what the test makes is committed, and deleted
    (with the reference counters put back) when it ends."""
    if not on_test_database():
        pytest.skip("needs the test database: run it with the rest of the suite")
    with django_db_blocker.unblock():
        models = [apps.get_model(label) for label in CLEANED]
        newest = {
            model: model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            for model in models
        }
        counters = {
            counter: dict(counter.objects.values_list("year", "last"))
            for counter in (ReferenceCounter, CertificateCounter)
        }
        try:
            yield
        finally:
            for model in models:
                model.objects.filter(pk__gt=newest[model]).delete()
            for counter, lasts in counters.items():
                for year, last in lasts.items():
                    counter.objects.filter(year=year).update(last=last)
                counter.objects.exclude(year__in=lasts).delete()


def together(*work, timeout=60):
    """Run each callable in its own thread, all released at once; their results in
    order (an exception is returned in place of its result)."""
    results = [None] * len(work)
    start = threading.Barrier(len(work))

    def run(index, function):
        try:
            start.wait(timeout=timeout)
            results[index] = function()
        except Exception as error:  # noqa: BLE001 (the test looks at it)
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(work)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results


@contextlib.contextmanager
def both_reach(monkeypatch, module, name, parties=2, wait=3):
    """`module.name` (a workflow service) waits until `parties` threads have called it,
    each with what it read before; then each goes on. A thread that cannot arrive
    (it waits for another's lock) is waited for at most `wait` seconds."""
    original = getattr(module, name)
    arrived = threading.Barrier(parties)

    def waiting(*args, **kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):
            arrived.wait(timeout=wait)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, waiting)
    yield
    monkeypatch.setattr(module, name, original)
