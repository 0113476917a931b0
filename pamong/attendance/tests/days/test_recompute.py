"""recompute(): each day's status from punches, leave, the calendar, schedules, duties and corrections."""

from datetime import date, time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pamong.attendance.choices import CorrectionStatus, DayStatus, MonthStatus, PunchSource
from pamong.attendance.models import AttendanceDay, AttendanceSettings, RamadanPeriod, UnitSchedule
from pamong.attendance.services.days import recompute, recompute_open_days
from pamong.leave.choices import LeaveStatus
from pamong.people.tests.factories import EmployeeFactory
from pamong.workcalendar.models import CalendarDay

from .factories import close_month, correction, duty, leave, punch, schedule

JUNE_1 = date(2026, 6, 1)  # a Monday
JUNE_30 = date(2026, 6, 30)
TODAY = date(2026, 7, 15)


def status_of(employee, day):
    return AttendanceDay.objects.get(employee=employee, date=day).status


def test_a_month_of_an_employee_without_punches(employee):
    # when
    written = recompute([employee.pk], JUNE_1, JUNE_30, today=TODAY)
    # then: 22 working days unexcused, the weekends off
    assert written == 30
    statuses = list(AttendanceDay.objects.filter(employee=employee).values_list("status", flat=True))
    assert statuses.count(DayStatus.UNEXCUSED) == 22
    assert statuses.count(DayStatus.OFF) == 8
    assert AttendanceDay.objects.filter(employee=employee).first().org_unit_id == employee.current_unit_id


def test_punches_make_a_present_day_with_lateness(employee):
    punch(employee, JUNE_1, time(7, 42))
    punch(employee, JUNE_1, time(15, 50), source=PunchSource.MANUAL)
    recompute([employee.pk], JUNE_1, JUNE_1, today=TODAY)
    day = AttendanceDay.objects.get(employee=employee, date=JUNE_1)
    assert (day.status, day.first_in, day.last_out, day.punches) == (DayStatus.PRESENT, time(7, 42), time(15, 50), 2)
    assert (day.late_minutes, day.early_minutes, day.manual) == (12, 10, True)


def test_grace_of_the_agency(employee):
    AttendanceSettings.objects.create(pemda=employee.pemda, grace_minutes=15)
    punch(employee, JUNE_1, time(7, 42))
    punch(employee, JUNE_1, time(16, 0))
    recompute([employee.pk], JUNE_1, JUNE_1, today=TODAY)
    assert AttendanceDay.objects.get(employee=employee, date=JUNE_1).late_minutes == 0


def test_approved_leave_excuses_days_pending_leave_does_not(employee, peer):
    approved = leave(employee, JUNE_1, date(2026, 6, 3))
    leave(peer, JUNE_1, date(2026, 6, 3), status=LeaveStatus.SUBMITTED)
    recompute([employee.pk, peer.pk], JUNE_1, date(2026, 6, 3), today=TODAY)
    assert status_of(employee, date(2026, 6, 2)) == DayStatus.LEAVE
    assert AttendanceDay.objects.get(employee=employee, date=JUNE_1).leave_application_id == approved.pk
    assert status_of(peer, date(2026, 6, 2)) == DayStatus.UNEXCUSED


def test_leave_decided_later_is_learnt_by_recomputing(employee):
    recompute([employee.pk], JUNE_1, JUNE_1, today=TODAY)
    assert status_of(employee, JUNE_1) == DayStatus.UNEXCUSED
    leave(employee, JUNE_1, JUNE_1)
    recompute_open_days(employee.pemda_id, since=JUNE_1, today=date(2026, 6, 2))
    assert status_of(employee, JUNE_1) == DayStatus.LEAVE


def test_holidays_and_cuti_bersama(employee):
    CalendarDay.objects.create(pemda=employee.pemda, date=JUNE_1, kind="national_holiday", name="Hari Lahir Pancasila")
    recompute([employee.pk], JUNE_1, JUNE_1, today=TODAY)
    day = AttendanceDay.objects.get(employee=employee, date=JUNE_1)
    assert (day.status, day.working_day) == (DayStatus.HOLIDAY, False)


