"""A calendar change recomputes the working days of undecided leave over it (audited) and leaves decided
leave alone: a decided application is never edited (rules.md §2.5; LeaveApplication docstring)."""

from datetime import date

import pytest
import time_machine

from pamong.approvals.services import step_act
from pamong.audit.models import AuditEvent
from pamong.leave.audit import LeaveAudit
from pamong.leave.choices import LedgerKind
from pamong.leave.models import LeaveLedgerEntry
from pamong.leave.selectors import annual_balance
from pamong.leave.tests.factories import submit
from pamong.workcalendar.models import CalendarDay
from pamong.workcalendar.services import calendar_day_add, calendar_day_remove

pytestmark = pytest.mark.django_db

ANNIVERSARY = date(2026, 7, 7)  # a Tuesday


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def add_regional_holiday(world, day=ANNIVERSARY, pemda=None, actor=None):
    return calendar_day_add(actor=(actor or world.hr_admin).user, pemda=pemda or world.pemda, day=day,
                            kind="regional_holiday", name="Hari Jadi Kabupaten Mamuju")


def test_a_regional_holiday_inside_an_open_application_lowers_its_working_days(leave_world):
    # given a submitted request for 6-8 July (3 days)
    world = leave_world
    application = submit(world.employee)
    assert annual_balance(world.employee, 2026).available == 9

    # when HR adds a regional holiday on 7 July
    add_regional_holiday(world)

    # then the request costs 2 days, the change is audited, and the held days follow
    application.refresh_from_db()
    assert application.working_days == 2
    assert application.calendar_days == 3
    event = AuditEvent.objects.get(action=LeaveAudit.APPLICATION_RECOMPUTED)
    assert event.target_id == str(application.public_id)
    assert event.changes == {"working_days": [3, 2]}
    assert event.actor == world.hr_admin.user
    assert annual_balance(world.employee, 2026).available == 10


def test_a_considered_application_is_recomputed_too(leave_world):
    world = leave_world
    application = submit(world.employee)
    step_act(actor=world.supervisor.user, step=application.process.steps.get(order=0), outcome="approve")

    add_regional_holiday(world)

    application.refresh_from_db()
    assert application.working_days == 2
    # and the official then books the recomputed days
    step_act(actor=world.unit_head.user, step=application.process.steps.get(order=1), outcome="approve")
    assert LeaveLedgerEntry.objects.get(application=application, kind=LedgerKind.USAGE).days == -2


def test_removing_the_day_again_restores_the_working_days(leave_world):
    world = leave_world
    application = submit(world.employee)
    entry = add_regional_holiday(world)

    calendar_day_remove(actor=world.hr_admin.user, entry=entry)

    application.refresh_from_db()
    assert application.working_days == 3
    assert list(AuditEvent.objects.filter(action=LeaveAudit.APPLICATION_RECOMPUTED).order_by("pk")
                .values_list("changes", flat=True)) == [{"working_days": [3, 2]}, {"working_days": [2, 3]}]


def test_decided_applications_are_left_alone(leave_world):
    # given approved leave of 6-8 July with 3 days booked
    world = leave_world
    application = submit(world.employee)
    step_act(actor=world.supervisor.user, step=application.process.steps.get(order=0), outcome="approve")
    step_act(actor=world.unit_head.user, step=application.process.steps.get(order=1), outcome="approve")

    # when a holiday is added inside it
    add_regional_holiday(world)

    # then neither the application nor its booking changes
    application.refresh_from_db()
    assert application.working_days == 3
    assert LeaveLedgerEntry.objects.get(application=application, kind=LedgerKind.USAGE).days == -3
    assert not AuditEvent.objects.filter(action=LeaveAudit.APPLICATION_RECOMPUTED).exists()


def test_applications_outside_the_day_or_in_another_agency_are_left_alone(leave_world):
    world = leave_world
    later = submit(world.employee, start_date=date(2026, 7, 13), end_date=date(2026, 7, 15))
    inside = submit(world.peer)

    # a holiday of another agency on the same date, then ours outside "later"
    add_regional_holiday(world, pemda=world.other_pemda, actor=world.other_pemda_admin)
    inside.refresh_from_db()
    assert inside.working_days == 3
    add_regional_holiday(world)

    later.refresh_from_db()
    inside.refresh_from_db()
    assert later.working_days == 3
    assert inside.working_days == 2
    assert AuditEvent.objects.filter(action=LeaveAudit.APPLICATION_RECOMPUTED).count() == 1


def test_a_calendar_change_that_a_recompute_cannot_follow_rolls_back_together(leave_world, monkeypatch):
    """Listeners run in the calendar change's transaction: both commit or neither."""
    world = leave_world
    application = submit(world.employee)

    def broken(**kwargs):
        raise RuntimeError("listener failed")

    from pamong.workcalendar import services as calendar_services

    monkeypatch.setattr(calendar_services, "_listeners", [*calendar_services._listeners, broken])
    with pytest.raises(RuntimeError):
        add_regional_holiday(world)

    assert not CalendarDay.objects.filter(date=ANNIVERSARY).exists()
    application.refresh_from_db()
    assert application.working_days == 3
    assert not AuditEvent.objects.filter(action__in=["calendar.day_added", LeaveAudit.APPLICATION_RECOMPUTED]).exists()
