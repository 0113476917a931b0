"""Leave test data: the 2026 calendar, opened ledgers, applications through the real services."""

from datetime import date

from django.db import transaction

from pamong.leave.services import LeaveInput, Upload, leave_application_submit, leave_year_open
from pamong.workcalendar.models import CalendarDay
from pamong.workcalendar.services import library_holidays

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\nxref\n0 4\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\n"
    b"startxref\n164\n%%EOF\n"
)


def load_calendar(pemda, year: int = 2026) -> None:
    """The national holidays and cuti bersama of *year* from the holidays library (rules.md §2.5)."""
    CalendarDay.objects.bulk_create(
        [CalendarDay(pemda=pemda, date=day, kind=kind, name=name[:200], source="library")
         for day, kind, name in library_holidays(year)],
        ignore_conflicts=True,
    )


def open_years(employee, *years: int) -> None:
    with transaction.atomic():
        for year in years:
            leave_year_open(employee, year)


def leave_input(**overrides) -> LeaveInput:
    values = dict(leave_type="CT", start_date=date(2026, 7, 6), end_date=date(2026, 7, 8),
                  address="Jl. Yos Sudarso No. 12, Mamuju", phone="081234567890", reason="Urusan keluarga")
    values.update(overrides)
    return LeaveInput(**values)


def pdf_upload(kind: str = "doctor_letter", name: str = "surat.pdf") -> Upload:
    return Upload(kind=kind, name=name, content=MINIMAL_PDF)


def submit(employee, *, today: date = date(2026, 6, 1), uploads=None, key: str = "", **overrides):
    application, _created = leave_application_submit(
        actor=employee.user, employee=employee, data=leave_input(**overrides), uploads=uploads or [],
        idempotency_key=key, today=today,
    )
    return application
