"""The attendance demo: a verified month with a few employees on the way up the ladder; idempotent."""

from datetime import date

import pytest
import time_machine

from pamong.attendance import demo
from pamong.attendance.choices import DayStatus
from pamong.attendance.models import AttendanceDay, Punch
from pamong.attendance.selectors.absence import absence_summaries
from pamong.people import demo as people_demo

TODAY = "2026-06-10 09:00+08:00"


@pytest.mark.django_db
def test_the_demo_month_is_verified_with_employees_approaching_thresholds():
    with time_machine.travel(TODAY, tick=False):
        people_demo.seed_demo(employees=60, seed=3)
        result = demo.seed_attendance_demo(seed=1)
        assert result.created
        days = AttendanceDay.objects.filter(date__gte=date(2026, 5, 1), date__lte=date(2026, 5, 31))
        assert not days.filter(verified=False).exists()
        assert days.filter(status=DayStatus.PRESENT, late_minutes__gt=0).exists()
        ids = set(days.filter(status=DayStatus.UNEXCUSED).values_list("employee_id", flat=True))
        summaries = absence_summaries(ids, 2026)
        counts = sorted(s.unexcused_days for s in summaries.values())
        assert counts == [2, 6, 9, 10]
        assert max(s.longest_consecutive for s in summaries.values()) == 9
        assert any("approaching" in s.flags for s in summaries.values())
        punches = Punch.objects.count()
        again = demo.seed_attendance_demo(seed=1)
        assert not again.created
        assert Punch.objects.count() == punches
