"""The derived status of each day (``recompute``) and days recorded by hand (issue #12; rules.md §3.2).

``recompute(employee_ids, start, end)`` rewrites ``AttendanceDay`` rows from the facts: punches, approved leave
(pamong.leave.selectors), the work calendar's holidays and cuti bersama, the unit's working hours, Ramadan periods,
official duties, approved corrections and the employee's service dates. It reads each kind of fact once per batch
of employees (a constant number of queries whatever the number of days) and upserts the rows in bulk, so a
Pemda of 50,000 employees recomputes a month (~1.5 million rows) in batches of ``BATCH_SIZE`` employees.

Leave decided after a day was computed reaches attendance by recomputing: ``recompute_open_days`` (every
employee of a Pemda, every month not yet verified or closed) runs nightly (``manage.py attendance_recompute``) and
after settings or schedules change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record
from pamong.core.text import text_problem
from pamong.leave.selectors import approved_leave_between
from pamong.people.models import Employee, Pemda
from pamong.workcalendar.selectors import non_working_days

from .. import rules
from ..audit import AttendanceAudit
from ..choices import CorrectionStatus, MonthStatus, PunchSource
from ..errors import INVALID_DAY, MONTH_CLOSED, SELF_DECISION, AttendanceError, field_error
from ..models import (
    AttendanceDay,
    AttendanceSettings,
    DayCorrection,
    MonthClosure,
    OfficialDuty,
    Punch,
    RamadanPeriod,
    UnitSchedule,
    WorkSchedule,
)
from .tallies import Touched

BATCH_SIZE = 1000
INSERT_BATCH = 2000
CLOSED_STATUSES = (MonthStatus.VERIFIED, MonthStatus.CLOSED)


def _chunks(values: list[int], size: int) -> Iterator[list[int]]:
    for index in range(0, len(values), size):
        yield values[index:index + size]


def _days(start: date, end: date) -> Iterator[date]:
    for ordinal in range(start.toordinal(), end.toordinal() + 1):
        yield date.fromordinal(ordinal)


def _ancestor_ids(path: str | None) -> list[int]:
    """The unit ids of a materialised path, nearest first ("0000001/0000005/" → [5, 1])."""
    if not path:
        return []
    return [int(segment) for segment in reversed(path.strip("/").split("/")) if segment]


def in_service(day: date, *, first_appointment: date | None, end: date | None, is_active: bool) -> bool:
    """In service on *day*: from the first appointment (TMT CPNS/PPPK) up to the date of leaving. An inactive
    record without a date of leaving has nothing to go by and counts as not in service."""
    if first_appointment is not None and day < first_appointment:
        return False
    if end is not None:
        return day <= end
    return is_active


@dataclass(slots=True)
class _Context:
    """The facts of one batch of employees, read once."""

    employees: list[dict]
    zones: dict[int, ZoneInfo]
    grace: dict[int, int]
    holidays: dict[int, frozenset[date]]
    ramadan: dict[int, list[tuple[date, date]]]
    unit_schedules: dict[int, rules.ScheduleSpec]
    default_schedules: dict[int, rules.ScheduleSpec]
    punches: dict[tuple[int, date], list[tuple[time, bool]]]
    leave: dict[int, list[tuple[int, date, date]]]
    duties: dict[int, list[tuple[int, date, date]]]
    corrections: dict[int, list[tuple[int, date, date]]]

    def schedule_of(self, employee: dict) -> rules.ScheduleSpec:
        for unit_id in _ancestor_ids(employee["current_unit__path"]):
            if unit_id in self.unit_schedules:
                return self.unit_schedules[unit_id]
        return self.default_schedules.get(employee["pemda_id"], rules.DEFAULT_SCHEDULE)


def _covering(spans: list[tuple[int, date, date]], day: date) -> int | None:
    for key, first, last in spans:
        if first <= day <= last:
            return key
    return None


def _read_context(employee_ids: list[int], start: date, end: date) -> _Context:
    """Nine to eleven queries for the batch (one more per Pemda for the calendar): employees, Pemdas, settings,
    unit schedules, default schedules, Ramadan periods, calendar, punches, leave, duties, corrections."""
    employees = list(Employee.objects.filter(pk__in=employee_ids).order_by().values(
        "pk", "pemda_id", "current_unit_id", "current_unit__path", "first_appointment_date", "end_date", "is_active",
    ))
    pemda_ids = {row["pemda_id"] for row in employees}

    zones = {pk: ZoneInfo(zone or "Asia/Jakarta")
             for pk, zone in Pemda.objects.filter(pk__in=pemda_ids).values_list("pk", "timezone")}
    grace = dict(AttendanceSettings.objects.filter(pemda_id__in=pemda_ids).values_list("pemda_id", "grace_minutes"))
    ancestors = {unit_id for row in employees for unit_id in _ancestor_ids(row["current_unit__path"])}
    unit_schedules = {
        link.org_unit_id: rules.ScheduleSpec.from_schedule(link.schedule)
        for link in UnitSchedule.objects.filter(org_unit_id__in=ancestors).select_related("schedule")
    } if ancestors else {}
    default_schedules = {
        schedule.pemda_id: rules.ScheduleSpec.from_schedule(schedule)
        for schedule in WorkSchedule.objects.filter(pemda_id__in=pemda_ids, is_default=True)
    }
    ramadan: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for pemda_id, first, last in RamadanPeriod.objects.filter(
        pemda_id__in=pemda_ids, start__lte=end, end__gte=start,
    ).values_list("pemda_id", "start", "end"):
        ramadan[pemda_id].append((first, last))
    holidays = {pemda_id: non_working_days(pemda_id, start, end) for pemda_id in pemda_ids}
    zone_of = {row["pk"]: zones.get(row["pemda_id"], ZoneInfo("Asia/Jakarta")) for row in employees}
    punches: dict[tuple[int, date], list[tuple[time, bool]]] = defaultdict(list)
    for employee_id, moment, day, source in Punch.objects.filter(
        employee_id__in=employee_ids, day__gte=start, day__lte=end,
    ).order_by().values_list("employee_id", "at", "day", "source"):
        _, local = rules.local_time(moment, zone_of[employee_id])
        punches[(employee_id, day)].append((local, source == PunchSource.MANUAL))
    leave: dict[int, list[tuple[int, date, date]]] = defaultdict(list)
    for employee_id, application_id, first, last in approved_leave_between(employee_ids, start, end):
        leave[employee_id].append((application_id, first, last))
    duties: dict[int, list[tuple[int, date, date]]] = defaultdict(list)
    for employee_id, pk, first, last in OfficialDuty.objects.filter(
        employee_id__in=employee_ids, cancelled=False, start__lte=end, end__gte=start,
    ).order_by("start").values_list("employee_id", "pk", "start", "end"):
        duties[employee_id].append((pk, first, last))
    corrections: dict[int, list[tuple[int, date, date]]] = defaultdict(list)
    for employee_id, pk, first, last in DayCorrection.objects.filter(
        employee_id__in=employee_ids, status=CorrectionStatus.APPROVED, start__lte=end, end__gte=start,
    ).order_by("start").values_list("employee_id", "pk", "start", "end"):
        corrections[employee_id].append((pk, first, last))
    return _Context(employees, zones, grace, holidays, dict(ramadan), unit_schedules, default_schedules,
                    dict(punches), dict(leave), dict(duties), dict(corrections))


# The derived fields of a row, in this order: what a recompute compares with the stored row before writing it.
COMPARED = ("pemda_id", "org_unit_id", "status", "working_day", "first_in", "last_out", "punches", "late_minutes",
            "early_minutes", "manual", "leave_application_id", "duty_id", "correction_id")


def _values_for(employee: dict, context: _Context, start: date, end: date,
                today: date) -> Iterator[tuple[date, tuple]]:
    """(date, values in COMPARED order) of each day of *employee* over [start, end]."""
    pk, pemda_id = employee["pk"], employee["pemda_id"]
    schedule = context.schedule_of(employee)
    holidays = context.holidays.get(pemda_id, frozenset())
    ramadan = context.ramadan.get(pemda_id, [])
    grace = context.grace.get(pemda_id, 0)
    leave, duties, corrections = context.leave.get(pk, []), context.duties.get(pk, []), context.corrections.get(pk, [])
    for day in _days(start, end):
        punches = context.punches.get((pk, day), [])
        is_ramadan = any(first <= day <= last for first, last in ramadan)
        leave_id = _covering(leave, day)
        duty_id = _covering(duties, day)
        correction_id = _covering(corrections, day)
        facts = rules.DayFacts(
            day=day, today=today,
            in_service=in_service(day, first_appointment=employee["first_appointment_date"],
                                  end=employee["end_date"], is_active=employee["is_active"]),
            scheduled=rules.is_schedule_working_weekday(day, schedule.six_day_week),
            holiday=day in holidays,
            hours=rules.hours_for(schedule, day, ramadan=is_ramadan),
            punches=tuple(moment for moment, _manual in punches),
            leave=leave_id is not None, duty=duty_id is not None, correction=correction_id is not None,
        )
        result = rules.derive_day(facts, grace_minutes=grace)
        yield day, (
            pemda_id, employee["current_unit_id"], str(result.status), result.working_day, result.first_in,
            result.last_out, result.punches, min(result.late_minutes, 32767), min(result.early_minutes, 32767),
            any(manual for _moment, manual in punches),
            leave_id if result.status == "leave" else None,
            duty_id if result.status == "duty" else None,
            correction_id if result.status == "excused" else None,
        )


def _stored(employee_ids: list[int], start: date, end: date) -> dict[tuple[int, date], tuple]:
    """The stored rows of the batch, as (employee id, date) → values in COMPARED order. One query."""
    return {
        (row[0], row[1]): tuple(row[2:])
        for row in AttendanceDay.objects.filter(employee_id__in=employee_ids, date__gte=start, date__lte=end)
        .order_by().values_list("employee_id", "date", *COMPARED)
    }


class _DayWriter:
    """Upserts derived day rows with the statement ``bulk_create(update_conflicts=True)`` issues (``INSERT … ON
    CONFLICT (employee_id, date) DO UPDATE``), from plain parameter tuples: through the ORM a row cost ~25 µs (an
    instance and per-field value preparation), a fifth of a 50,000-employee month's import. Values are adapted by
    the backend's own ``adapt_*_value`` (on SQLite the text Django writes); ``verified`` is written only on insert,
    so a recomputation keeps it."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        ops = connection.ops
        self.adapt_date, self.adapt_time = ops.adapt_datefield_value, ops.adapt_timefield_value
        self.updated_at = ops.adapt_datetimefield_value(timezone.now())
        meta = AttendanceDay._meta
        column_of = {field.attname: field.column for field in meta.concrete_fields}
        columns = [column_of[name] for name in ("employee_id", "date", *COMPARED, "verified", "updated_at")]
        quoted = [ops.quote_name(column) for column in columns]
        updates = ", ".join(f"{column} = excluded.{column}" for column in quoted
                            if column not in {ops.quote_name(c) for c in ("employee_id", "date", "verified")})
        # identifiers from the model, quoted by the backend; every value is a bound parameter
        self.sql = (f"INSERT INTO {ops.quote_name(meta.db_table)} ({', '.join(quoted)}) "  # noqa: S608
                    f"VALUES ({', '.join(['%s'] * len(columns))}) "
                    f"ON CONFLICT ({ops.quote_name('employee_id')}, {ops.quote_name('date')}) DO UPDATE SET {updates}")
        self.first_in = COMPARED.index("first_in")

    def row(self, employee_id: int, day: date, values: tuple) -> tuple:
        first = self.first_in
        return (employee_id, self.adapt_date(day), *values[:first], self.adapt_time(values[first]),
                self.adapt_time(values[first + 1]), *values[first + 2:], False, self.updated_at)

    def write(self, rows: list[tuple]) -> None:
        with self.connection.cursor() as cursor:
            for index in range(0, len(rows), INSERT_BATCH):
                cursor.executemany(self.sql, rows[index:index + INSERT_BATCH])


