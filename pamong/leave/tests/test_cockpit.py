"""The cockpit's "who is on leave": the same applications as the away list, counted per person."""

from datetime import date

import pytest
import time_machine

from pamong.leave.cockpit import away_counts
from pamong.leave.models import LeaveApplication
from pamong.leave.tests.test_exports import build_statistics_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def test_on_leave_today_and_this_week_in_the_own_agency(world):
    # given: in Mamuju, CT 6–8 July (employee, approved), CT 6–7 July (nurse, approved), CAP 13–17 July
    # (supervisor, approved), CS 8–9 June (employee, submitted: still holds its dates); Palu: CT 6–10 July
    build_statistics_data(world)

    tuesday = away_counts(world.pemda.pk, date(2026, 7, 7))
    friday = away_counts(world.pemda.pk, date(2026, 7, 10))
    june = away_counts(world.pemda.pk, date(2026, 6, 8))

    assert tuesday == {"today": 2, "week": 2}
    assert friday == {"today": 0, "week": 2}
    assert june == {"today": 1, "week": 1}
    assert away_counts(world.other_pemda.pk, date(2026, 7, 7)) == {"today": 1, "week": 1}


def _leave(employee, start: date, end: date, status: str = "approved") -> None:
    """A bare application row (no approval process): only its dates, status and person are counted."""
    LeaveApplication.objects.create(
        pemda_id=employee.pemda_id, employee=employee, leave_type="CT", start_date=start, end_date=end,
        working_days=1, calendar_days=(end - start).days + 1, address="Mamuju", status=status,
        submitted_by=employee.user)


def test_the_week_counts_every_leave_touching_it_and_each_person_once(world):
    # given, around the week of Monday 6 – Sunday 12 July 2026 (today: Wednesday 8 July)
    _leave(world.employee, date(2026, 5, 1), date(2026, 8, 31))  # a long leave over the whole week
    _leave(world.peer, date(2026, 7, 1), date(2026, 7, 6))  # ends on the Monday
    _leave(world.peer, date(2026, 7, 12), date(2026, 7, 20))  # the same person again from the Sunday
    _leave(world.supervisor, date(2026, 7, 13), date(2026, 7, 14))  # next week
    _leave(world.unit_head, date(2026, 7, 3), date(2026, 7, 5))  # the week before
    _leave(world.hr_admin, date(2026, 7, 8), date(2026, 7, 8), status="rejected")  # holds no dates
    _leave(world.auditor, date(2026, 7, 8), date(2026, 7, 9), status="cancelled")
    _leave(world.outsider, date(2026, 7, 8), date(2026, 7, 8), status="considered")  # still undecided: away
    _leave(world.other_pemda_employee, date(2026, 7, 8), date(2026, 7, 8))  # another agency

    counts = away_counts(world.pemda.pk, date(2026, 7, 8))

    assert counts == {"today": 2, "week": 3}  # today: the long leave and the undecided one
    assert away_counts(world.pemda.pk, date(2026, 7, 12))["today"] == 2  # Sunday: long leave, the peer again