def test_six_day_week_of_the_unit_and_its_subunits(employee, world):
    school = schedule(employee.pemda, six_day_week=True, sat_start=time(7), sat_end=time(12))
    UnitSchedule.objects.create(org_unit=world.education, schedule=school)  # the employee is in a sub-unit
    punch(employee, JUNE_1, time(7, 10))
    punch(employee, JUNE_1, time(14, 0))
    recompute([employee.pk], JUNE_1, date(2026, 6, 7), today=TODAY)
    assert status_of(employee, date(2026, 6, 6)) == DayStatus.UNEXCUSED  # Saturday is a working day
    assert status_of(employee, date(2026, 6, 7)) == DayStatus.OFF
    assert AttendanceDay.objects.get(employee=employee, date=JUNE_1).late_minutes == 10  # the school's 07:00


def test_the_agency_default_schedule(employee):
    schedule(employee.pemda, name="Jam kerja Pemda", is_default=True, mon_thu_start=time(8), mon_thu_end=time(16))
    punch(employee, JUNE_1, time(8, 0))
    punch(employee, JUNE_1, time(16, 0))
    recompute([employee.pk], JUNE_1, JUNE_1, today=TODAY)
    day = AttendanceDay.objects.get(employee=employee, date=JUNE_1)
    assert (day.late_minutes, day.early_minutes) == (0, 0)


def test_ramadan_hours(employee):
    schedule(employee.pemda, name="Jam kerja Pemda", is_default=True, mon_thu_start=time(7, 30),
             mon_thu_end=time(16), ramadan_start=time(8), ramadan_end=time(15))
    RamadanPeriod.objects.create(pemda=employee.pemda, start=JUNE_1, end=date(2026, 6, 2))
    for day in (JUNE_1, date(2026, 6, 3)):
        punch(employee, day, time(8, 0))
        punch(employee, day, time(15, 0))
    recompute([employee.pk], JUNE_1, date(2026, 6, 3), today=TODAY)
    ramadan = AttendanceDay.objects.get(employee=employee, date=JUNE_1)
    after = AttendanceDay.objects.get(employee=employee, date=date(2026, 6, 3))
    assert (ramadan.late_minutes, ramadan.early_minutes) == (0, 0)
    assert (after.late_minutes, after.early_minutes) == (30, 60)


def test_duty_and_approved_correction(employee, hr_admin):
    recorded = duty(employee, JUNE_1, date(2026, 6, 2), by=hr_admin.user)
    duty(employee, date(2026, 6, 3), cancelled=True)
    approved = correction(employee, date(2026, 6, 4))
    correction(employee, date(2026, 6, 5), status=CorrectionStatus.PENDING)
    recompute([employee.pk], JUNE_1, date(2026, 6, 5), today=TODAY)
    assert AttendanceDay.objects.get(employee=employee, date=JUNE_1).duty_id == recorded.pk
    assert status_of(employee, date(2026, 6, 2)) == DayStatus.DUTY
    assert status_of(employee, date(2026, 6, 3)) == DayStatus.UNEXCUSED
    assert AttendanceDay.objects.get(employee=employee, date=date(2026, 6, 4)).correction_id == approved.pk
    assert status_of(employee, date(2026, 6, 5)) == DayStatus.UNEXCUSED


def test_service_start_and_end(employee, peer):
    employee.first_appointment_date = date(2026, 6, 3)
    employee.save(update_fields=["first_appointment_date"])
    peer.end_date = date(2026, 6, 1)
    peer.is_active = False
    peer.save(update_fields=["end_date", "is_active"])
    recompute([employee.pk, peer.pk], JUNE_1, date(2026, 6, 3), today=TODAY)
    assert status_of(employee, date(2026, 6, 2)) == DayStatus.NOT_EMPLOYED
    assert status_of(employee, date(2026, 6, 3)) == DayStatus.UNEXCUSED
    assert status_of(peer, JUNE_1) == DayStatus.UNEXCUSED
    assert status_of(peer, date(2026, 6, 2)) == DayStatus.NOT_EMPLOYED