def recompute(employee_ids: Iterable[int], start: date, end: date, *, today: date | None = None) -> int:
    """(Re)write the AttendanceDay rows of *employee_ids* over [start, end]; return the number of rows written
    (new or changed: a row whose derived values are unchanged is not rewritten).

    Idempotent. ``verified`` keeps its value on existing rows; ``org_unit`` becomes the employee's current unit.
    Reads a constant number of queries per batch of ``BATCH_SIZE`` employees (not per day) and upserts in bulk
    (``INSERT … ON CONFLICT DO UPDATE``, on SQLite and PostgreSQL). Writes no audit: the rows are derived, and
    what changed them (punches, leave, duties, corrections, settings) is audited where it happened.
    """
    if end < start:
        return 0
    today = today or timezone.localdate()
    ids = sorted({int(pk) for pk in employee_ids})
    written = 0
    writer = _DayWriter()
    touched = Touched()
    unit_at = COMPARED.index("org_unit_id")
    for batch in _chunks(ids, BATCH_SIZE):
        context = _read_context(batch, start, end)
        stored = _stored(batch, start, end)
        rows = []
        for employee in context.employees:
            for day, values in _values_for(employee, context, start, end, today):
                before = stored.get((employee["pk"], day))
                if before == values:
                    continue
                rows.append(writer.row(employee["pk"], day, values))
                touched.add(values[0], day, employee["pk"], values[unit_at], *((before[unit_at],) if before else ()))
        with transaction.atomic():
            writer.write(rows)
        written += len(rows)
    touched.refresh()
    return written


