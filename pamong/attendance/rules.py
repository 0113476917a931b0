"""The derivation of one employee's day (issue #12; rules.md §3.2). Pure: no database, no clock.

``derive_day(facts, grace_minutes=…)`` returns exactly one ``DayStatus``, by this order:

1. not in service that day (before the first appointment, after leaving) → NOT_EMPLOYED;
2. not a working day: a holiday or cuti bersama of the work calendar → HOLIDAY, otherwise a day off of the
   schedule's week (Saturday on a 5-day week, Sunday) → OFF;
3. approved leave covers it → LEAVE;
4. an official duty (dinas luar / surat tugas) covers it → DUTY;
5. an approved correction covers it → EXCUSED;
6. punches → PRESENT, with the first punch as arrival and the last as departure;
7. no punch on a past working day → UNEXCUSED (tanpa alasan yang sah, PP 94/2021 Pasal 4 huruf f: only
   *verified* unexcused days count toward discipline, rules.md §3.2);
8. today or later without punches → PENDING.

Lateness: the minutes after ``start + grace`` (the grace is a tolerance the Pemda sets; a punch within it is on
time). Leaving early: the minutes before the schedule's end. A past day with a single punch has no departure: it
counts as leaving at that punch (the missing out-punch is not free; a correction "forgot to punch" excuses the day).
Whether late/early minutes become absence days (PP 53/2010 Penjelasan Pasal 3 angka 11: 7½ hours = 1 day) is the
absence count's business (AttendanceSettings.convert_lateness), not this module's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from .choices import DayStatus

MONDAY, FRIDAY, SATURDAY, SUNDAY = 0, 4, 5, 6


@dataclass(frozen=True, slots=True)
class Hours:
    start: time
    end: time


@dataclass(frozen=True, slots=True)
class ScheduleSpec:
    """A working-hours schedule as plain values (``WorkSchedule`` or the built-in default)."""

    six_day_week: bool = False
    mon_thu: Hours = Hours(time(7, 30), time(16, 0))
    fri: Hours = Hours(time(7, 30), time(16, 30))
    sat: Hours | None = None
    ramadan_start: time | None = None
    ramadan_end: time | None = None
    ramadan_fri_end: time | None = None
    ramadan_sat_end: time | None = None

    @classmethod
    def from_schedule(cls, schedule) -> ScheduleSpec:
        sat = None
        if schedule.six_day_week and schedule.sat_start and schedule.sat_end:
            sat = Hours(schedule.sat_start, schedule.sat_end)
        return cls(
            six_day_week=schedule.six_day_week,
            mon_thu=Hours(schedule.mon_thu_start, schedule.mon_thu_end),
            fri=Hours(schedule.fri_start, schedule.fri_end),
            sat=sat,
            ramadan_start=schedule.ramadan_start,
            ramadan_end=schedule.ramadan_end,
            ramadan_fri_end=schedule.ramadan_fri_end,
            ramadan_sat_end=schedule.ramadan_sat_end,
        )


# Built-in when neither the unit nor the Pemda has a schedule: the common Pemda week (5 days, Mon–Thu 07:30–16:00,
# Fri 07:30–16:30; 37½ hours as in Perpres 21/2023 Pasal 3 for a 5-day week).
DEFAULT_SCHEDULE = ScheduleSpec()
# A 6-day week's Saturday when the schedule names no hours.
DEFAULT_SATURDAY = Hours(time(7, 30), time(13, 0))


def is_schedule_working_weekday(day: date, six_day_week: bool) -> bool:
    """Monday–Friday always; Saturday on a 6-day week; never Sunday."""
    weekday = day.weekday()
    if weekday == SUNDAY:
        return False
    if weekday == SATURDAY:
        return six_day_week
    return True


def hours_for(schedule: ScheduleSpec, day: date, *, ramadan: bool = False) -> Hours | None:
    """The schedule's hours on *day* (Ramadan hours inside a Ramadan period when the schedule has them); None on
    a day off of the week."""
    if not is_schedule_working_weekday(day, schedule.six_day_week):
        return None
    weekday = day.weekday()
    if weekday == SATURDAY:
        base = schedule.sat or DEFAULT_SATURDAY
        ramadan_end = schedule.ramadan_sat_end or schedule.ramadan_end
    elif weekday == FRIDAY:
        base = schedule.fri
        ramadan_end = schedule.ramadan_fri_end or schedule.ramadan_end
    else:
        base = schedule.mon_thu
        ramadan_end = schedule.ramadan_end
    if ramadan and (schedule.ramadan_start or ramadan_end):
        return Hours(schedule.ramadan_start or base.start, ramadan_end or base.end)
    return base


@dataclass(frozen=True, slots=True)
class DayFacts:
    """What is known of one employee's day. *punches* are local times of that day, in any order."""

    day: date
    today: date
    in_service: bool = True
    scheduled: bool = True  # a working weekday of the employee's schedule
    holiday: bool = False  # a holiday or cuti bersama of the work calendar
    hours: Hours | None = None
    punches: tuple[time, ...] = field(default_factory=tuple)
    leave: bool = False
    duty: bool = False
    correction: bool = False


