"""Reads of attendance days (issue #12). Every read starts from ``days_visible_to(actor)`` or
``attendance_employees_visible_to(actor)``: one's own days, the team's for supervisors up the line, the agency's for
AttendancePerm.VIEW_ANY; never another agency."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import pgettext_lazy

from pamong.people.models import Employee, OrgUnit, path_within
from pamong.people.selectors import actor_employee, employees_visible_to

from .. import rules
from ..capabilities import AttendancePerm
from ..choices import DayStatus
from ..models import AttendanceDay, OfficialDuty, Punch

GRID_PAGE_SIZE = 100

# One-letter codes of the unit month grid (translated: H hadir, C cuti, L libur, D dinas, I izin, A alpa/TK).
STATUS_CODES = {
    DayStatus.PRESENT: pgettext_lazy("day code", "P"),
    DayStatus.LEAVE: pgettext_lazy("day code", "L"),
    DayStatus.HOLIDAY: pgettext_lazy("day code", "H"),
    DayStatus.OFF: pgettext_lazy("day code", "–"),
    DayStatus.DUTY: pgettext_lazy("day code", "D"),
    DayStatus.EXCUSED: pgettext_lazy("day code", "E"),
    DayStatus.UNEXCUSED: pgettext_lazy("day code", "U"),
    DayStatus.NOT_EMPLOYED: pgettext_lazy("day code", "×"),
    DayStatus.PENDING: pgettext_lazy("day code", "·"),
}
# Badge classes of app.css per status
STATUS_BADGES = {
    DayStatus.PRESENT: "text-bg-success",
    DayStatus.LEAVE: "text-bg-info",
    DayStatus.HOLIDAY: "text-bg-secondary",
    DayStatus.OFF: "text-bg-light",
    DayStatus.DUTY: "text-bg-info",
    DayStatus.EXCUSED: "text-bg-warning",
    DayStatus.UNEXCUSED: "text-bg-danger",
    DayStatus.NOT_EMPLOYED: "text-bg-light",
    DayStatus.PENDING: "text-bg-light",
}


def attendance_employees_visible_to(actor) -> QuerySet[Employee]:
    """The employees whose attendance *actor* may see."""
    if not actor.is_authenticated:
        return Employee.objects.none()
    if actor.is_superuser:
        return Employee.objects.all()
    if not actor.pemda_id:
        return Employee.objects.none()
    if actor.has_perm(AttendancePerm.VIEW_ANY):
        return Employee.objects.filter(pemda_id=actor.pemda_id)
    return employees_visible_to(actor)


def days_visible_to(actor) -> QuerySet[AttendanceDay]:
    """The attendance days *actor* may see (see the module docstring)."""
    if not actor.is_authenticated:
        return AttendanceDay.objects.none()
    if actor.is_superuser:
        return AttendanceDay.objects.all()
    if not actor.pemda_id:
        return AttendanceDay.objects.none()
    in_pemda = AttendanceDay.objects.filter(pemda_id=actor.pemda_id)
    if actor.has_perm(AttendancePerm.VIEW_ANY):
        return in_pemda
    return in_pemda.filter(employee_id__in=employees_visible_to(actor).values("pk"))


def duties_visible_to(actor) -> QuerySet[OfficialDuty]:
    """Official duties of the employees whose attendance *actor* may see."""
    if not actor.is_authenticated:
        return OfficialDuty.objects.none()
    if actor.is_superuser:
        return OfficialDuty.objects.all()
    if not actor.pemda_id:
        return OfficialDuty.objects.none()
    in_pemda = OfficialDuty.objects.filter(pemda_id=actor.pemda_id)
    if actor.has_perm(AttendancePerm.VIEW_ANY):
        return in_pemda
    return in_pemda.filter(employee_id__in=employees_visible_to(actor).values("pk"))


def parse_month(value: str | None, default: date) -> date:
    """'YYYY-MM' → the month's first day; *default*'s month when empty or malformed."""
    try:
        year, month = (int(part) for part in (value or "").split("-", 1))
        return date(year, month, 1)
    except (TypeError, ValueError):
        return default.replace(day=1)


def employee_month(employee: Employee, month_first_day: date) -> list[AttendanceDay]:
    """Every day of the month for *employee*: the stored row, or an unsaved one with an empty status when the day
    was never computed. Two queries (days, punches of the month for the list of punch times). The caller checks
    that the actor may see the employee (``can_view_attendance``)."""
    first, last = rules.month_bounds(month_first_day)
    stored = {day.date: day for day in AttendanceDay.objects.filter(
        employee_id=employee.pk, date__gte=first, date__lte=last,
    ).select_related("duty", "correction")}
    punches: dict[date, list] = {}
    for day, moment, source in Punch.objects.filter(
        employee_id=employee.pk, day__gte=first, day__lte=last,
    ).order_by("at").values_list("day", "at", "source"):
        punches.setdefault(day, []).append((moment, source))
    result = []
    for ordinal in range(first.toordinal(), last.toordinal() + 1):
        day = date.fromordinal(ordinal)
        row = stored.get(day) or AttendanceDay(employee_id=employee.pk, pemda_id=employee.pemda_id, date=day,
                                               status="", working_day=False)
        row.punch_list = punches.get(day, [])
        row.badge = STATUS_BADGES.get(row.status, "text-bg-light")
        result.append(row)
    return result


@dataclass(slots=True)
class GridRow:
    employee: Employee
    cells: list[tuple[str, str, str]]  # (code, status, badge class) per day
    totals: Counter = field(default_factory=Counter)
    late_minutes: int = 0
    early_minutes: int = 0

    @property
    def present(self) -> int:
        return self.totals[DayStatus.PRESENT]

    @property
    def unexcused(self) -> int:
        return self.totals[DayStatus.UNEXCUSED]

    @property
    def excused(self) -> int:
        return (self.totals[DayStatus.LEAVE] + self.totals[DayStatus.DUTY] + self.totals[DayStatus.EXCUSED])


@dataclass(slots=True)
class MonthGrid:
    unit: OrgUnit
    month: date
    days: list[date]
    rows: list[GridRow]
    count: int  # employees in the unit tree the actor may see
    page: int
    pages: int
    legend: list[tuple[str, str, str]]

    @property
    def page_numbers(self) -> list[int | None]:
        """The first and last pages and two either side of this one; None marks a gap (a Dinas of 46,000 has 919
        pages: linking each made the page slow and the list unusable)."""
        shown = sorted({1, self.pages, *range(max(1, self.page - 2), min(self.pages, self.page + 2) + 1)})
        numbers: list[int | None] = []
        for number in shown:
            if numbers and number - numbers[-1] == 2:  # a gap of one page: that page, not an ellipsis
                numbers.append(number - 1)
            elif numbers and number - numbers[-1] > 2:
                numbers.append(None)
            numbers.append(number)
        return numbers


def unit_month_grid(actor, unit: OrgUnit, month_first_day: date, *, page: int = 1) -> MonthGrid:
    """The employees of *unit*'s tree that *actor* may see × the days of the month, with one-letter status codes
    and totals; ``GRID_PAGE_SIZE`` employees a page. Three queries whatever the number of employees (count,
    employees, days)."""
    first, last = rules.month_bounds(month_first_day)
    scope = attendance_employees_visible_to(actor)
    me = actor_employee(actor)
    if (me is not None and me.current_position is not None and me.current_position.is_unit_head
            and me.current_unit is not None and unit.path.startswith(me.current_unit.path)):
        # A unit head sees everyone in their unit's tree (people.selectors.employees_visible_to includes it): the
        # tree alone is the scope, without the OR over position and unit paths that reads every employee.
        scope = Employee.objects.filter(pemda_id=me.pemda_id)
    employees = (
        scope
        .filter(path_within("current_unit__path", unit.path), pemda_id=unit.pemda_id)
        .filter(Q(is_active=True) | Q(end_date__gte=first))
        .select_related("current_unit")
        # Grouped by unit in tree order, then by name: the unit-path index walks the units in order and a page
        # needs no sort of the whole tree (a Dinas Pendidikan has 46,000 employees at 50,000).
        .order_by("current_unit__path", "name", "pk")
    )
    count = employees.count()
    pages = max(1, -(-count // GRID_PAGE_SIZE))
    page = min(max(1, page), pages)
    listed = list(employees[(page - 1) * GRID_PAGE_SIZE: page * GRID_PAGE_SIZE])
    days = [date.fromordinal(ordinal) for ordinal in range(first.toordinal(), last.toordinal() + 1)]
    by_employee: dict[int, dict[date, tuple[str, int, int]]] = {employee.pk: {} for employee in listed}
    if listed:
        for employee_id, day, status, late, early in AttendanceDay.objects.filter(
            employee_id__in=list(by_employee), date__gte=first, date__lte=last,
        ).values_list("employee_id", "date", "status", "late_minutes", "early_minutes"):
            by_employee[employee_id][day] = (status, late, early)
    codes = {status: str(code) for status, code in STATUS_CODES.items()}  # translated once, not per cell
    rows = []
    for employee in listed:
        stored = by_employee[employee.pk]
        row = GridRow(employee=employee, cells=[])
        for day in days:
            status, late, early = stored.get(day, ("", 0, 0))
            row.cells.append((codes.get(status, ""), status, STATUS_BADGES.get(status, "text-bg-light")))
            if status:
                row.totals[status] += 1
            row.late_minutes += late
            row.early_minutes += early
        rows.append(row)
    return MonthGrid(unit=unit, month=first, days=days, rows=rows, count=count, page=page, pages=pages,
                     legend=status_legend())


def status_legend() -> list[tuple[str, str, str]]:
    """(code, label, badge class) of every status, for the legends."""
    return [(str(STATUS_CODES[status]), str(status.label), STATUS_BADGES[status]) for status in DayStatus]
