"""Absence monitoring reads (rules.md §3.2): one employee's summary of a calendar year, many at once in a constant
number of queries, and the agency's list of employees with verified unexcused days.

Only **verified** unexcused days count (the unit's month verified, ``AttendanceDay.verified``); unverified ones are
shown apart as pending. Counts and runs are per calendar year and never carry over.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet

from pamong.people.models import Employee, OrgUnit, path_within

from .. import absence_rules as rules
from ..absence_access import sees_agency
from ..choices import DayStatus
from ..models import AbsenceYearTally, AttendanceDay, AttendanceSettings

PNS_STATUSES = ("pns", "cpns")


@dataclass(frozen=True)
class AbsenceSummary:
    employee_id: int
    year: int
    unexcused_days: int  # verified only
    pending_unexcused: int  # not yet verified, shown apart
    longest_consecutive: int
    late_minutes: int
    early_minutes: int
    converted_days: int
    counted_days: int  # unexcused_days + converted_days: what the ladder reads
    recommendation: dict | None  # {level, sanction, rule}
    next_threshold: dict | None  # {days, level, sanction, rule}
    flags: list[str] = field(default_factory=list)
    salary_stop_from: date | None = None
    ladder_missing: bool = False  # PPPK without a Pemda ladder: no recommendation by design
    rung_from: int | None = None  # the first day count of the cumulative rung reached (None below the first)

    @property
    def days_to_next(self) -> int | None:
        return self.next_threshold["days"] - self.counted_days if self.next_threshold else None


def settings_for(pemda_id: int) -> AttendanceSettings:
    """The Pemda's settings, or the defaults (unsaved) when it never changed them."""
    found = AttendanceSettings.objects.filter(pemda_id=pemda_id).first()
    return found or AttendanceSettings(pemda_id=pemda_id)


def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def summarise(*, employee_id: int, employment_status: str, year: int, days: list[tuple[date, str, bool, int, int]],
              settings: AttendanceSettings) -> AbsenceSummary:
    """The summary from one employee's days of *year* ((date, status, verified, late, early) in date order)."""
    unexcused = pending = late = early = 0
    counted_sequence: list[tuple[date, str]] = []
    for day, status, verified, late_minutes, early_minutes in days:
        if status == DayStatus.UNEXCUSED:
            if verified:
                unexcused += 1
            else:
                pending += 1
        if verified:
            late += late_minutes
            early += early_minutes
        # An unverified unexcused day does not count yet: it breaks no rule and extends no run.
        counted_sequence.append((day, status if verified or status != DayStatus.UNEXCUSED else DayStatus.PENDING))
    run = rules.longest_consecutive(status for _day, status in counted_sequence)
    converted = rules.converted_days(late, early, enabled=settings.convert_lateness,
                                     minutes_per_day=settings.lateness_minutes_per_day)
    counted = unexcused + converted
    is_pns = employment_status not in rules.PPPK_STATUSES
    ladder = rules.ladder_for(employment_status, settings.pppk_ladder)
    found = rules.recommendation(counted, run, ladder=ladder, consecutive_rule=is_pns)
    upcoming = rules.next_threshold(counted, ladder)
    flags = []
    if found is not None:
        flags.append("reached")
    if rules.is_approaching(counted, settings.warn_days_before, ladder):
        flags.append("approaching")
    if is_pns and run >= rules.CONSECUTIVE_DAYS:
        flags.append("consecutive_10")
    elif is_pns and run >= rules.CONSECUTIVE_DAYS - settings.warn_days_before and run > 0:
        flags.append("consecutive_approaching")
    if pending:
        flags.append("pending")
    stop = rules.salary_stop_from(rules.tenth_day(counted_sequence)) if is_pns else None
    return AbsenceSummary(
        employee_id=employee_id, year=year, unexcused_days=unexcused, pending_unexcused=pending,
        longest_consecutive=run, late_minutes=late, early_minutes=early, converted_days=converted,
        counted_days=counted, recommendation=found.as_dict() if found else None,
        next_threshold=({"days": upcoming.low, **upcoming.as_dict()} if upcoming else None), flags=flags,
        salary_stop_from=stop, ladder_missing=not is_pns and not ladder,
        rung_from=reached.low if (reached := rules.rung_for(counted, ladder)) else None,
    )