def previous_month_start(today: date) -> date:
    first = today.replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


def closed_month_units(pemda_id: int, since: date) -> dict[date, set[int]]:
    """Per month (its first day) from *since*, the units whose month is verified or closed. One query."""
    closed: dict[date, set[int]] = defaultdict(set)
    for unit_id, month in MonthClosure.objects.filter(
        pemda_id=pemda_id, month__gte=since.replace(day=1), status__in=CLOSED_STATUSES,
    ).values_list("org_unit_id", "month"):
        closed[month].add(unit_id)
    return dict(closed)


def is_month_closed_for(employee: Employee, day: date) -> bool:
    """Whether *day*'s month is verified or closed for *employee*'s unit (or a unit above it): after
    verification, changes go only through corrections."""
    unit_ids = _ancestor_ids(employee.current_unit.path if employee.current_unit_id else None)
    if not unit_ids:
        return False
    return MonthClosure.objects.filter(
        org_unit_id__in=unit_ids, month=day.replace(day=1), status__in=CLOSED_STATUSES,
    ).exists()


def recompute_open_days(pemda_id: int, *, since: date | None = None, today: date | None = None,
                        employee_ids: Iterable[int] | None = None) -> int:
    """Recompute every employee of the Pemda (or *employee_ids*) from *since* (default: the first day of the
    previous month) to the end of the current month (the days ahead are pending, or leave, holidays and duties
    already known), skipping the months a unit has verified or closed. Returns the rows written."""
    today = today or timezone.localdate()
    since = since or previous_month_start(today)
    until = rules.month_bounds(today)[1]
    if since > until:
        return 0
    employees = Employee.objects.filter(pemda_id=pemda_id).exclude(end_date__lt=since)
    if employee_ids is not None:
        employees = employees.filter(pk__in=list(employee_ids))
    rows = list(employees.order_by("pk").values_list("pk", "current_unit__path"))
    closed = closed_month_units(pemda_id, since)
    written = 0
    month = since.replace(day=1)
    while month <= until:
        first, last = rules.month_bounds(month)
        first, last = max(first, since), min(last, until)
        closed_units = closed.get(month, set())
        open_ids = [pk for pk, path in rows if not closed_units.intersection(_ancestor_ids(path))]
        written += recompute(open_ids, first, last, today=today)
        month = last + timedelta(days=1)
    return written


