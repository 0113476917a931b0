"""Cuti bersama (PP 11/2017 Pasal 333): it never reduces cuti tahunan, and an ASN kept at work on a cuti
bersama day gets the day added (collective_leave_credit_add)."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from pamong.approvals.services import step_act
from pamong.audit.models import AuditEvent
from pamong.leave.audit import LeaveAudit
from pamong.leave.choices import LedgerKind
from pamong.leave.errors import LeaveError
from pamong.leave.models import LeaveLedgerEntry
from pamong.leave.selectors import annual_balance
from pamong.leave.services import collective_leave_credit_add
from pamong.leave.tests.factories import submit

pytestmark = pytest.mark.django_db

CHRISTMAS_EVE = date(2026, 12, 24)  # cuti bersama Natal (SKB 2025, rules.md §2.5)


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def test_cuti_tahunan_over_a_cuti_bersama_day_costs_fewer_days(leave_world):
    # given a request for Monday 21 to Thursday 24 December (24 December is cuti bersama)
    world = leave_world
    application = submit(world.employee, start_date=date(2026, 12, 21), end_date=CHRISTMAS_EVE)

    # when it is approved
    step_act(actor=world.supervisor.user, step=application.process.steps.get(order=0), outcome="approve")
    step_act(actor=world.unit_head.user, step=application.process.steps.get(order=1), outcome="approve")

    # then it costs three days, not four
    application.refresh_from_db()
    assert application.working_days == 3
    assert annual_balance(world.employee, 2026).total == 9


def test_the_calendars_cuti_bersama_days_never_touch_the_ledger(leave_world):
    """Eight cuti bersama days in 2026, and the year's ledger still holds only the entitlement."""
    world = leave_world
    assert list(LeaveLedgerEntry.objects.filter(employee=world.employee).values_list("kind", "days")) == [
        (LedgerKind.ENTITLEMENT, 12)]
    assert annual_balance(world.employee, 2026).total == 12


def test_a_day_worked_on_cuti_bersama_is_added_to_cuti_tahunan(leave_world):
    # given
    world = leave_world

    # when HR records that the employee worked on 24 December
    line = collective_leave_credit_add(actor=world.hr_admin.user, employee=world.employee, day=CHRISTMAS_EVE,
                                       note="Piket layanan PPDB")

    # then one day is added to 2026, and it is audited
    assert (line.kind, line.pot_year, line.days, line.entry_date) == (
        LedgerKind.COLLECTIVE_LEAVE_CREDIT, 2026, 1, CHRISTMAS_EVE)
    assert line.note == "Piket layanan PPDB"
    assert annual_balance(world.employee, 2026).total == 13
    event = AuditEvent.objects.get(action=LeaveAudit.COLLECTIVE_LEAVE_CREDITED)
    assert event.changes == {"day": [None, "2026-12-24"], "days": [None, 1]}
    assert event.actor == world.hr_admin.user


def test_the_same_day_cannot_be_credited_twice(leave_world):
    world = leave_world
    collective_leave_credit_add(actor=world.hr_admin.user, employee=world.employee, day=CHRISTMAS_EVE)

    with pytest.raises(LeaveError) as conflict:
        collective_leave_credit_add(actor=world.hr_admin.user, employee=world.employee, day=CHRISTMAS_EVE)

    assert conflict.value.code == "leave.duplicate"
    assert conflict.value.http_status == 409
    assert LeaveLedgerEntry.objects.filter(kind=LedgerKind.COLLECTIVE_LEAVE_CREDIT).count() == 1
    assert AuditEvent.objects.filter(action=LeaveAudit.COLLECTIVE_LEAVE_CREDITED).count() == 1


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(date(2026, 12, 25), id="a national holiday (Natal) is no cuti bersama"),
        pytest.param(date(2026, 7, 7), id="an ordinary working day"),
        pytest.param(date(2026, 7, 11), id="a Saturday"),
    ],
)
def test_only_a_cuti_bersama_day_can_be_credited(leave_world, day):
    world = leave_world
    with pytest.raises(LeaveError) as refused:
        collective_leave_credit_add(actor=world.hr_admin.user, employee=world.employee, day=day)
    assert refused.value.code == "leave.not_cuti_bersama"
    assert refused.value.extra["fields"]["day"]
    assert not LeaveLedgerEntry.objects.filter(kind=LedgerKind.COLLECTIVE_LEAVE_CREDIT).exists()
    assert not AuditEvent.objects.filter(action=LeaveAudit.COLLECTIVE_LEAVE_CREDITED).exists()


@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head", "other_pemda_admin"])
def test_only_the_agencys_hr_credits_days(leave_world, persona):
    world = leave_world
    with pytest.raises(PermissionDenied):
        collective_leave_credit_add(actor=getattr(world, persona).user, employee=world.employee, day=CHRISTMAS_EVE)
    assert not LeaveLedgerEntry.objects.filter(kind=LedgerKind.COLLECTIVE_LEAVE_CREDIT).exists()


def test_a_credit_in_a_year_not_yet_open_opens_it(world, calendar_2026):
    line = collective_leave_credit_add(actor=world.hr_admin.user, employee=world.employee, day=CHRISTMAS_EVE)
    assert line.pot_year == 2026
    assert annual_balance(world.employee, 2026).total == 13
