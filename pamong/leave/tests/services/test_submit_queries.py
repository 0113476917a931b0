"""The queries of one leave submission (issue #10 "Writes"): a fixed number, whatever the history or the route.

One submission reads the calendar, the employee's applications (with the Idempotency-Key's), the ledger, the
route, the OPD head's post and the holders of every post of the route once each, then writes the application,
the process, its steps, both audit events in one batch (one chain-head read), the first approver's notice and
the application's process link. PostgreSQL also locks the employee row and the audit chain (SQLite's IMMEDIATE
transaction already serialises the writers).
"""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pamong.approvals.models import ApprovalRouteStep, Notification
from pamong.audit.chain import verify_chain
from pamong.audit.models import AuditEvent
from pamong.leave.choices import LeaveStatus, LeaveType
from pamong.leave.models import LeaveApplication
from pamong.leave.services import leave_application_submit
from pamong.leave.tests.factories import leave_input
from pamong.people.selectors import actor_employee

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)
# The idempotency pre-check, the savepoint and its release, calendar, applications, ledger, route, OPD head post,
# holders, application, process, steps, chain head, audit batch, notice, process link; PostgreSQL also locks the
# employee row and takes the audit chain's advisory lock.
SUBMIT_QUERIES = 16 + (2 if connection.vendor == "postgresql" else 0)


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def _submit_counted(employee, **overrides):
    """Submit as the API does (the employee as actor_employee() loads them, with an Idempotency-Key)."""
    user = employee.user
    me = actor_employee(user)
    with CaptureQueriesContext(connection) as queries:
        application, created = leave_application_submit(actor=user, employee=me, data=leave_input(**overrides),
                                                         idempotency_key=f"key-{overrides}", today=TODAY)
    assert created
    return application, [q["sql"] for q in queries.captured_queries]


def test_a_submission_costs_a_fixed_number_of_queries(leave_world):
    # when the employee submits three days of cuti tahunan
    application, queries = _submit_counted(leave_world.employee)

    # then the count is pinned, and the audit chain head is read once for both events
    assert len(queries) == SUBMIT_QUERIES, "\n".join(queries)
    assert sum('FROM "audit_auditevent"' in sql for sql in queries) == 1
    assert AuditEvent.objects.filter(target_id__in=[str(application.public_id)]).count() == 1
    assert verify_chain()[0]
    # and the first approver's notice names the application without re-reading it
    notice = Notification.objects.get(recipient=leave_world.supervisor.user)
    assert str(application.public_id) in notice.url


def test_the_count_does_not_grow_with_the_employees_history_or_an_unopened_year(leave_world):
    # given an employee with years of applications behind them and 2026 not opened yet (projected opening)
    employee = leave_world.peer
    for offset in range(30):
        start = date(2024, 1, 8) + timedelta(days=offset * 21)
        LeaveApplication.objects.create(
            pemda_id=employee.pemda_id, employee=employee, leave_type=LeaveType.SICK if offset % 3 else LeaveType.ANNUAL,
            start_date=start, end_date=start, working_days=1, calendar_days=1, submitted_by=employee.user,
            status=LeaveStatus.APPROVED if start < TODAY else LeaveStatus.SUBMITTED)
    employee.user.refresh_from_db()
    LeaveApplication.objects.filter(employee=employee, start_date__gte=date(2026, 1, 1)).delete()

    # when they submit
    _application, queries = _submit_counted(employee, start_date=date(2026, 8, 3), end_date=date(2026, 8, 4))

    # then the count is the same
    assert len(queries) == SUBMIT_QUERIES, "\n".join(queries)


def test_a_longer_route_reads_the_hierarchy_once(leave_world):
    # given a configured three-step route: the supervisor, a named post (the Sekda), the OPD head
    world = leave_world
    sekda_post = world.executive.current_position
    for order, role, position in ((1, "supervisor", None), (2, "position", sekda_post), (3, "opd_head", None)):
        ApprovalRouteStep.objects.create(pemda=world.pemda, flow="leave", order=order, role=role, position=position,
                                         label=f"step {order}", is_binding=order == 3)

    # when the employee submits
    application, queries = _submit_counted(world.employee)

    # then three approvers are planned from one read of the holders; only the named post's own row is added
    assert application.process.steps.count() == 3
    assert sum('FROM "people_employee"' in sql for sql in queries) == (
        2 if connection.features.has_select_for_update else 1)
    assert len(queries) == SUBMIT_QUERIES + 1, "\n".join(queries)
