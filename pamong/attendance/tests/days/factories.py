"""Factories of the days slice (issue #12): punches, duties, schedules, leave for attendance tests."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from pamong.leave.choices import LeaveStatus, LeaveType
from pamong.leave.models import LeaveApplication
from pamong.people.tests.factories import EmployeeFactory, PositionFactory

from ...choices import CorrectionReason, CorrectionStatus, DutyKind, MonthStatus, PunchSource
from ...models import DayCorrection, MonthClosure, OfficialDuty, Punch, WorkSchedule


def officer(world):
    """The agency's attendance officer (BKPSDM)."""
    return EmployeeFactory(position=PositionFactory(org_unit=world.hr_admin.current_unit, name="Pengelola Presensi"),
                           name="Wahyuni", gender="f", roles=["attendance_officer"])


def punch(employee, day: date, at: time, *, source=PunchSource.MACHINE) -> Punch:
    zone = ZoneInfo(employee.pemda.timezone or "Asia/Jakarta")
    return Punch.objects.create(pemda_id=employee.pemda_id, employee=employee, day=day, source=source,
                                at=datetime.combine(day, at, tzinfo=zone))


def duty(employee, start: date, end: date | None = None, *, by=None, cancelled=False) -> OfficialDuty:
    return OfficialDuty.objects.create(
        pemda_id=employee.pemda_id, employee=employee, kind=DutyKind.DINAS_LUAR, start=start, end=end or start,
        letter_number="090/123/BKPSDM", letter_date=start, purpose="Rapat koordinasi di Makassar",
        recorded_by=by or employee.user, cancelled=cancelled,
    )


def correction(employee, start: date, end: date | None = None, *, status=CorrectionStatus.APPROVED) -> DayCorrection:
    return DayCorrection.objects.create(
        pemda_id=employee.pemda_id, employee=employee, start=start, end=end or start,
        reason=CorrectionReason.DEVICE_FAULT, explanation="Mesin mati listrik", status=status,
        requested_by=employee.user,
    )


def leave(employee, start: date, end: date, *, status=LeaveStatus.APPROVED) -> LeaveApplication:
    return LeaveApplication.objects.create(
        pemda_id=employee.pemda_id, employee=employee, leave_type=LeaveType.ANNUAL, start_date=start, end_date=end,
        working_days=(end - start).days + 1, calendar_days=(end - start).days + 1, address="Mamuju",
        status=status, submitted_by=employee.user,
    )


def schedule(pemda, **values) -> WorkSchedule:
    fields = {"name": "Jam kerja sekolah", "mon_thu_start": time(7, 0), "mon_thu_end": time(14, 0),
              "fri_start": time(7, 0), "fri_end": time(11, 0)}
    fields.update(values)
    return WorkSchedule.objects.create(pemda=pemda, **fields)


def close_month(unit, month: date, status=MonthStatus.CLOSED) -> MonthClosure:
    return MonthClosure.objects.create(pemda_id=unit.pemda_id, org_unit=unit, month=month.replace(day=1),
                                       status=status)