def _days_by_employee(employee_ids: list[int], year: int) -> dict[int, list[tuple]]:
    start, end = _year_bounds(year)
    # Days off and holidays are left out: they neither count nor break a run (absence_rules.runs skips them).
    rows = (AttendanceDay.objects.filter(employee_id__in=employee_ids, date__gte=start, date__lte=end)
            .exclude(status__in=rules.NON_WORKING)
            .order_by("employee_id", "date")
            .values_list("employee_id", "date", "status", "verified", "late_minutes", "early_minutes"))
    found: dict[int, list[tuple]] = defaultdict(list)
    for employee_id, *rest in rows.iterator(chunk_size=5000):
        found[employee_id].append(tuple(rest))
    return found


def absence_summaries(employee_ids, year: int) -> dict[int, AbsenceSummary]:
    """Summaries of many employees (no scope: callers pass ids from a scoped read) in three queries."""
    ids = sorted(set(employee_ids))
    if not ids:
        return {}
    rows = list(Employee.objects.filter(pk__in=ids).values_list("pk", "pemda_id", "status"))
    people = {pk: pemda_id for pk, pemda_id, _status in rows}
    statuses = {pk: status for pk, _pemda_id, status in rows}
    settings = {s.pemda_id: s for s in AttendanceSettings.objects.filter(pemda_id__in=set(people.values()))}
    days = _days_by_employee(ids, year)
    return {
        employee_id: summarise(employee_id=employee_id, employment_status=statuses[employee_id], year=year,
                               days=days.get(employee_id, []),
                               settings=settings.get(pemda_id) or AttendanceSettings(pemda_id=pemda_id))
        for employee_id, pemda_id in people.items()
    }


def absence_summary(employee: Employee, year: int) -> AbsenceSummary:
    """One employee's summary of a calendar year (no scope: the caller checked ``can_view_absence``)."""
    days = _days_by_employee([employee.pk], year).get(employee.pk, [])
    return summarise(employee_id=employee.pk, employment_status=employee.status, year=year, days=days,
                     settings=settings_for(employee.pemda_id))


# --- The agency's list -------------------------------------------------------------------------------------------


@dataclass
class AbsenceRow:
    employee: Employee
    days: int
    summary: AbsenceSummary


@dataclass
class AgencyAbsence:
    year: int
    unit: OrgUnit | None
    counts: QuerySet  # of {"employee_id", "days"}, most days first (the paginated list)

    def rows_of(self, page_items) -> list[AbsenceRow]:
        """The rows of one page: its employees and summaries in a constant number of queries."""
        items = list(page_items)
        ids = [item["employee_id"] for item in items]
        employees = Employee.objects.select_related("current_unit", "current_position").in_bulk(ids)
        summaries = absence_summaries(ids, self.year)
        return [AbsenceRow(employees[item["employee_id"]], item["days"], summaries[item["employee_id"]])
                for item in items if item["employee_id"] in employees]


def agency_absence(actor, year: int, unit: OrgUnit | None = None) -> AgencyAbsence:
    """Employees of the actor's agency with at least one verified unexcused day in *year*, most days first (HR,
    attendance officer, executive, auditor).

    Reads the per-employee year tallies (``AbsenceYearTally``, kept by every writer of day rows) in the order of
    their (pemda, year, days) index: the paginator counts and slices in SQL, whatever the number of employees."""
    if not sees_agency(actor):
        raise PermissionDenied
    tallies = AbsenceYearTally.objects.filter(year=year)
    if not actor.is_superuser:
        tallies = tallies.filter(pemda_id=actor.pemda_id)
    if unit is not None:
        tallies = tallies.filter(path_within("employee__current_unit__path", unit.path))
    counts = tallies.order_by("-unexcused_days", "employee_id").values("employee_id", days=F("unexcused_days"))
    return AgencyAbsence(year=year, unit=unit, counts=counts)
