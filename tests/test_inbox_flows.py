"""Tugas saya across contexts: the approval steps of every flow waiting for the actor are read in one query, and
each context's source lists only its own."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pamong.leave.tests.factories import open_years, submit
from pamong.people.inbox import inbox_for
from pamong.performance import services
from pamong.performance.tests.services.builders import PLANNED_ON, plan

pytestmark = pytest.mark.django_db


def test_steps_of_two_flows_are_read_in_one_query_and_each_source_lists_its_own(world):
    skp = plan(world.employee)
    with time_machine.travel(PLANNED_ON, tick=False):
        services.skp_submit(actor=world.employee.user, skp=skp)
        with CaptureQueriesContext(connection) as one_flow:
            inbox_for(world.supervisor.user)
        open_years(world.employee, 2026)
        submit(world.employee, today=date(2026, 1, 5), start_date=date(2026, 2, 2), end_date=date(2026, 2, 3))
        with CaptureQueriesContext(connection) as two_flows:
            tasks, _counts = inbox_for(world.supervisor.user)

    kinds = sorted(task.kind for task in tasks if task.kind in ("performance.agree", "leave.step"))
    assert kinds == ["leave.step", "performance.agree"]
    step_reads = [q for q in two_flows.captured_queries if q["sql"].startswith('SELECT "approvals_approvalstep"."id"')]
    assert len(step_reads) == 1
    assert len(two_flows.captured_queries) <= len(one_flow.captured_queries) + 1  # the leave applications' rows
