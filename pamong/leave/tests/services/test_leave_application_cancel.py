"""leave_application_cancel: the applicant withdraws an undecided application; decided ones answer 409."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from pamong.approvals.services import step_act
from pamong.audit.models import AuditEvent
from pamong.leave.audit import LeaveAudit
from pamong.leave.choices import LeaveStatus
from pamong.leave.errors import LeaveError
from pamong.leave.selectors import annual_balance
from pamong.leave.services import leave_application_cancel
from pamong.leave.tests.factories import submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def test_the_applicant_cancels_an_undecided_application(leave_world):
    # given a submitted application holding three days
    world = leave_world
    application = submit(world.employee)
    assert annual_balance(world.employee, 2026).available == 9

    # when the employee withdraws it
    cancelled = leave_application_cancel(actor=world.employee.user, application=application, reason="Batal")

    # then it is cancelled, its process and steps stop, the days are free again, and both are audited
    assert cancelled.status == LeaveStatus.CANCELLED
    assert cancelled.decided_at is not None
    application.process.refresh_from_db()
    assert application.process.status == "cancelled"
    assert set(application.process.steps.values_list("state", flat=True)) == {"cancelled"}
    assert annual_balance(world.employee, 2026).available == 12
    event = AuditEvent.objects.get(action=LeaveAudit.APPLICATION_CANCELLED)
    assert event.changes == {"status": ["submitted", "cancelled"], "reason": [None, "Batal"]}
    assert AuditEvent.objects.filter(action="approvals.process_cancelled").count() == 1


def test_an_application_the_supervisor_considered_can_still_be_cancelled(leave_world):
    world = leave_world
    application = submit(world.employee)
    step_act(actor=world.supervisor.user, step=application.process.steps.get(order=0), outcome="approve")

    cancelled = leave_application_cancel(actor=world.employee.user, application=application)

    assert cancelled.status == LeaveStatus.CANCELLED


@pytest.mark.parametrize("persona", ["peer", "supervisor", "unit_head", "hr_admin", "other_pemda_admin"])
def test_only_the_applicant_may_cancel(leave_world, persona):
    world = leave_world
    application = submit(world.employee)
    events = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        leave_application_cancel(actor=getattr(world, persona).user, application=application)

    application.refresh_from_db()
    assert application.status == LeaveStatus.SUBMITTED
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("outcome", ["approve", "reject"])
def test_a_decided_application_cannot_be_cancelled(leave_world, outcome):
    # given a decided application
    world = leave_world
    application = submit(world.employee)
    step_act(actor=world.supervisor.user, step=application.process.steps.get(order=0), outcome="approve")
    step_act(actor=world.unit_head.user, step=application.process.steps.get(order=1), outcome=outcome,
             reason="Beban kerja")
    application.refresh_from_db()
    decided = application.status
    events = AuditEvent.objects.count()

    # when the employee tries to cancel it
    with pytest.raises(LeaveError) as conflict:
        leave_application_cancel(actor=world.employee.user, application=application)

    # then 409, and nothing changed
    assert conflict.value.code == "leave.not_open"
    assert conflict.value.http_status == 409
    application.refresh_from_db()
    assert application.status == decided
    assert AuditEvent.objects.count() == events


def test_cancelling_twice_conflicts(leave_world):
    world = leave_world
    application = submit(world.employee)
    leave_application_cancel(actor=world.employee.user, application=application)
    with pytest.raises(LeaveError) as conflict:
        leave_application_cancel(actor=world.employee.user, application=application)
    assert conflict.value.http_status == 409
    assert AuditEvent.objects.filter(action=LeaveAudit.APPLICATION_CANCELLED).count() == 1