def test_today_and_later_are_pending(employee):
    recompute([employee.pk], JUNE_1, date(2026, 6, 2), today=JUNE_1)
    assert status_of(employee, JUNE_1) == DayStatus.PENDING
    assert status_of(employee, date(2026, 6, 2)) == DayStatus.PENDING


def test_re_running_is_idempotent_and_keeps_verified(employee):
    recompute([employee.pk], JUNE_1, JUNE_30, today=TODAY)
    AttendanceDay.objects.filter(employee=employee, date=JUNE_1).update(verified=True)
    punch(employee, JUNE_1, time(7, 30))
    assert recompute([employee.pk], JUNE_1, JUNE_30, today=TODAY) == 1  # only the changed day is rewritten
    assert recompute([employee.pk], JUNE_1, JUNE_30, today=TODAY) == 0
    assert AttendanceDay.objects.filter(employee=employee).count() == 30
    day = AttendanceDay.objects.get(employee=employee, date=JUNE_1)
    assert (day.status, day.verified) == (DayStatus.PRESENT, True)


def test_open_days_skip_verified_or_closed_months(employee, world):
    recompute([employee.pk], JUNE_1, JUNE_1, today=TODAY)
    close_month(world.education, JUNE_1, status=MonthStatus.VERIFIED)  # a unit above the employee's
    leave(employee, JUNE_1, JUNE_1)
    recompute_open_days(employee.pemda_id, since=JUNE_1, today=date(2026, 7, 2))
    assert status_of(employee, JUNE_1) == DayStatus.UNEXCUSED  # changes now only through corrections
    assert status_of(employee, date(2026, 7, 1)) == DayStatus.UNEXCUSED  # July is open


def _recompute_queries(world, size):
    employees = [EmployeeFactory(position=world.staff_position) for _ in range(size)]
    for person in employees:
        punch(person, JUNE_1, time(7, 30))
        leave(person, date(2026, 6, 2), date(2026, 6, 2))
    with CaptureQueriesContext(connection) as queries:
        written = recompute([person.pk for person in employees], JUNE_1, JUNE_30, today=TODAY)
    assert written == size * 30
    sql = [query["sql"] for query in queries]
    # the recap's per-unit tallies, refreshed once at the end: lock, recount, replace
    tally = [s for s in sql if "unitmonthtally" in s or "GROUP BY" in s or "pg_advisory" in s]
    reads = [statement for statement in sql if statement.startswith("SELECT") and statement not in tally]
    inserts = [statement for statement in sql if statement.startswith("INSERT") and statement not in tally]
    return reads, inserts, written, tally


def test_query_count_does_not_grow_with_employees(world):
    small_reads, _small_inserts, _, small_tally = _recompute_queries(world, 5)
    large_reads, large_inserts, written, large_tally = _recompute_queries(world, 50)
    assert len(small_tally) == len(large_tally) <= 6  # PostgreSQL adds the two advisory locks
    # employees, Pemdas, settings, unit schedules, default schedule, Ramadan, calendar, punches, leave, duties,
    # corrections, the stored rows: the same reads for 5 or 50 employees
    assert len(small_reads) == len(large_reads) <= 12
    # the upsert: as many rows per statement as the database takes (SQLite: 999 parameters; PostgreSQL 65,535)
    per_statement = min(2000, connection.ops.bulk_batch_size(["f"] * 18, [None] * written))
    assert len(large_inserts) <= -(-written // per_statement)


def test_open_days_reach_the_end_of_the_current_month(employee):
    leave(employee, date(2026, 6, 29), date(2026, 6, 30))
    recompute_open_days(employee.pemda_id, since=JUNE_1, today=date(2026, 6, 15))
    assert status_of(employee, date(2026, 6, 15)) == DayStatus.PENDING
    assert status_of(employee, date(2026, 6, 29)) == DayStatus.LEAVE
    assert not AttendanceDay.objects.filter(employee=employee, date__gt=JUNE_30).exists()
