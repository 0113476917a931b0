"""Attendance feeds lower contexts: the SKP indicator source "attendance" (performance) and the salary-stop
restriction (people). Called from ``registrations.register``.

**The attendance rate** of an employee over a period (``absence_rules.attendance_rate``):

    rate = (days present + days on official duty) ÷ (working days − approved leave days − excused days) × 100

- working days: the employee's days that are working days of their schedule and calendar (weekends, holidays and
  cuti bersama excluded), in service, already over (``pending`` and ``not_employed`` excluded);
- approved leave and excused days (approved corrections) are neither presence nor absence: they leave the
  denominator; unexcused days (TK) stay in it and lower the rate;
- a late arrival or early leave is still a day present (lateness is counted apart, rules.md §3.2).

Value in percent with 2 decimals (half up); the note reads e.g. "19 of 21 working days present or on duty";
``complete`` is True only when every month of the period has days and all its working days are verified (the unit's
month verified); a period with no expected working day gives no figure.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from . import absence_rules as rules
from .choices import DayStatus
from .models import AttendanceDay

WORKING = Q(working_day=True) & ~Q(status__in=[DayStatus.NOT_EMPLOYED, DayStatus.PENDING])


def _months(start: date, end: date) -> set[tuple[int, int]]:
    found, year, month = set(), start.year, start.month
    while (year, month) <= (end.year, end.month):
        found.add((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def attendance_rate_figure(employee_id: int, unit_id: int | None, start: date, end: date):
    """The reader of the "attendance" indicator source (see the module docstring); None without a figure."""
    from pamong.performance.indicator_sources import SourceFigure

    days = AttendanceDay.objects.filter(employee_id=employee_id, date__gte=start, date__lte=end)
    totals = days.aggregate(
        working=Count("id", filter=WORKING),
        present=Count("id", filter=WORKING & Q(status=DayStatus.PRESENT)),
        duty=Count("id", filter=WORKING & Q(status=DayStatus.DUTY)),
        leave=Count("id", filter=WORKING & Q(status=DayStatus.LEAVE)),
        excused=Count("id", filter=WORKING & Q(status=DayStatus.EXCUSED)),
        unverified=Count("id", filter=WORKING & Q(verified=False)),
    )
    numerator, denominator = rules.attendance_rate(working_days=totals["working"], present=totals["present"],
                                                   duty=totals["duty"], leave=totals["leave"],
                                                   excused=totals["excused"])
    if denominator <= 0:
        return None
    covered = {(d.year, d.month) for d in days.dates("date", "month")}
    complete = totals["unverified"] == 0 and covered >= _months(start, end)
    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    note = _("%(n)d of %(d)d working days present or on duty") % {"n": numerator, "d": denominator}
    if totals["leave"] or totals["excused"]:
        note += " " + _("(%(leave)d on leave and %(excused)d excused not counted)") % {
            "leave": totals["leave"], "excused": totals["excused"]}
    if not complete:
        note += " — " + _("not all months verified yet")
    return SourceFigure(value=value, note=note, complete=complete)


def register() -> None:
    """Wire this slice into the lower contexts' registries."""
    from pamong.performance.indicator_sources import register_indicator_source

    from . import salary_stop

    register_indicator_source("attendance", attendance_rate_figure)
    salary_stop.register()
