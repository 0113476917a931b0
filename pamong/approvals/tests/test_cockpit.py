"""The cockpit's overdue approvals: the same rule as the reminders (working days after arrival), per OPD."""

from datetime import date

import pytest
import time_machine

from pamong.approvals.cockpit import overdue_by_opd, overdue_cutoff
from pamong.approvals.services import approval_reminders_send
from pamong.leave.tests.factories import submit

pytestmark = pytest.mark.django_db


def test_the_cutoff_skips_weekends_and_days_off():
    friday = date(2026, 6, 5)

    cutoff = overdue_cutoff(friday, 3, frozenset({date(2026, 6, 3)}))

    # Friday, Thursday and (3 June off) Tuesday are the three working days: arrivals up to Monday 1 June.
    assert cutoff.date() == date(2026, 6, 2)
    assert overdue_cutoff(date(2026, 6, 8), 1, frozenset()).date() == date(2026, 6, 8)  # Monday: Sunday's arrivals


@pytest.mark.parametrize(("today", "overdue"), [("2026-06-03 16:00+08:00", 0), ("2026-06-04 07:00+08:00", 1)])
def test_overdue_agrees_with_the_reminders(leave_world, today, overdue):
    # given a request submitted on Monday 1 June 2026, waiting for the supervisor (limit: 3 working days)
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        submit(leave_world.employee)

    with time_machine.travel(today, tick=False):
        rows, total = overdue_by_opd(leave_world.pemda.pk, date.fromisoformat(today[:10]))
        reminded = approval_reminders_send()

    assert total == reminded == overdue
    by_name = {opd.name: n for opd, n in rows}
    assert by_name[leave_world.education.name] == overdue
    assert by_name[leave_world.health.name] == 0


def test_another_agency_counts_nothing(leave_world):
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        submit(leave_world.employee)

    _rows, total = overdue_by_opd(leave_world.other_pemda.pk, date(2026, 6, 30))

    assert total == 0
