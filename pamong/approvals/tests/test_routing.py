"""Who takes each step: the default route (atasan langsung considers, the OPD head decides), merged steps, and
self-approval made impossible by construction (segregation of duties)."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from pamong.approvals.errors import ApprovalError
from pamong.approvals.models import ActingAssignment, ApprovalProcess, ApprovalStep
from pamong.approvals.permissions import can_act_on_step
from pamong.approvals.selectors import steps_awaiting
from pamong.approvals.services import plan_steps, step_act
from pamong.leave.choices import LeaveStatus
from pamong.leave.tests.factories import open_years, submit
from pamong.people.models import Employee
from pamong.people.tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def _plan(requester):
    return plan_steps(flow="leave", requester=requester, request_kind="CT", context={}, today=date(2026, 6, 1))


def test_by_default_the_supervisor_considers_and_the_opd_head_decides(world):
    planned = _plan(world.employee)
    assert [(p.approver, p.spec.is_binding, p.approver_position_id) for p in planned] == [
        (world.supervisor, False, world.division_head_position.pk), (world.unit_head, True, world.head_position.pk)]


def test_a_supervisor_who_is_also_the_opd_head_decides_in_one_merged_binding_step(leave_world):
    """The Kepala Bidang reports to the Kepala Dinas: atasan langsung and PyBMC are one person."""
    # given the Kepala Bidang's request
    world = leave_world

    # when it is submitted
    application = submit(world.supervisor)

    # then there is one binding step for the Kepala Dinas, labelled with both roles
    [step] = application.process.steps.all()
    assert (step.approver, step.is_binding, step.state) == (world.unit_head, True, "active")
    assert step.label == "atasan langsung / pejabat yang berwenang"

    # and one answer decides it
    result = step_act(actor=world.unit_head.user, step=step, outcome="approve")
    assert result.finished
    application.refresh_from_db()
    assert application.status == LeaveStatus.APPROVED


def test_a_unit_heads_own_request_goes_to_the_next_official_up_the_line(world, calendar_2026):
    """Nobody decides their own leave: the Kepala Badan's request goes to the Sekretaris Daerah."""
    # given an OPD whose head reports to the Sekretaris Daerah
    sekda_position = world.executive.current_position
    unit = OrgUnitFactory(pemda=world.pemda, name="Badan Pendapatan Daerah")
    head_position = PositionFactory(org_unit=unit, name="Kepala Badan Pendapatan", is_unit_head=True, capacity=1,
                                    supervisor_position=sekda_position)
    head = EmployeeFactory(position=head_position, name="Rahmat Hidayat")
    open_years(head, 2026)

    # when the head asks for leave
    application = submit(head)

    # then the Sekretaris Daerah takes both roles in one binding step
    [step] = application.process.steps.all()
    assert (step.approver, step.is_binding) == (world.executive, True)
    assert step.approver != step.requester


def test_a_top_official_with_nobody_above_is_refused_no_approver(world):
    with pytest.raises(ApprovalError) as refused:
        _plan(world.unit_head)
    assert refused.value.code == "approvals.no_approver"


def test_the_database_refuses_a_step_whose_approver_is_the_requester(leave_world):
    """CheckConstraint approval_step_not_self: self-approval is impossible even by a bug in the resolver."""
    world = leave_world
    application = submit(world.employee)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApprovalStep.objects.create(process=application.process, order=5, label="x", role="supervisor",
                                    requester=world.employee, approver=world.employee)


def test_the_database_refuses_a_step_acted_by_the_requester(leave_world):
    world = leave_world
    application = submit(world.employee)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApprovalStep.objects.filter(process=application.process, order=0).update(acted_by=world.employee)


def _legacy_appointment(world, **fields):
    """An appointment made before the service refused it (acting_assignment_create refuses a Plt/Plh of the
    post that decides one's own requests); the runtime guard must still hold for such rows."""
    return ActingAssignment.objects.create(pemda=world.pemda, created_by=world.hr_admin.user, **fields)


def test_an_employee_made_plt_of_their_supervisors_post_cannot_act_on_their_own_request(leave_world):
    # given the employee appointed Plh of the Kepala Bidang post for June
    world = leave_world
    _legacy_appointment(world, position=world.division_head_position, acting=world.employee,
                        kind="plh", start_date=date(2026, 6, 1), end_date=date(2026, 6, 30))
    application = submit(world.employee)
    step = application.process.steps.get(order=0)
    assert step.approver == world.supervisor

    # when the employee tries to answer their own request as Plh
    # then it is refused, and the step is not in their queue
    assert can_act_on_step(world.employee.user, step) is False
    assert not steps_awaiting(world.employee.user).filter(pk=step.pk).exists()
    with pytest.raises(PermissionDenied):
        step_act(actor=world.employee.user, step=step, outcome="approve")
    step.refresh_from_db()
    assert step.state == "active"


def test_an_employee_acting_in_their_supervisors_vacant_post_is_skipped_for_their_own_request(leave_world):
    # given the Kepala Bidang post vacant with the employee as its Plt
    world = leave_world
    Employee.objects.filter(pk=world.supervisor.pk).update(is_active=False)
    _legacy_appointment(world, position=world.division_head_position, acting=world.employee,
                        kind="plt", start_date=date(2026, 6, 1), end_date=date(2026, 12, 31))

    # when the employee asks for leave
    application = submit(world.employee)

    # then the request goes past their own acting post to the Kepala Dinas, in one step
    [step] = application.process.steps.all()
    assert (step.approver, step.is_binding) == (world.unit_head, True)


def test_a_peer_may_not_answer_a_step_even_holding_the_same_post(leave_world):
    world = leave_world
    application = submit(world.employee)
    with pytest.raises(PermissionDenied):
        step_act(actor=world.peer.user, step=application.process.steps.get(order=0), outcome="approve")


def test_approvers_are_fixed_when_the_process_starts(leave_world):
    """A later reorganisation does not silently move pending work (module docstring of approvals.models)."""
    world = leave_world
    application = submit(world.employee)
    newcomer = EmployeeFactory(position=world.division_head_position, name="Baru")
    Employee.objects.filter(pk=world.supervisor.pk).update(is_active=False)

    step = application.process.steps.get(order=0)
    assert step.approver == world.supervisor
    with pytest.raises(PermissionDenied):
        step_act(actor=newcomer.user, step=step, outcome="approve")


def test_one_process_per_target(leave_world):
    world = leave_world
    application = submit(world.employee)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApprovalProcess.objects.create(pemda=world.pemda, flow="leave", target_id=application.pk,
                                       requester=world.employee)
