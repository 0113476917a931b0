"""leave_rollover(year): the yearly opening of cuti tahunan — idempotent, with the carry-over caps of
Perban 24/2017 (6 days from N-1; N-2 only when both previous years went unused; 24 at most) and PP 49/2018."""

from datetime import date

import pytest
import time_machine

from pamong.approvals.services import step_act
from pamong.audit.models import AuditEvent
from pamong.leave.audit import LeaveAudit
from pamong.leave.choices import LedgerKind
from pamong.leave.models import LeaveLedgerEntry
from pamong.leave.selectors import annual_balance
from pamong.leave.services import leave_rollover
from pamong.leave.tests.factories import submit
from pamong.people.models import Employee
from pamong.people.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _lines(employee=None):
    lines = LeaveLedgerEntry.objects.all()
    if employee is not None:
        lines = lines.filter(employee=employee)
    return sorted(lines.values_list("employee_id", "pot_year", "entry_date", "kind", "days", "dedupe_key"))


def test_rollover_opens_the_year_for_every_active_employee_and_is_idempotent(world):
    # given no ledger yet
    active = Employee.objects.filter(is_active=True).count()

    # when 2026 is rolled over twice
    written = leave_rollover(year=2026)
    first = _lines()
    again = leave_rollover(year=2026)

    # then every active employee got the entitlement once, and the second run wrote nothing
    assert written == active
    assert again == 0
    assert _lines() == first
    assert LeaveLedgerEntry.objects.filter(kind=LedgerKind.ENTITLEMENT, pot_year=2026).count() == active
    assert annual_balance(world.employee, 2026).total == 12
    # one audit row per agency for the run that opened something
    events = AuditEvent.objects.filter(action=LeaveAudit.YEAR_OPENED)
    assert events.count() == 2
    assert {e.changes["year"][1] for e in events} == {2026}


def test_at_most_six_unused_days_carry_into_the_next_year(world):
    """Perban 24/2017: 18 days in all, the current 12 included."""
    leave_rollover(year=2025)
    leave_rollover(year=2026)

    expiry = LeaveLedgerEntry.objects.get(employee=world.employee, kind=LedgerKind.EXPIRY)
    assert (expiry.pot_year, expiry.days, expiry.entry_date) == (2025, -6, date(2026, 1, 1))
    assert annual_balance(world.employee, 2026).pots == {2024: 0, 2025: 6, 2026: 12}


def test_two_unused_years_carry_up_to_24_days(world):
    """Perban 24/2017: unused two consecutive years, 24 days in all with the current 12."""
    for year in (2024, 2025, 2026):
        leave_rollover(year=year)

    balance = annual_balance(world.employee, 2026)
    assert balance.pots == {2024: 6, 2025: 6, 2026: 12}
    assert balance.total == 24


def test_three_unused_years_still_carry_no_more_than_24(world):
    for year in (2023, 2024, 2025, 2026):
        leave_rollover(year=year)
    assert annual_balance(world.employee, 2026).pots == {2024: 6, 2025: 6, 2026: 12}


def test_leave_taken_last_year_lets_the_year_before_lapse(world):
    """N-2 survives only when no cuti tahunan was taken in N-1 or N-2."""
    # given 2024 and 2025 opened, and three days of cuti tahunan taken in March 2025
    leave_rollover(year=2024)
    leave_rollover(year=2025)
    with time_machine.travel("2025-03-03 09:00+08:00", tick=False):
        application = submit(world.employee, today=date(2025, 3, 3), start_date=date(2025, 3, 10),
                             end_date=date(2025, 3, 12))
        step_act(actor=world.supervisor.user, step=application.process.steps.get(order=0), outcome="approve")
        step_act(actor=world.unit_head.user, step=application.process.steps.get(order=1), outcome="approve")
    # the three days came from the 6 carried from 2024
    assert dict(LeaveLedgerEntry.objects.filter(application=application).values_list("pot_year", "days")) == {
        2024: -3}

    # when 2026 opens
    leave_rollover(year=2026)

    # then the 3 left of 2024 lapse and 6 of 2025's 12 carry: 18
    balance = annual_balance(world.employee, 2026)
    assert balance.pots == {2024: 0, 2025: 6, 2026: 12}
    assert LeaveLedgerEntry.objects.get(employee=world.employee, pot_year=2024, kind=LedgerKind.EXPIRY,
                                        entry_date=date(2026, 1, 1)).days == -3


def test_a_pppk_with_a_two_year_contract_carries_nothing(world):
    """PP 49/2018 Pasal 79-81: carry-over only for contracts longer than 2 years."""
    pppk = EmployeeFactory(position=world.staff_position, status="pppk", first_appointment_date=date(2024, 1, 2),
                           pns_appointment_date=None, contract_end_date=date(2026, 1, 1))
    for year in (2025, 2026):
        leave_rollover(year=year)
    assert annual_balance(pppk, 2026).pots == {2024: 0, 2025: 0, 2026: 12}


def test_a_pppk_with_a_three_year_contract_carries_up_to_18(world):
    pppk = EmployeeFactory(position=world.staff_position, status="pppk", first_appointment_date=date(2023, 1, 2),
                           pns_appointment_date=None, contract_end_date=date(2026, 1, 1))
    for year in (2024, 2025, 2026):
        leave_rollover(year=year)
    assert annual_balance(pppk, 2026).total == 18


def test_a_newcomer_gets_cuti_tahunan_from_the_first_anniversary(world):
    """PP 11/2017: cuti tahunan after 1 year of continuous service."""
    newcomer = EmployeeFactory(position=world.staff_position, first_appointment_date=date(2026, 3, 2))
    leave_rollover(year=2026)
    assert not LeaveLedgerEntry.objects.filter(employee=newcomer).exists()

    leave_rollover(year=2027)
    entitlement = LeaveLedgerEntry.objects.get(employee=newcomer)
    assert (entitlement.kind, entitlement.pot_year, entitlement.entry_date) == (
        LedgerKind.ENTITLEMENT, 2027, date(2027, 3, 2))


def test_inactive_employees_and_other_agencies_are_left_alone(world):
    Employee.objects.filter(pk=world.peer.pk).update(is_active=False)

    leave_rollover(year=2026, pemda_id=world.pemda.pk)

    assert not LeaveLedgerEntry.objects.filter(employee=world.peer).exists()
    assert not LeaveLedgerEntry.objects.filter(employee__pemda=world.other_pemda).exists()
    assert LeaveLedgerEntry.objects.filter(employee=world.employee).exists()
    [event] = AuditEvent.objects.filter(action=LeaveAudit.YEAR_OPENED)
    assert event.pemda_id == world.pemda.pk
