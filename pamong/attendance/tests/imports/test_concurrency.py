"""Importing the same file twice at once adds each punch once (issue #12; PostgreSQL).

Run with ``DATABASE_URL=postgres://… PAMONG_TEST_DB=…``; skipped on SQLite, whose IMMEDIATE transactions serialise
the two imports anyway (the re-import test covers that order).
"""

import threading

import pytest
from django.conf import settings
from django.db import connection

from pamong.accounts.models import User
from pamong.attendance.imports import jobs
from pamong.attendance.models import Punch

from .factories import attlog, import_world, upload

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                       reason="concurrency is tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_importing_the_same_file_twice_at_once_adds_each_punch_once(monkeypatch):
    # given a file of 60 punches of three employees, imported in batches of 7 rows
    world = import_world()
    monkeypatch.setattr(jobs, "BATCH_ROWS", 7)
    rows = [(str(n % 3 + 1), f"2026-11-{day:02d} 07:{n:02d}:00") for day in (2, 3) for n in range(30)]
    content = attlog(*rows)
    records = [jobs.punch_import_create(actor=User.objects.get(pk=world.officer.pk), pemda=world.pemda,
                                        upload=upload(content), fmt="zkteco") for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list = [None, None]

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = jobs.punch_import_run(records[index].pk)
        finally:
            connection.close()

    # when both run at the same moment
    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    # then every punch is there once, and the two reports add up exactly
    assert Punch.objects.count() == 60
    assert sorted(o.status for o in outcomes) == ["done", "done"]
    assert sum(o.added for o in outcomes) == 60
    assert sum(o.duplicates for o in outcomes) == 60
