"""Factories of the corrections-and-months slice's tests (issue #12). Rows only, or the slice's services."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from pamong.people.tests.factories import EmployeeFactory, PositionFactory

from ...models import Punch, WorkSchedule
from ...services.days import recompute

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\nxref\n0 4\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\n"
    b"startxref\n164\n%%EOF\n"
)


def pdf() -> tuple[str, bytes]:
    return ("surat-dokter.pdf", MINIMAL_PDF)


def officer(world, unit=None):
    """An attendance officer of the agency (BKPSDM unless *unit*)."""
    return EmployeeFactory(position=PositionFactory(org_unit=unit or world.hr_admin.current_unit,
                                                    name="Pengelola Presensi"),
                           name="Wahyuni", gender="f", roles=["attendance_officer"])


def default_schedule(pemda) -> WorkSchedule:
    return WorkSchedule.objects.get_or_create(
        pemda=pemda, is_default=True,
        defaults={"name": "Jam kerja", "mon_thu_start": time(7, 30), "mon_thu_end": time(16, 0),
                  "fri_start": time(7, 30), "fri_end": time(11, 30)})[0]


def punch(employee, day: date, at: time) -> Punch:
    zone = ZoneInfo(employee.pemda.timezone or "Asia/Jakarta")
    return Punch.objects.create(pemda_id=employee.pemda_id, employee=employee, day=day,
                                at=datetime.combine(day, at, tzinfo=zone))


def derive(employees, start: date, end: date) -> int:
    return recompute([e.pk for e in employees], start, end)
