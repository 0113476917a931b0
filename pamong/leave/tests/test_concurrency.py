"""Races on PostgreSQL: two answers to one step, one idempotency key sent twice, two overlapping requests.

Each test starts two threads at a barrier; each thread has its own database
connection (closed at the end) and commits for real (``transactional_db``).
Run with DATABASE_URL=postgres://… (see the module's skip).
"""

import threading
from datetime import date

import pytest
import time_machine
from django.db import connection

from pamong.approvals.errors import ApprovalError
from pamong.approvals.models import ApprovalStep
from pamong.approvals.services import step_act
from pamong.audit.models import AuditEvent
from pamong.leave.choices import LedgerKind
from pamong.leave.errors import LeaveError
from pamong.leave.models import LeaveApplication, LeaveLedgerEntry
from pamong.leave.services import leave_application_submit
from pamong.leave.tests.factories import leave_input, submit
from pamong.people.models import Employee

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and concurrent commits need PostgreSQL"),
]


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=True):
        yield


def race(*calls):
    """Run each call in its own thread, released together; return what each returned or raised."""
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


def _fresh_user(employee):
    """A user object of one's own per thread (actor_employee caches on the instance)."""
    return Employee.objects.select_related("user").get(pk=employee.pk).user


def test_two_answers_to_the_same_step_at_once_exactly_one_wins(transactional_db, django_db_serialized_rollback, leave_world):
    # given a considered application awaiting the official
    world = leave_world
    application = submit(world.employee)
    step_act(actor=world.supervisor.user, step=application.process.steps.get(order=0), outcome="approve")
    step_pk = application.process.steps.get(order=1).pk
    acted_before = AuditEvent.objects.filter(action="approvals.step_acted").count()

    def answer():
        return step_act(actor=_fresh_user(world.unit_head), step=ApprovalStep.objects.get(pk=step_pk),
                        outcome="approve")

    # when the official's double click sends two answers at once
    results = race(answer, answer)

    # then one went through and the other was told the step is no longer active
    outcomes = sorted(kind for kind, _value in results)
    assert outcomes == ["error", "ok"]
    [error] = [value for kind, value in results if kind == "error"]
    assert isinstance(error, ApprovalError)
    assert (error.code, error.http_status) == ("approvals.step_not_active", 409)
    assert AuditEvent.objects.filter(action="approvals.step_acted").count() == acted_before + 1
    assert LeaveLedgerEntry.objects.filter(application=application, kind=LedgerKind.USAGE).count() == 1
    assert sum(LeaveLedgerEntry.objects.filter(application=application).values_list("days", flat=True)) == -3


def test_the_same_idempotency_key_sent_twice_at_once_makes_one_application(transactional_db, django_db_serialized_rollback, leave_world):
    world = leave_world

    def send():
        return leave_application_submit(actor=_fresh_user(world.employee), employee=world.employee,
                                        data=leave_input(), idempotency_key="tap-7", today=date(2026, 6, 1))

    results = race(send, send)

    assert [kind for kind, _value in results] == ["ok", "ok"], results
    created = sorted(value[1] for _kind, value in results)
    assert created == [False, True]
    assert len({value[0].pk for _kind, value in results}) == 1
    assert LeaveApplication.objects.filter(employee=world.employee).count() == 1
    assert AuditEvent.objects.filter(action="leave.application_submitted").count() == 1


def test_two_overlapping_requests_at_once_only_one_is_created(transactional_db, django_db_serialized_rollback, leave_world):
    world = leave_world

    def send(start, end):
        def call():
            return leave_application_submit(
                actor=_fresh_user(world.employee), employee=world.employee, today=date(2026, 6, 1),
                data=leave_input(start_date=start, end_date=end))
        return call

    results = race(send(date(2026, 7, 6), date(2026, 7, 8)), send(date(2026, 7, 8), date(2026, 7, 10)))

    assert sorted(kind for kind, _value in results) == ["error", "ok"], results
    [error] = [value for kind, value in results if kind == "error"]
    assert isinstance(error, LeaveError)
    assert [v["code"] for v in error.extra["violations"]] == ["leave.overlap"]
    assert LeaveApplication.objects.filter(employee=world.employee).count() == 1


def test_two_requests_that_together_exceed_the_balance_only_one_is_created(transactional_db, django_db_serialized_rollback, leave_world):
    """Perban 24/2017: 12 days; two 7-day requests sent at once cannot both hold them."""
    world = leave_world

    def send(start, end):
        def call():
            return leave_application_submit(
                actor=_fresh_user(world.employee), employee=world.employee, today=date(2026, 6, 1),
                data=leave_input(start_date=start, end_date=end))
        return call

    results = race(send(date(2026, 7, 6), date(2026, 7, 14)), send(date(2026, 8, 3), date(2026, 8, 11)))

    assert sorted(kind for kind, _value in results) == ["error", "ok"], results
    [error] = [value for kind, value in results if kind == "error"]
    assert [v["code"] for v in error.extra["violations"]] == ["leave.insufficient_balance"]
