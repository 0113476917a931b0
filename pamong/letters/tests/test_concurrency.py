"""Two letters issued at the same moment on PostgreSQL: different numbers, none lost, none repeated.

Each thread has its own connection and commits for real (``transactional_db``).
Run with DATABASE_URL=postgres://… (skipped on SQLite, where writes are serialised anyway).
"""

import threading
from datetime import date

import pytest
from django.db import connection

from pamong.letters.models import IssuedLetter, LetterCounter, LetterKind
from pamong.letters.services import letter_issue, letter_scheme_create
from pamong.people.models import Employee
from pamong.people.tests.factories import EmployeeFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and concurrent commits need PostgreSQL"),
]


def race(*calls):
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", call())
        except Exception as exc:  # noqa: BLE001 - the test inspects every outcome
            results[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return results


def _issuer(world, target_pk):
    def issue():
        user = Employee.objects.select_related("user").get(pk=world.hr_admin.pk).user
        target = Employee.objects.get(pk=target_pk)
        return letter_issue(actor=user, pemda=target.pemda, kind=LetterKind.GENERIC, target=target,
                            subject="Surat Keterangan", issuer_label="BKPSDM", on=date(2026, 6, 1))
    return issue


def test_two_letters_issued_at_once_get_different_numbers(transactional_db, django_db_serialized_rollback, world):
    scheme = letter_scheme_create(actor=world.hr_admin.user, pemda=world.pemda, kind=LetterKind.GENERIC,
                                  pattern="800/{seq:03}/{year}")
    a, b, c, d = (EmployeeFactory(pemda=world.pemda) for _ in range(4))

    results = race(_issuer(world, a.pk), _issuer(world, b.pk), _issuer(world, c.pk), _issuer(world, d.pk))

    assert [outcome for outcome, _ in results] == ["ok"] * 4
    numbers = sorted(IssuedLetter.objects.values_list("number", flat=True))
    assert numbers == ["800/001/2026", "800/002/2026", "800/003/2026", "800/004/2026"]
    assert LetterCounter.objects.get(scheme=scheme, year=2026).last == 4


def test_the_same_document_issued_twice_at_once_gets_one_letter(transactional_db, django_db_serialized_rollback,
                                                                world):
    letter_scheme_create(actor=world.hr_admin.user, pemda=world.pemda, kind=LetterKind.GENERIC,
                         pattern="800/{seq:03}/{year}")

    results = race(_issuer(world, world.employee.pk), _issuer(world, world.employee.pk))

    assert [outcome for outcome, _ in results] == ["ok", "ok"]
    assert results[0][1].pk == results[1][1].pk
    assert IssuedLetter.objects.count() == 1
