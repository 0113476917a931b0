"""Cuti besar and cuti tahunan: PP 11/2017 Pasal 317 — cuti besar removes the cuti tahunan of the year it starts
in; days carried from earlier years stay usable."""

from datetime import date

import pytest
import time_machine

from pamong.approvals.services import step_act
from pamong.audit.models import AuditEvent
from pamong.leave.audit import LeaveAudit
from pamong.leave.choices import LeaveStatus, LedgerKind
from pamong.leave.errors import LeaveError
from pamong.leave.models import LeaveLedgerEntry
from pamong.leave.selectors import annual_balance
from pamong.leave.services import leave_application_revoke, leave_quote
from pamong.leave.tests.factories import leave_input, open_years, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


@pytest.fixture
def two_years(world, calendar_2026):
    """6 days carried from 2025 and 12 of 2026."""
    open_years(world.employee, 2025, 2026)
    return world


def consider_and_decide(world, application, outcome="approve", reason=""):
    step_act(actor=world.supervisor.user, step=application.process.steps.get(order=0), outcome="approve")
    return step_act(actor=world.unit_head.user, step=application.process.steps.get(order=1), outcome=outcome,
                    reason=reason)


def long_service(world, **overrides):
    values = dict(leave_type="CB", start_date=date(2026, 7, 6), end_date=date(2026, 9, 30))
    values.update(overrides)
    return submit(world.employee, **values)


def test_approving_cuti_besar_forfeits_the_current_years_cuti_tahunan(two_years):
    # given 6 carried and 12 current days
    world = two_years

    # when cuti besar starting in 2026 is approved
    application = long_service(world)
    consider_and_decide(world, application)

    # then the 12 days of 2026 are forfeited; the 6 carried days stay
    forfeit = LeaveLedgerEntry.objects.get(kind=LedgerKind.LONG_SERVICE_FORFEIT)
    assert (forfeit.pot_year, forfeit.days, forfeit.application_id) == (2026, -12, application.pk)
    assert "Pasal 317" in forfeit.note
    balance = annual_balance(world.employee, 2026)
    assert balance.pots == {2024: 0, 2025: 6, 2026: 0}
    assert balance.long_service_this_year is True
    event = AuditEvent.objects.get(action=LeaveAudit.APPLICATION_DECIDED)
    assert event.changes["ledger"] == [None, {"forfeited": 12}]


def test_after_cuti_besar_cuti_tahunan_that_year_can_only_use_carried_days(two_years):
    # given approved cuti besar in July-September 2026
    world = two_years
    consider_and_decide(world, long_service(world))

    # when the employee asks for 7 days in December
    with pytest.raises(LeaveError) as refused:
        submit(world.employee, start_date=date(2026, 12, 1), end_date=date(2026, 12, 9))

    # then it is refused, and the message explains the forfeit
    [violation] = refused.value.extra["violations"]
    assert violation["code"] == "leave.insufficient_balance"
    assert "Pasal 317" in violation["message"]

    # but the 6 carried days may be used
    application = submit(world.employee, start_date=date(2026, 12, 1), end_date=date(2026, 12, 8))
    assert application.working_days == 6
    consider_and_decide(world, application)
    assert dict(LeaveLedgerEntry.objects.filter(application=application).values_list("pot_year", "days")) == {
        2025: -6}


def test_pending_cuti_tahunan_that_the_forfeit_no_longer_covers_is_refused_at_approval(two_years):
    # given an 8-day cuti tahunan awaiting decision (6 carried + 2 of 2026)
    world = two_years
    annual = submit(world.employee, start_date=date(2026, 11, 2), end_date=date(2026, 11, 11))
    assert annual.working_days == 8
    step_act(actor=world.supervisor.user, step=annual.process.steps.get(order=0), outcome="approve")

    # and cuti besar approved meanwhile
    consider_and_decide(world, long_service(world))

    # when the official approves the cuti tahunan
    with pytest.raises(LeaveError) as refused:
        step_act(actor=world.unit_head.user, step=annual.process.steps.get(order=1), outcome="approve")

    # then the balance no longer covers it and nothing is booked
    assert refused.value.code == "leave.insufficient_balance"
    annual.refresh_from_db()
    assert annual.status == LeaveStatus.CONSIDERED
    assert annual.process.steps.get(order=1).state == "active"
    assert not LeaveLedgerEntry.objects.filter(application=annual).exists()


