"""The monthly attendance recap per unit (issue #12): working days, present, leave, duty, excused, unexcused, late
minutes and the attendance rate (``absence_rules.attendance_rate``), for the agency or one unit tree.

One read of the stored per-unit tallies for the agency, one aggregate query for a team, whatever the number of
employees. Days are counted per employee-day (a unit of
20 people over 21 working days has 420 working days)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Subquery, Sum

from pamong.people.models import OrgUnit, path_within

from .. import absence_rules as rules
from ..absence_access import attendance_employees_visible_to, can_view_recap, sees_agency
from ..choices import DayStatus
from ..models import AttendanceDay, UnitMonthTally

WORKING = Q(working_day=True) & ~Q(status__in=[DayStatus.NOT_EMPLOYED, DayStatus.PENDING])

# The recap's figures as aggregates over day rows: stored per unit and month by services.tallies, or counted
# directly for a team.
TALLY_AGGREGATES = {
    "employees": Count("employee_id", distinct=True),
    "working_days": Count("id", filter=WORKING),
    "present": Count("id", filter=Q(status=DayStatus.PRESENT)),
    "leave": Count("id", filter=Q(status=DayStatus.LEAVE, working_day=True)),
    "duty": Count("id", filter=Q(status=DayStatus.DUTY)),
    "excused": Count("id", filter=Q(status=DayStatus.EXCUSED)),
    "unexcused": Count("id", filter=Q(status=DayStatus.UNEXCUSED)),
    "late_minutes": Sum("late_minutes"),
    "early_minutes": Sum("early_minutes"),
    "verified_days": Count("id", filter=WORKING & Q(verified=True)),
}
TALLY_FIELDS = tuple(TALLY_AGGREGATES)


@dataclass
class RecapRow:
    unit_id: int | None
    unit_name: str
    employees: int = 0
    working_days: int = 0
    present: int = 0
    leave: int = 0
    duty: int = 0
    excused: int = 0
    unexcused: int = 0
    late_minutes: int = 0
    early_minutes: int = 0
    verified_days: int = 0

    @property
    def rate(self) -> Decimal | None:
        """Attendance rate in percent, 2 decimals; None when nobody was expected at work."""
        numerator, denominator = rules.attendance_rate(working_days=self.working_days, present=self.present,
                                                       duty=self.duty, leave=self.leave, excused=self.excused)
        if denominator <= 0:
            return None
        return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def verified(self) -> bool:
        return self.working_days > 0 and self.verified_days >= self.working_days

    def add(self, other: "RecapRow") -> None:
        for name in ("employees", "working_days", "present", "leave", "duty", "excused", "unexcused", "late_minutes",
                     "early_minutes", "verified_days"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class MonthRecap:
    month: date
    unit: OrgUnit | None
    units: list[RecapRow]
    totals: RecapRow


def month_start(value: date) -> date:
    return value.replace(day=1)


def month_end(value: date) -> date:
    if value.month == 12:
        return date(value.year, 12, 31)
    return date(value.year, value.month + 1, 1) - timedelta(days=1)


def month_recap(actor, month: date, unit: OrgUnit | None = None) -> MonthRecap:
    """The recap of *month* (any day of it) per unit: the agency-wide roles see every unit, a supervisor or unit
    head the employees of their own team. *unit* narrows to that unit's tree.

    The agency-wide recap reads the stored per-unit tallies (``UnitMonthTally``, refreshed by every writer of day
    rows): one indexed read of a row per unit, where aggregating the month's day rows of 50,000 employees takes
    seconds. A team's recap aggregates its own few day rows directly."""
    if not can_view_recap(actor):
        raise PermissionDenied
    first, last = month_start(month), month_end(month)
    if sees_agency(actor):
        source = UnitMonthTally.objects.filter(month=first)
        if not actor.is_superuser:
            source = source.filter(pemda_id=actor.pemda_id)
        if unit is not None:
            source = source.filter(path_within("org_unit__path", unit.path))
        grouped = source.values("org_unit_id", "org_unit__name", *TALLY_FIELDS)
    else:  # a supervisor or unit head: their team only
        days = AttendanceDay.objects.filter(date__gte=first, date__lte=last, pemda_id=actor.pemda_id,
                                            employee_id__in=Subquery(attendance_employees_visible_to(actor).values("pk")))
        if unit is not None:
            days = days.filter(path_within("org_unit__path", unit.path))
        grouped = days.values("org_unit_id", "org_unit__name").annotate(**TALLY_AGGREGATES)
    rows, totals = [], RecapRow(None, "")
    for item in grouped.order_by("org_unit__name", "org_unit_id"):
        row = RecapRow(unit_id=item["org_unit_id"], unit_name=item["org_unit__name"] or "—",
                       **{name: item[name] or 0 for name in TALLY_FIELDS})
        rows.append(row)
        totals.add(row)
    return MonthRecap(month=first, unit=unit, units=rows, totals=totals)
