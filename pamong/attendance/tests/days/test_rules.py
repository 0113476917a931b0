"""The derivation of one day (attendance.rules): table tests and properties."""

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pamong.attendance.choices import DayStatus
from pamong.attendance.rules import (
    DEFAULT_SCHEDULE,
    DayFacts,
    Hours,
    ScheduleSpec,
    derive_day,
    hours_for,
    is_schedule_working_weekday,
    month_bounds,
)

MONDAY = date(2026, 6, 1)
FRIDAY = date(2026, 6, 5)
SATURDAY = date(2026, 6, 6)
SUNDAY = date(2026, 6, 7)
LATER = date(2026, 7, 1)
SIX_DAYS = ScheduleSpec(six_day_week=True, mon_thu=Hours(time(7), time(14)), fri=Hours(time(7), time(11)),
                        sat=Hours(time(7), time(12, 30)))
RAMADAN = ScheduleSpec(ramadan_start=time(8), ramadan_end=time(15), ramadan_fri_end=time(15, 30))


@pytest.mark.parametrize(("day", "six", "working"), [
    (MONDAY, False, True), (FRIDAY, False, True), (SATURDAY, False, False), (SUNDAY, False, False),
    (SATURDAY, True, True), (SUNDAY, True, False),
])
def test_working_weekdays_of_5_and_6_day_weeks(day, six, working):
    assert is_schedule_working_weekday(day, six) is working


@pytest.mark.parametrize(("schedule", "day", "ramadan", "expected"), [
    (DEFAULT_SCHEDULE, MONDAY, False, Hours(time(7, 30), time(16))),
    (DEFAULT_SCHEDULE, FRIDAY, False, Hours(time(7, 30), time(16, 30))),
    (DEFAULT_SCHEDULE, SATURDAY, False, None),
    (SIX_DAYS, SATURDAY, False, Hours(time(7), time(12, 30))),
    (SIX_DAYS, FRIDAY, False, Hours(time(7), time(11))),
    (RAMADAN, MONDAY, True, Hours(time(8), time(15))),
    (RAMADAN, FRIDAY, True, Hours(time(8), time(15, 30))),
    (RAMADAN, MONDAY, False, Hours(time(7, 30), time(16))),
    (DEFAULT_SCHEDULE, MONDAY, True, Hours(time(7, 30), time(16))),  # no Ramadan hours: the normal ones
])
def test_hours_of_the_day(schedule, day, ramadan, expected):
    assert hours_for(schedule, day, ramadan=ramadan) == expected


def facts(**values):
    base = {"day": MONDAY, "today": LATER, "hours": hours_for(DEFAULT_SCHEDULE, values.get("day", MONDAY))}
    base.update(values)
    return DayFacts(**base)


@pytest.mark.parametrize(("given_facts", "status"), [
    (facts(in_service=False, leave=True), DayStatus.NOT_EMPLOYED),
    (facts(holiday=True, leave=True), DayStatus.HOLIDAY),
    (facts(day=SATURDAY, scheduled=False), DayStatus.OFF),
    (facts(leave=True, duty=True, punches=(time(7),)), DayStatus.LEAVE),
    (facts(duty=True, correction=True), DayStatus.DUTY),
    (facts(correction=True), DayStatus.EXCUSED),
    (facts(punches=(time(7, 20), time(16, 5))), DayStatus.PRESENT),
    (facts(), DayStatus.UNEXCUSED),
    (facts(today=MONDAY), DayStatus.PENDING),
    (facts(day=LATER, today=MONDAY), DayStatus.PENDING),
])
def test_status_order(given_facts, status):
    assert derive_day(given_facts).status == status


@pytest.mark.parametrize(("punches", "grace", "late", "early", "first_in", "last_out"), [
    ((time(7, 25), time(16, 1)), 0, 0, 0, time(7, 25), time(16, 1)),
    ((time(16, 1), time(7, 45)), 0, 15, 0, time(7, 45), time(16, 1)),  # order does not matter
    ((time(7, 45), time(15, 30)), 15, 0, 30, time(7, 45), time(15, 30)),  # within the grace
    ((time(7, 50), time(16)), 15, 5, 0, time(7, 50), time(16)),  # counted after start + grace
    ((time(8),), 0, 30, 480, time(8), None),  # no departure on a past day: left at arrival
])
def test_late_and_early_minutes(punches, grace, late, early, first_in, last_out):
    result = derive_day(facts(punches=punches), grace_minutes=grace)
    assert (result.late_minutes, result.early_minutes, result.first_in, result.last_out) == (
        late, early, first_in, last_out)


def test_single_punch_today_is_not_early_yet():
    result = derive_day(facts(today=MONDAY, punches=(time(7, 40),)))
    assert (result.status, result.late_minutes, result.early_minutes) == (DayStatus.PRESENT, 10, 0)


def test_friday_hours_count_for_early_leave():
    result = derive_day(facts(day=FRIDAY, punches=(time(7, 30), time(16, 0))))
    assert result.early_minutes == 30


def test_month_bounds():
    assert month_bounds(date(2026, 2, 1)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert month_bounds(date(2026, 12, 15)) == (date(2026, 12, 1), date(2026, 12, 31))


times = st.times().map(lambda value: value.replace(microsecond=0))
any_facts = st.builds(
    DayFacts,
    day=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
    today=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
    in_service=st.booleans(), scheduled=st.booleans(), holiday=st.booleans(),
    hours=st.one_of(st.none(), st.builds(Hours, times, times)),
    punches=st.lists(times, max_size=4).map(tuple),
    leave=st.booleans(), duty=st.booleans(), correction=st.booleans(),
)


@given(any_facts, st.integers(min_value=0, max_value=120))
def test_exactly_one_status_and_minutes_never_negative(day_facts, grace):
    result = derive_day(day_facts, grace_minutes=grace)
    assert result.status in set(DayStatus)
    assert result.late_minutes >= 0
    assert result.early_minutes >= 0


@given(any_facts)
def test_approved_leave_is_never_unexcused(day_facts):
    if day_facts.leave:
        assert derive_day(day_facts).status != DayStatus.UNEXCUSED


@given(any_facts)
def test_a_non_working_day_is_never_unexcused(day_facts):
    if day_facts.holiday or not day_facts.scheduled or not day_facts.in_service:
        assert derive_day(day_facts).status != DayStatus.UNEXCUSED
        assert derive_day(day_facts).working_day is False
