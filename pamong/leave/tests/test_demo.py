"""The leave demo: idempotent, written as the services would write it, something to see for every demo account."""

from datetime import date

import pytest
import time_machine

from pamong.approvals.choices import ActingKind, ProcessStatus, StepState
from pamong.approvals.models import ActingAssignment, ApprovalProcess, ApprovalRouteStep, ApprovalStep, Notification
from pamong.approvals.services import plan_steps, step_act
from pamong.audit.models import AuditEvent
from pamong.leave import demo
from pamong.leave.models import LeaveApplication, LeaveAttachment, LeaveLedgerEntry
from pamong.leave.selectors import (
    FLOW,
    annual_balance,
    is_year_opened,
    leave_queue,
    year_opening_plan,
    year_opening_plans,
)
from pamong.leave.services import LeaveInput, leave_application_submit
from pamong.people import demo as people_demo
from pamong.people.models import Employee
from pamong.workcalendar.models import CalendarDay

TODAY = "2026-12-02 09:00+08:00"
STATUS_OF_PROCESS = {
    "approved": {ProcessStatus.APPROVED, ProcessStatus.CHANGED}, "rejected": {ProcessStatus.REJECTED},
    "deferred": {ProcessStatus.DEFERRED}, "cancelled": {ProcessStatus.CANCELLED},
    "submitted": {ProcessStatus.PENDING}, "considered": {ProcessStatus.PENDING},
}


@pytest.fixture
def seeded(db):
    with time_machine.travel(TODAY, tick=False):
        people_demo.seed_demo(employees=60, seed=2)
        yield demo.seed_leave_demo(seed=1)


def _snapshot() -> tuple:
    return tuple(model.objects.count() for model in (
        LeaveApplication, LeaveAttachment, LeaveLedgerEntry, ApprovalProcess, ApprovalStep, ApprovalRouteStep,
        ActingAssignment, Notification, CalendarDay, AuditEvent, Employee))


def _accounts() -> dict[str, Employee]:
    pemda = Employee.objects.first().pemda
    names = {a["role"]: a["username"] for a in people_demo.demo_accounts(pemda)}
    return {role: Employee.objects.select_related("user").get(user__username=username)
            for role, username in names.items() if role != "superadmin"}


def test_a_second_run_writes_nothing(seeded):
    # given a seeded leave demo
    assert seeded.created
    before = _snapshot()

    # when it is seeded again
    with time_machine.travel(TODAY, tick=False):
        again = demo.seed_leave_demo(seed=1)

    # then nothing was written, and the same summary is reported
    assert not again.created
    assert _snapshot() == before
    assert again.counts == seeded.counts
    assert AuditEvent.objects.filter(action=demo.LEAVE_DEMO_ACTION).count() == 1


def test_without_the_people_demo_it_refuses(db):
    with pytest.raises(demo.DemoMissing):
        demo.seed_leave_demo()
    assert LeaveApplication.objects.count() == 0


def test_the_demo_holds_every_kind_of_case(seeded):
    counts = seeded.counts["by_status"]
    for status in ("approved", "submitted", "considered", "deferred", "rejected", "cancelled"):
        assert counts[status] > 0, status
    # the three calendars (library, audited once) and the regional holiday
    days = CalendarDay.objects.all()
    assert {d.year for d in days.values_list("date", flat=True)} == {2025, 2026, 2027}
    regional = days.get(kind="regional_holiday")
    assert (regional.date, regional.name) == (date(2026, 7, 14), "HUT Kabupaten Mamuju")
    assert AuditEvent.objects.filter(action="calendar.year_prefilled").count() == 1
    # leave abroad: decided by the Sekretaris Daerah for the PPK
    route = ApprovalRouteStep.objects.get(flow=FLOW, is_binding=True)
    assert route.condition == {"abroad": True}
    assert route.position.name == "Sekretaris Daerah"
    assert LeaveApplication.objects.filter(abroad=True, status="approved").exists()
    # one Plt: the head of Dinas Sosial moved away, the secretary acts
    acting = ActingAssignment.objects.get()
    assert acting.kind == ActingKind.PLT
    assert acting.position.name == "Kepala Dinas Sosial"
    assert not Employee.objects.filter(current_position=acting.position, is_active=True).exists()
    # other leave types come through the services with their documents
    assert LeaveAttachment.objects.filter(application__leave_type="CS").exists()


