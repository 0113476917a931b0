"""The attendance demo (issue #12): the last full month of machine punches for every active employee of the demo
kabupaten, a few late arrivals, and a few employees on the way up the PP 94/2021 ladder (rules.md §3.2):

- the demo employee (the teacher): 2 verified unexcused days (one day from teguran lisan: "approaching");
- three others with 6, 10 (spread out) and 9 in a row (one day from the 10-day rule);

then the days derived by ``services.days.recompute`` and the month verified for every unit (``verified`` set on the
days and a ``MonthClosure`` per unit, as the attendance officer's verification leaves them). Punches go in with
``bulk_create``; the agency-wide bulk is recorded by one audit event, which also marks the demo as seeded
(idempotent). Dates are relative to today.
"""

import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from pamong.audit.models import AuditEvent
from pamong.audit.registry import register_action_labels
from pamong.audit.services import audit_record
from pamong.people.demo import PEMDA_NAME, demo_accounts
from pamong.people.models import Employee, Pemda
from pamong.workcalendar.selectors import non_working_days

from .choices import DayStatus, MonthStatus, PunchSource
from .models import AttendanceDay, MonthClosure, Punch
from .services.tallies import refresh_pemda_year, refresh_unit_months

ATTENDANCE_DEMO_ACTION = "attendance.demo_seeded"
register_action_labels({ATTENDANCE_DEMO_ACTION: gettext_lazy("Attendance demo seeded")})
LATE_SHARE = 0.05  # share of present days with a late arrival
PUNCH_BATCH = 5000
# (name, unexcused days, in a row)
ABSENTEES = (("six", 6, False), ("ten", 10, False), ("run_of_nine", 9, True))


class DemoMissing(Exception):
    pass


@dataclass
class AttendanceSeedResult:
    created: bool
    seconds: float = 0.0
    counts: dict = field(default_factory=dict)


def last_full_month(today: date) -> tuple[date, date]:
    first_of_this = today.replace(day=1)
    last = first_of_this - timedelta(days=1)
    return last.replace(day=1), last


def _weekdays(start: date, end: date) -> list[date]:
    days, day = [], start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _absences(employees: list[Employee], teacher: Employee | None, weekdays: list[date],
              rng: random.Random) -> dict[int, set[date]]:
    """The days each chosen employee does not punch."""
    chosen: dict[int, set[date]] = {}
    if teacher is not None:
        chosen[teacher.pk] = {weekdays[3], weekdays[9]}
    others = [e for e in employees if teacher is None or e.pk != teacher.pk]
    picks = rng.sample(others, k=min(len(ABSENTEES), len(others)))
    for employee, (_name, count, in_a_row) in zip(picks, ABSENTEES, strict=False):
        if in_a_row:
            chosen[employee.pk] = set(weekdays[2:2 + count])
        else:
            spaced = weekdays[::2] + weekdays[1::2]
            chosen[employee.pk] = set(spaced[:count])
    return chosen


def _punches(pemda: Pemda, employees: list[Employee], start: date, end: date, absent: dict[int, set[date]],
             rng: random.Random) -> list[Punch]:
    zone = ZoneInfo(pemda.timezone or "Asia/Jakarta")
    rows = []
    day = start
    while day <= end:
        if day.weekday() < 6:  # Monday–Saturday: a 5-day unit's Saturday punch is simply an off day
            for employee in employees:
                if day in absent.get(employee.pk, ()):
                    continue
                late = rng.random() < LATE_SHARE
                arrive = clock(7, rng.randint(35, 59)) if late else clock(7, rng.randint(5, 29))
                leave_at = clock(16, rng.randint(31, 50)) if day.weekday() == 4 else clock(16, rng.randint(1, 30))
                if day.weekday() == 5:
                    leave_at = clock(13, rng.randint(1, 20))
                for moment in (arrive, leave_at):
                    rows.append(Punch(pemda=pemda, employee=employee, day=day, source=PunchSource.MACHINE,
                                      at=datetime.combine(day, moment, tzinfo=zone)))
        day += timedelta(days=1)
    return rows


