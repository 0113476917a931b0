"""The approval flow "enrolment": the supervisor decides; a paid activity also goes to HR; nobody decides their own."""

import pytest
from django.core.exceptions import PermissionDenied

from pamong.approvals.choices import ProcessStatus, StepState
from pamong.approvals.errors import ApprovalError
from pamong.approvals.models import ApprovalProcess, ApprovalStep, Notification
from pamong.approvals.services import step_act
from pamong.development.choices import EnrolmentStatus
from pamong.development.errors import NOT_ENROLLED, DevelopmentError
from pamong.development.services.training import FLOW, enrolment_request, enrolment_withdraw
from pamong.people.inbox import tasks_for

from .conftest import active_step, make_activity

pytestmark = pytest.mark.django_db


def _request(world, activity, employee=None):
    employee = employee or world.employee
    return enrolment_request(actor=employee.user, activity=activity, employee=employee).enrolment


def test_free_activity_one_supervisor_step(world, activity):
    enrolment = _request(world, activity)
    steps = list(ApprovalStep.objects.filter(process__flow=FLOW, process__target_id=enrolment.pk))
    assert [s.approver_id for s in steps] == [world.supervisor.pk]
    step_act(actor=world.supervisor.user, step=steps[0], outcome="approve")
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.APPROVED
    assert enrolment.decided_at is not None
    assert Notification.objects.filter(recipient=world.employee.user, kind="development.enrolment").exists()


def test_paid_activity_goes_to_hr_after_the_supervisor(world):
    enrolment = _request(world, make_activity(world, cost=1_500_000))
    step_act(actor=world.supervisor.user, step=active_step(enrolment), outcome="approve")
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.REQUESTED
    hr_step = active_step(enrolment)
    assert hr_step.approver_permission == "development.manage_development"
    with pytest.raises(PermissionDenied):
        step_act(actor=world.peer.user, step=hr_step, outcome="approve")
    step_act(actor=world.hr_admin.user, step=hr_step, outcome="approve")
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.APPROVED


def test_rejection(world, activity):
    enrolment = _request(world, activity)
    step_act(actor=world.supervisor.user, step=active_step(enrolment), outcome="reject", reason="Beban kerja tinggi")
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.REJECTED


@pytest.mark.parametrize("outcome", ["change", "defer"])
def test_only_approve_or_reject(world, activity, outcome):
    enrolment = _request(world, activity)
    with pytest.raises(ApprovalError):
        step_act(actor=world.supervisor.user, step=active_step(enrolment), outcome=outcome, reason="x")
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.REQUESTED


def test_requester_cannot_decide_their_own(world, activity):
    enrolment = _request(world, activity)
    with pytest.raises(PermissionDenied):
        step_act(actor=world.employee.user, step=active_step(enrolment), outcome="approve")


def test_a_supervisors_own_enrolment_goes_up_the_line(world):
    enrolment = _request(world, make_activity(world, cost=100), employee=world.supervisor)
    step = active_step(enrolment)
    assert step.approver_id == world.unit_head.pk
    with pytest.raises(PermissionDenied):
        step_act(actor=world.supervisor.user, step=step, outcome="approve")
    step_act(actor=world.unit_head.user, step=step, outcome="approve")
    step_act(actor=world.hr_admin.user, step=active_step(enrolment), outcome="approve")
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.APPROVED


def test_withdraw_cancels_the_pending_process(world, activity):
    enrolment = _request(world, activity)
    enrolment_withdraw(actor=world.employee.user, enrolment=enrolment)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN
    process = ApprovalProcess.objects.get(flow=FLOW, target_id=enrolment.pk)
    assert process.status == ProcessStatus.CANCELLED
    assert not ApprovalStep.objects.filter(process=process, state=StepState.ACTIVE).exists()
    with pytest.raises(DevelopmentError) as caught:
        enrolment_withdraw(actor=world.employee.user, enrolment=enrolment)
    assert caught.value.code == NOT_ENROLLED


def test_only_the_employee_withdraws(world, activity):
    enrolment = _request(world, activity)
    with pytest.raises(PermissionDenied):
        enrolment_withdraw(actor=world.supervisor.user, enrolment=enrolment)


def test_the_decision_appears_in_the_supervisors_tasks(world, activity):
    enrolment = _request(world, activity)
    tasks = [t for t in tasks_for(world.supervisor.user) if t.kind == "development.enrolment"]
    assert len(tasks) == 1
    assert str(enrolment.public_id) in tasks[0].url
    assert not [t for t in tasks_for(world.peer.user) if t.kind == "development.enrolment"]
    # Listed once: the flow is claimed, the generic approvals source does not repeat it.
    assert not [t for t in tasks_for(world.supervisor.user) if t.kind == f"approvals.{FLOW}"]
