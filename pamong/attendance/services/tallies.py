"""The tallies the agency-wide pages read instead of counting day rows (issue #12).

``refresh_unit_months`` recounts the touched (unit, month) pairs from their ``AttendanceDay`` rows, one grouped
query per month, and replaces the stored tallies in one transaction; ``refresh_absence_years`` does the same for
each touched employee's verified unexcused days of a year (``AbsenceYearTally``, the agency's absence list). Each
writer of day rows calls them for what it touched: the derivation (``days.recompute``, once after its batches),
month verification, approved corrections and the demo; a Pemda's tallies can be rebuilt whole with ``manage.py
attendance_tallies`` (after a bulk load, or if a recompute stopped between its batches and the refresh).
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction
from django.db.models import Count

from .. import rules
from ..choices import DayStatus
from ..models import AbsenceYearTally, AttendanceDay, UnitMonthTally
from ..selectors.recap import TALLY_AGGREGATES, TALLY_FIELDS

EMPLOYEE_BATCH = 900  # ids per statement: within SQLite's bound parameters
TALLY_LOCK = 12_012  # the advisory lock's first key: issue #12's tallies (the second is the Pemda)


class Touched:
    """What a writer changed: per (Pemda, month) the unit ids, per (Pemda, year) the employee ids. ``None`` among
    the units means a day without a unit, and then the whole month of that Pemda is recounted."""

    def __init__(self) -> None:
        self.units: dict[tuple[int, date], set[int | None]] = defaultdict(set)
        self.employees: dict[tuple[int, int], set[int]] = defaultdict(set)

    def add(self, pemda_id: int, day: date, employee_id: int, *unit_ids: int | None) -> None:
        self.units[(pemda_id, day.replace(day=1))].update(unit_ids)
        self.employees[(pemda_id, day.year)].add(employee_id)

    def refresh(self) -> None:
        for (pemda_id, month), unit_ids in sorted(self.units.items(), key=lambda item: (item[0][0], item[0][1])):
            refresh_unit_months(pemda_id, [month], None if None in unit_ids else unit_ids)
        for (pemda_id, year), employee_ids in sorted(self.employees.items()):
            refresh_absence_years(pemda_id, employee_ids, year)
        self.units.clear()
        self.employees.clear()


def _lock(pemda_id: int) -> None:
    """Serialise the Pemda's tally refreshes until the transaction ends. SQLite already allows one writer at a time;
    on PostgreSQL two refreshes could otherwise both delete the old rows and both insert their own."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [TALLY_LOCK, pemda_id])


def refresh_unit_months(pemda_id: int, months: Iterable[date], unit_ids: Iterable[int] | None = None) -> int:
    """Recount the tallies of *unit_ids* (every unit when None) of *pemda_id* for each of *months* (any day of
    each); return the tally rows written. One grouped query and one replace per month."""
    ids = None if unit_ids is None else sorted({int(pk) for pk in unit_ids})
    if ids == []:
        return 0
    written = 0
    for month in sorted({value.replace(day=1) for value in months}):
        first, last = rules.month_bounds(month)
        stored = UnitMonthTally.objects.filter(pemda_id=pemda_id, month=first)
        if ids is None:
            days = AttendanceDay.objects.filter(pemda_id=pemda_id, date__gte=first, date__lte=last)
        else:  # the units alone (they are the Pemda's), so that the (org_unit, date) index reads only their rows
            days = AttendanceDay.objects.filter(org_unit_id__in=ids, date__gte=first, date__lte=last)
            stored = stored.filter(org_unit_id__in=ids)
        with transaction.atomic():
            _lock(pemda_id)  # counted and replaced under the lock: two writers never interleave their replaces
            rows = [
                UnitMonthTally(pemda_id=pemda_id, org_unit_id=item["org_unit_id"], month=first,
                               **{name: item[name] or 0 for name in TALLY_FIELDS})
                for item in days.order_by().values("org_unit_id").annotate(**TALLY_AGGREGATES)
            ]
            stored.delete()
            UnitMonthTally.objects.bulk_create(rows)
        written += len(rows)
    return written


def refresh_absence_years(pemda_id: int, employee_ids: Iterable[int], year: int) -> int:
    """Recount the verified unexcused days of *year* of *employee_ids* (of *pemda_id*) into ``AbsenceYearTally``;
    return the rows written. The partial index of those days makes it a seek per employee; batches of
    ``EMPLOYEE_BATCH`` employees, each counted and replaced in one transaction."""
    ids = sorted({int(pk) for pk in employee_ids})
    start, end = date(year, 1, 1), date(year, 12, 31)
    written = 0
    for index in range(0, len(ids), EMPLOYEE_BATCH):
        batch = ids[index:index + EMPLOYEE_BATCH]
        with transaction.atomic():
            _lock(pemda_id)
            counts = (AttendanceDay.objects.filter(employee_id__in=batch, date__gte=start, date__lte=end,
                                                   status=DayStatus.UNEXCUSED, verified=True)
                      .order_by().values_list("employee_id").annotate(n=Count("id")))
            rows = [AbsenceYearTally(pemda_id=pemda_id, employee_id=employee_id, year=year, unexcused_days=n)
                    for employee_id, n in counts if n]
            AbsenceYearTally.objects.filter(employee_id__in=batch, year=year).delete()
            AbsenceYearTally.objects.bulk_create(rows)
        written += len(rows)
    return written


def refresh_pemda_year(pemda_id: int, year: int) -> int:
    """Every employee's tally of *year* in the Pemda (the demo, a bulk load, ``manage.py attendance_tallies``)."""
    from pamong.people.models import Employee

    ids = Employee.objects.filter(pemda_id=pemda_id).values_list("pk", flat=True)
    return refresh_absence_years(pemda_id, ids, year)