# --- Days recorded by hand ------------------------------------------------------------------------------------


def _check_can_record(actor, employee: Employee, day: date) -> None:
    """Permission and state shared by manual days and duties: the agency's attendance officer or HR, never for
    oneself, never another agency; not a verified or closed month."""
    from ..day_access import can_manage_attendance, is_self

    if not can_manage_attendance(actor, employee.pemda_id):
        raise PermissionDenied
    if is_self(actor, employee):
        raise AttendanceError(_("You cannot record your own attendance."), code=SELF_DECISION, http_status=403)
    if is_month_closed_for(employee, day):
        raise AttendanceError(
            _("The month of %(day)s is verified or closed for this unit: ask for a correction instead.")
            % {"day": day.strftime("%d-%m-%Y")},
            code=MONTH_CLOSED, http_status=409,
        )


def _punch_snapshot(employee: Employee, day: date) -> list[str]:
    return [f"{moment.isoformat()} {source}" for moment, source in Punch.objects.filter(
        employee_id=employee.pk, day=day,
    ).order_by("at").values_list("at", "source")]


@transaction.atomic
def record_manual_day(actor, employee: Employee, day: date, first_in: time, last_out: time | None,
                      note: str = "") -> AttendanceDay:
    """Record a day by hand for a unit without a machine: punches with source MANUAL and *actor* as recorder.

    Refuses (PermissionDenied) anyone but the agency's attendance officer or HR; refuses (AttendanceError) one's
    own record (attendance.self_decision), a verified or closed month (attendance.month_closed), a future day or a
    departure before the arrival (attendance.invalid_day). Audited DAY_RECORDED with the punches before and after;
    the day is recomputed and returned."""
    today = timezone.localdate()
    _check_can_record(actor, employee, day)
    if day > today:
        raise field_error("day", _("A day in the future cannot be recorded."), INVALID_DAY)
    if last_out is not None and last_out <= first_in:
        raise field_error("last_out", _("The departure must be after the arrival."), INVALID_DAY)
    note = " ".join(str(note or "").split())[:200]
    if problem := text_problem(note):
        raise field_error("note", str(problem), INVALID_DAY)
    zone = ZoneInfo(employee.pemda.timezone or "Asia/Jakarta")
    before = _punch_snapshot(employee, day)
    for moment in [first_in] + ([last_out] if last_out else []):
        at = datetime.combine(day, moment.replace(microsecond=0), tzinfo=zone)
        # A punch already at that instant (a machine's, or the same entry twice) stays as it is.
        Punch.objects.get_or_create(
            employee=employee, at=at,
            defaults={"pemda_id": employee.pemda_id, "day": day, "source": PunchSource.MANUAL,
                      "recorded_by": actor, "note": note},
        )
    recompute([employee.pk], day, day, today=today)
    record = AttendanceDay.objects.get(employee=employee, date=day)
    audit_record(actor=actor, action=AttendanceAudit.DAY_RECORDED, target=employee, pemda_id=employee.pemda_id,
                 changes={"date": [None, day.isoformat()], "punches": [before, _punch_snapshot(employee, day)],
                          "status": [None, record.status], "note": [None, note]})
    return record