def _verify_month(pemda: Pemda, start: date, end: date, verifier) -> int:
    """Verify the month for every unit, as the attendance officer's verification leaves it."""
    days = AttendanceDay.objects.filter(pemda=pemda, date__gte=start, date__lte=end)
    days.update(verified=True)
    refresh_unit_months(pemda.pk, [start])
    refresh_pemda_year(pemda.pk, start.year)
    now = timezone.now()
    summaries = {
        row["org_unit_id"]: row for row in days.exclude(org_unit_id=None).values("org_unit_id").annotate(
            **{status: Count("id", filter=Q(status=status)) for status in DayStatus.values})
    }
    existing = set(MonthClosure.objects.filter(pemda=pemda, month=start).values_list("org_unit_id", flat=True))
    closures = [
        MonthClosure(pemda=pemda, org_unit_id=unit_id, month=start, status=MonthStatus.VERIFIED, verified_by=verifier,
                     verified_at=now, summary={k: v for k, v in row.items() if k != "org_unit_id" and v})
        for unit_id, row in summaries.items() if unit_id not in existing
    ]
    MonthClosure.objects.bulk_create(closures, ignore_conflicts=True)
    return len(closures)


def seed_attendance_demo(*, seed: int = 1, today: date | None = None, pemda: Pemda | None = None,
                         force: bool = False) -> AttendanceSeedResult:
    """Seed the attendance demo once for the demo Pemda (or *pemda*); raise DemoMissing without it."""
    from .services.days import recompute

    started = time.monotonic()
    pemda = pemda or Pemda.objects.filter(name=PEMDA_NAME).first()
    if pemda is None:
        raise DemoMissing("Run `manage.py seed_demo` first: the demo agency does not exist.")
    if not force and AuditEvent.objects.filter(action=ATTENDANCE_DEMO_ACTION, pemda_id=pemda.pk).exists():
        return AttendanceSeedResult(created=False, counts=demo_counts(pemda))
    today = today or timezone.localdate()
    start, end = last_full_month(today)
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    accounts = {account["role"]: account["username"] for account in demo_accounts(pemda)}
    employees = list(Employee.objects.filter(pemda=pemda, is_active=True).select_related("user").order_by("pk"))
    teacher = next((e for e in employees if e.user and e.user.username == accounts.get("employee")), None)
    hr = next((e.user for e in employees if e.user and e.user.username == accounts.get("hr_admin")), None)
    holidays = non_working_days(pemda.pk, start, end)
    workdays = [day for day in _weekdays(start, end) if day not in holidays]
    absent = _absences(employees, teacher, workdays, rng)
    with transaction.atomic():
        punches = _punches(pemda, employees, start, end, absent, rng)
        for index in range(0, len(punches), PUNCH_BATCH):
            Punch.objects.bulk_create(punches[index:index + PUNCH_BATCH], ignore_conflicts=True)
        written = recompute([e.pk for e in employees], start, end, today=today)
        units = _verify_month(pemda, start, end, hr)
        counts = {"punches": len(punches), "days": written, "units_verified": units,
                  "absentees": len(absent), "month": start.isoformat()}
        audit_record(actor=None, action=ATTENDANCE_DEMO_ACTION, target=pemda, changes={"seeded": [None, counts]})
    return AttendanceSeedResult(created=True, seconds=time.monotonic() - started, counts=demo_counts(pemda))


def demo_counts(pemda: Pemda) -> dict:
    days = AttendanceDay.objects.filter(pemda=pemda)
    return {
        "punches": Punch.objects.filter(pemda=pemda).count(),
        "days": days.count(),
        "verified_unexcused": days.filter(status=DayStatus.UNEXCUSED, verified=True).count(),
        "months_verified": MonthClosure.objects.filter(pemda=pemda).exclude(status=MonthStatus.OPEN).count(),
    }
