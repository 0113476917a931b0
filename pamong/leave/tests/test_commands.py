"""The leave commands and tasks: seed_leave_demo, leave_rollover, approval_reminders."""

import io
from datetime import date

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from pamong.approvals.models import ApprovalStep, Notification
from pamong.audit.models import AuditEvent
from pamong.leave.models import LeaveApplication, LeaveLedgerEntry
from pamong.leave.tasks import approval_reminders_task, leave_rollover_task
from pamong.leave.tests.factories import submit
from pamong.people.demo import seed_demo

TODAY = "2026-12-02 09:00+08:00"


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_seed_leave_demo_twice_duplicates_nothing(db, frozen):
    # given the people demo of 40 employees
    seed_demo(employees=40, seed=1)

    # when the leave demo is seeded twice
    first = _run("seed_leave_demo")
    counts = (LeaveApplication.objects.count(), LeaveLedgerEntry.objects.count(), ApprovalStep.objects.count(),
              AuditEvent.objects.count())
    second = _run("seed_leave_demo")

    # then the second run wrote nothing and said so
    assert "Seeded the leave demo" in first
    assert "nothing changed" in second
    assert (LeaveApplication.objects.count(), LeaveLedgerEntry.objects.count(), ApprovalStep.objects.count(),
            AuditEvent.objects.count()) == counts
    assert f"Leave applications: {counts[0]} " in second


def test_seed_leave_demo_needs_the_people_demo(db):
    with pytest.raises(CommandError, match="seed_demo"):
        _run("seed_leave_demo")


def test_leave_rollover_is_idempotent(world, calendar_2026, frozen):
    # given the world's employees with nothing opened for 2027
    before = LeaveLedgerEntry.objects.count()

    # when the roll-over runs twice
    first = _run("leave_rollover", "--year", "2027")
    written = LeaveLedgerEntry.objects.count() - before
    second = _run("leave_rollover", "--year", "2027")

    # then the first opened every eligible employee once, the second wrote nothing
    assert written > 0
    assert f"{written} ledger line(s)" in first
    assert "0 ledger line(s)" in second
    assert LeaveLedgerEntry.objects.count() == before + written
    assert LeaveLedgerEntry.objects.filter(kind="entitlement", pot_year=2027, employee=world.employee).count() == 1
    assert AuditEvent.objects.filter(action="leave.year_opened").count() == 2  # one per agency, first run only


def test_leave_rollover_defaults_to_this_year_and_refuses_far_years(world, calendar_2026, frozen):
    assert "Cuti tahunan 2026:" in _run("leave_rollover")
    with pytest.raises(CommandError, match="2031"):
        _run("leave_rollover", "--year", "2031")
    with pytest.raises(CommandError, match="Pemda"):
        _run("leave_rollover", "--pemda", "999999")


def test_leave_rollover_of_one_pemda_leaves_the_others(world, calendar_2026, frozen):
    _run("leave_rollover", "--year", "2027", "--pemda", str(world.other_pemda.pk))
    opened = set(LeaveLedgerEntry.objects.filter(pot_year=2027).values_list("employee__pemda_id", flat=True))
    assert opened <= {world.other_pemda.pk}


def test_approval_reminders_remind_each_overdue_step_once(leave_world):
    # given an application submitted on 1 June, its first step waiting since
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        submit(leave_world.employee)

    # when the reminders run twice, seven working days later
    with time_machine.travel("2026-06-10 07:00+08:00", tick=False):
        first = _run("approval_reminders")
        second = _run("approval_reminders")

    # then the approver was reminded once
    assert "for 1 step(s)" in first
    assert "for 0 step(s)" in second
    assert Notification.objects.filter(kind="approvals.reminder", recipient=leave_world.supervisor.user).count() == 1


def test_tasks_run_the_same_services(world, calendar_2026, frozen):
    assert leave_rollover_task.run(2027) > 0
    assert leave_rollover_task.run(2027) == 0
    assert leave_rollover_task.run() >= 0  # this year
    assert approval_reminders_task.run() == 0
    assert date(2026, 12, 2) == timezone.localdate()
