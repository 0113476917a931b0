"""The approver's queue: steps awaiting them (in person or as Plt/Plh), in a constant number of queries."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pamong.approvals.selectors import steps_awaiting
from pamong.approvals.services import step_act
from pamong.leave.selectors import leave_queue
from pamong.leave.tests.factories import open_years, submit
from pamong.people.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def _requests_from_new_staff(world, count: int) -> None:
    for n in range(count):
        person = EmployeeFactory(position=world.staff_position)
        open_years(person, 2026)
        submit(person, start_date=date(2026, 7, 6) + timedelta(days=7 * (n % 20)),
               end_date=date(2026, 7, 7) + timedelta(days=7 * (n % 20)))


def test_the_queue_holds_active_steps_only_oldest_first(leave_world):
    world = leave_world
    first = submit(world.employee)
    second = submit(world.peer, start_date=date(2026, 7, 13), end_date=date(2026, 7, 14))
    step_act(actor=world.supervisor.user, step=first.process.steps.get(order=0), outcome="approve")

    assert [a.pk for a, _s in leave_queue(world.supervisor.user)] == [second.pk]
    assert [a.pk for a, _s in leave_queue(world.unit_head.user)] == [first.pk]
    assert list(steps_awaiting(world.employee.user)) == []
    assert leave_queue(world.hr_admin.user) == []


def test_list_queries_do_not_grow_with_rows(leave_world, django_assert_num_queries):
    world = leave_world
    actor = world.supervisor.user

    _requests_from_new_staff(world, 1)
    leave_queue(actor)  # warm per-process caches
    with CaptureQueriesContext(connection) as one_row:
        rows = leave_queue(actor)
    assert len(rows) == 1

    _requests_from_new_staff(world, 9)
    with django_assert_num_queries(len(one_row.captured_queries)):
        rows = leave_queue(actor)
    assert len(rows) == 10