@dataclass(frozen=True, slots=True)
class DayResult:
    status: DayStatus
    working_day: bool
    first_in: time | None = None
    last_out: time | None = None
    punches: int = 0
    late_minutes: int = 0
    early_minutes: int = 0


def _seconds(value: time) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second


def _minutes_after(moment: time, reference_seconds: int) -> int:
    return max(0, (_seconds(moment) - reference_seconds) // 60)


def derive_day(facts: DayFacts, *, grace_minutes: int = 0) -> DayResult:
    """Exactly one status for *facts* (see the module docstring for the order)."""
    working = facts.in_service and facts.scheduled and not facts.holiday
    ordered = sorted(facts.punches)
    first_in = ordered[0] if ordered else None
    last_out = ordered[-1] if len(ordered) > 1 else None
    base = {"working_day": working, "first_in": first_in, "last_out": last_out, "punches": len(ordered)}
    if not facts.in_service:
        return DayResult(DayStatus.NOT_EMPLOYED, **base)
    if facts.holiday:
        return DayResult(DayStatus.HOLIDAY, **base)
    if not facts.scheduled:
        return DayResult(DayStatus.OFF, **base)
    if facts.leave:
        return DayResult(DayStatus.LEAVE, **base)
    if facts.duty:
        return DayResult(DayStatus.DUTY, **base)
    if facts.correction:
        return DayResult(DayStatus.EXCUSED, **base)
    if first_in is not None:
        late, early = lateness(facts, first_in, last_out, grace_minutes=grace_minutes)
        return DayResult(DayStatus.PRESENT, late_minutes=late, early_minutes=early, **base)
    if facts.day < facts.today:
        return DayResult(DayStatus.UNEXCUSED, **base)
    return DayResult(DayStatus.PENDING, **base)


def lateness(facts: DayFacts, first_in: time, last_out: time | None, *, grace_minutes: int = 0) -> tuple[int, int]:
    """(late minutes, early minutes) of a present day; never negative."""
    hours = facts.hours
    if hours is None:
        return 0, 0
    late = _minutes_after(first_in, _seconds(hours.start) + max(0, grace_minutes) * 60)
    departure = last_out
    if departure is None:
        if facts.day >= facts.today:
            return late, 0  # the day is not over: the departure is still to come
        departure = max(first_in, hours.start)
    early = max(0, (_seconds(hours.end) - _seconds(departure)) // 60)
    return late, early


def month_bounds(month_first_day: date) -> tuple[date, date]:
    """The first and last day of the month of *month_first_day*."""
    first = month_first_day.replace(day=1)
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return first, date.fromordinal(following.toordinal() - 1)


def local_time(moment: datetime, zone) -> tuple[date, time]:
    """The local date and time of an aware *moment* in *zone*."""
    local = moment.astimezone(zone)
    return local.date(), local.time().replace(microsecond=0)
