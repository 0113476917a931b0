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


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\nxref\n0 4\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\n"
    b"startxref\n164\n%%EOF\n"
)


def past_working_day(days_back: int = 1) -> date:
    """A Monday–Friday at least *days_back* days before today (and in no future)."""
    from datetime import timedelta

    from django.utils import timezone

    day = timezone.localdate() - timedelta(days=days_back)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day
