"""Helpers of the absence tests: AttendanceDay rows written directly (deriving them is the days slice's service)."""

from datetime import date, timedelta

from pamong.attendance.choices import DayStatus
from pamong.attendance.models import AttendanceDay
from pamong.attendance.services.tallies import refresh_absence_years, refresh_unit_months

NON_WORKING = {DayStatus.OFF, DayStatus.HOLIDAY}


def day_rows(employee, start: date, statuses, *, verified: bool = True, late: int = 0, unit=None):
    """One AttendanceDay per status from *start* on, in the employee's current unit (weekends are whatever the
    caller passes: use ``week`` for a realistic calendar)."""
    rows = []
    for offset, status in enumerate(statuses):
        rows.append(AttendanceDay(
            pemda_id=employee.pemda_id, employee=employee, org_unit=unit or employee.current_unit,
            date=start + timedelta(days=offset), status=status, working_day=status not in NON_WORKING,
            verified=verified, late_minutes=late if status == DayStatus.PRESENT else 0,
        ))
    made = AttendanceDay.objects.bulk_create(rows)
    # A writer of day rows keeps the recap's per-unit tallies (as the services do).
    refresh_unit_months(employee.pemda_id, [row.date for row in rows], {row.org_unit_id for row in rows} - {None}
                        if all(row.org_unit_id for row in rows) else None)
    for year in {row.date.year for row in rows}:
        refresh_absence_years(employee.pemda_id, [employee.pk], year)
    return made


def week(start: date, days: int, status: str = DayStatus.PRESENT) -> list[str]:
    """*days* calendar days from *start*: Saturdays and Sundays OFF, every other day *status*."""
    return [DayStatus.OFF if (start + timedelta(days=i)).weekday() >= 5 else status for i in range(days)]


def unexcused_days(employee, first: date, count: int, *, verified: bool = True):
    """*count* unexcused working days from *first*, each followed by a present day (no run longer than 1)."""
    statuses = []
    for _ in range(count):
        statuses += [DayStatus.UNEXCUSED, DayStatus.PRESENT]
    return day_rows(employee, first, statuses, verified=verified)