def test_each_demo_account_has_something_to_see(seeded):
    accounts = _accounts()
    with time_machine.travel(TODAY, tick=False):
        employee = accounts["employee"]
        assert LeaveApplication.objects.filter(employee=employee, status__in=["submitted", "considered"]).exists()
        balance = annual_balance(employee, 2026)
        assert balance.pot(1) > 0  # days carried from 2025
        assert leave_queue(accounts["supervisor"].user)
        assert leave_queue(accounts["executive"].user)  # the heads' own leave and leave abroad
    assert any(employee.nip in note and f"N-1 {balance.pot(1)}," in note for note in seeded.notes)


def test_rows_are_those_the_services_write(seeded):
    applications = list(LeaveApplication.objects.select_related("process", "employee"))
    steps: dict[int, list[ApprovalStep]] = {}
    for step in ApprovalStep.objects.order_by("order"):
        steps.setdefault(step.process_id, []).append(step)
    usage: dict[int, int] = {}
    for line in LeaveLedgerEntry.objects.filter(kind="usage"):
        usage[line.application_id] = usage.get(line.application_id, 0) - line.days
    for application in applications:
        process = application.process
        assert (process.flow, process.target_id, process.requester_id) == (FLOW, application.pk, application.employee_id)
        assert process.status in STATUS_OF_PROCESS[application.status], application
        own = steps[process.pk]
        assert all(s.approver_id != application.employee_id for s in own)
        active = [s for s in own if s.state == StepState.ACTIVE]
        assert len(active) == (1 if process.status == ProcessStatus.PENDING else 0)
        if application.status == "approved" and application.leave_type == "CT":
            assert usage.get(application.pk) == application.working_days, application
        else:
            assert application.pk not in usage
    # the bulk history took the route the engine plans (outside the OPD whose head has since moved)
    acting = ActingAssignment.objects.get()
    with time_machine.travel(TODAY, tick=False):
        for application in [a for a in applications if a.start_date.year == 2025][:40]:
            employee = Employee.objects.select_related("current_position", "current_unit").get(pk=application.employee_id)
            if employee.current_unit.path.startswith(acting.position.org_unit.path):
                continue
            planned = plan_steps(flow=FLOW, requester=employee, request_kind="CT")
            assert [(p.approver.pk, p.spec.is_binding) for p in planned] == [
                (s.approver_id, s.is_binding) for s in steps[application.process_id]]


def test_bulk_year_opening_matches_the_selector(seeded):
    # given a cuti besar approved for 2027 (its forfeit is part of the opening)
    with time_machine.travel(TODAY, tick=False):
        senior = (Employee.objects.filter(status="pns", is_active=True, first_appointment_date__lt=date(2015, 1, 1),
                                          current_position__is_unit_head=False)
                  .exclude(current_unit__path__startswith=ActingAssignment.objects.get().position.org_unit.path)
                  .select_related("current_position", "current_unit", "user").order_by("pk").first())
        application, _ = leave_application_submit(
            actor=senior.user, employee=senior, data=LeaveInput(
                leave_type="CB", start_date=date(2027, 2, 1), end_date=date(2027, 3, 31), address="Mamuju"))
        for _ in range(2):
            step = ApprovalStep.objects.filter(process_id=application.process_id, state="active").first()
            step_act(actor=step.approver.user, step=step, outcome="approve")
        application.refresh_from_db()
        assert application.status == "approved"

        # when 2027 is planned in bulk and one by one
        employees = list(Employee.objects.filter(is_active=True).order_by("pk"))
        bulk = year_opening_plans(employees, 2027)

        # then every employee gets the same lines, and those whose 2027 is already open (a booking opened it) none
        for employee in employees:
            if is_year_opened(employee.pk, 2027):
                assert employee.pk not in bulk
            else:
                assert bulk.get(employee.pk, []) == year_opening_plan(employee, 2027), employee.pk
    assert any(line.kind == "long_service_forfeit" for line in bulk[senior.pk])
    assert any(line.kind == "expiry" for plan in bulk.values() for line in plan)