def test_cuti_besar_in_a_year_not_yet_open_forfeits_that_year_when_it_opens(two_years):
    """The forfeit belongs to the year the cuti besar starts in (Pasal 317)."""
    world = two_years
    application = long_service(world, start_date=date(2027, 2, 1), end_date=date(2027, 4, 30))
    consider_and_decide(world, application)
    assert not LeaveLedgerEntry.objects.filter(kind=LedgerKind.LONG_SERVICE_FORFEIT).exists()
    assert annual_balance(world.employee, 2026).total == 18  # this year untouched

    projected = annual_balance(world.employee, 2027)
    assert projected.pot(0) == 0
    assert projected.long_service_this_year
    with time_machine.travel("2027-01-02 08:00+08:00", tick=False):
        open_years(world.employee, 2027)
    assert LeaveLedgerEntry.objects.get(kind=LedgerKind.LONG_SERVICE_FORFEIT).pot_year == 2027
    assert annual_balance(world.employee, 2027).pots == projected.pots


def test_the_quote_for_cuti_besar_warns_of_the_forfeit(two_years):
    quote = leave_quote(employee=two_years.employee, data=leave_input(leave_type="CB", end_date=date(2026, 9, 30)),
                        today=date(2026, 6, 1))
    assert quote.ok
    assert any("Pasal 317" in warning for warning in quote.warnings)
    assert any("Pasal 318" in warning for warning in quote.warnings)


def test_a_rejected_cuti_besar_forfeits_nothing(two_years):
    world = two_years
    consider_and_decide(world, long_service(world), outcome="reject", reason="Kebutuhan dinas")
    assert annual_balance(world.employee, 2026).total == 18


def test_cuti_besar_revoked_before_it_starts_gives_the_forfeited_days_back(two_years):
    """A cuti besar not taken removes nothing (Pasal 317 applies to cuti besar taken)."""
    # given approved cuti besar and its forfeit
    world = two_years
    application = long_service(world)
    consider_and_decide(world, application)
    assert annual_balance(world.employee, 2026).total == 6

    # when HR revokes it before it starts
    leave_application_revoke(actor=world.hr_admin.user, application=application, reason="Dibatalkan dinas")

    # then the year's cuti tahunan is back
    balance = annual_balance(world.employee, 2026)
    assert balance.pots == {2024: 0, 2025: 6, 2026: 12}
    assert balance.long_service_this_year is False
    assert AuditEvent.objects.get(action=LeaveAudit.APPLICATION_REVOKED).changes["days_returned"] == [None, 12]


def test_cuti_besar_revoked_under_way_keeps_the_forfeit(two_years):
    world = two_years
    application = long_service(world)
    consider_and_decide(world, application)
    with time_machine.travel("2026-08-03 08:00+08:00", tick=False):
        leave_application_revoke(actor=world.hr_admin.user, application=application, reason="Dipanggil kembali")
    assert annual_balance(world.employee, 2026).total == 6


def test_a_second_cuti_besar_after_a_revoked_one_forfeits_again(two_years):
    world = two_years
    first = long_service(world, start_date=date(2026, 7, 6), end_date=date(2026, 7, 31))
    consider_and_decide(world, first)
    leave_application_revoke(actor=world.hr_admin.user, application=first, reason="Dibatalkan dinas")
    assert annual_balance(world.employee, 2026).total == 18

    second = long_service(world, start_date=date(2026, 9, 1), end_date=date(2026, 9, 30))
    consider_and_decide(world, second)

    assert annual_balance(world.employee, 2026).pots == {2024: 0, 2025: 6, 2026: 0}


def test_a_forfeit_written_when_the_year_opened_is_given_back_too(two_years):
    # given cuti besar for February 2027, approved in 2026, and 2027 opened with its forfeit
    world = two_years
    application = long_service(world, start_date=date(2027, 2, 1), end_date=date(2027, 4, 30))
    consider_and_decide(world, application)
    with time_machine.travel("2027-01-04 08:00+08:00", tick=False):
        open_years(world.employee, 2027)
        assert annual_balance(world.employee, 2027).pot(0) == 0

        # when it is revoked in January, before it starts
        leave_application_revoke(actor=world.hr_admin.user, application=application, reason="Dibatalkan")

    # then 2027's twelve days are back
    assert annual_balance(world.employee, 2027).pot(0) == 12
