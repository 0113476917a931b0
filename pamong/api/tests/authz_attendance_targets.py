"""Targets of the attendance and discipline routes for the authorization matrices (issue #12).

Built lazily, one target per route test, through the contexts' own services (and the slices' test factories),
so a route's test builds only what it reaches. Everything belongs to Kabupaten Mamuju: the world's employee is
the subject (their line: supervisor → unit_head), HR (or the attendance officer) of Mamuju records.
"""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\nxref\n0 4\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\n"
    b"startxref\n164\n%%EOF\n"
)


def add_attendance_officer(world):
    """The Mamuju attendance officer (BKPSDM, group attendance_officer), set on *world* as ``attendance_officer``.
    Nobody reports to them and they are above nobody: on other contexts' routes an ordinary employee."""
    from pamong.people.tests.factories import EmployeeFactory, PositionFactory

    if not hasattr(world, "attendance_officer"):
        world.attendance_officer = EmployeeFactory(
            position=PositionFactory(org_unit=world.hr_admin.current_unit, name="Pengelola Presensi"),
            name="Wahyuni", gender="f", roles=["attendance_officer"])
    return world.attendance_officer


def last_month() -> date:
    """The first day of last month (over whenever the matrix runs)."""
    return (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)


def past_tuesday() -> date:
    """A Tuesday of last month (a working day, over)."""
    day = last_month() + timedelta(days=7)
    return day + timedelta(days=(1 - day.weekday()) % 7)


def _derive(world, employees, start: date, end: date) -> None:
    from pamong.attendance.tests.months.factories import default_schedule, derive

    default_schedule(world.pemda)
    derive(employees, start, end)


# --- Attendance ------------------------------------------------------------------------------------------------


def punch_import(world):
    from pamong.attendance.imports import jobs

    content = f"{1:>9}\t{past_tuesday():%Y-%m-%d} 07:20:00\t1\t0\t1\t0\n".encode()
    record = jobs.punch_import_create(actor=world.hr_admin.user, pemda=world.pemda, fmt="zkteco",
                                      upload=SimpleUploadedFile("1_attlog.dat", content))
    return record


def device(world):
    from pamong.attendance.services.devices import device_save

    return device_save(actor=world.hr_admin.user, pemda=world.pemda, serial="ZKMTX0001", name="Mesin BKPSDM")


_SEQUENCE = [0]


def device_user(world):
    from pamong.attendance.services.devices import device_user_save

    _SEQUENCE[0] += 1
    return device_user_save(actor=world.hr_admin.user, pemda=world.pemda, machine_user_id=f"7{_SEQUENCE[0]}",
                            employee=world.employee)


def correction(world):
    """The employee's pending request (with a doctor's note) about an unexcused day of last month, awaiting the
    supervisor."""
    from pamong.attendance.services.corrections import correction_request

    day = past_tuesday()
    _derive(world, [world.employee], day, day)
    return correction_request(actor=world.employee.user, employee=world.employee, start=day, end=day, reason="sick",
                              explanation="Demam", document=("surat-dokter.pdf", MINIMAL_PDF))


def duty(world):
    """An official duty of the employee last month, recorded by HR with its letter."""
    from pamong.attendance.services.duties import duty_record

    start = past_tuesday()
    return duty_record(actor=world.hr_admin.user, employee=world.employee, kind="surat_tugas", start=start,
                       end=start + timedelta(days=1), letter_number="800/45/BKPSDM", letter_date=start,
                       purpose="Bimtek SIASN di Makassar", document=("surat-tugas.pdf", MINIMAL_PDF))


def schedule(world):
    from pamong.attendance.tests.months.factories import default_schedule

    return default_schedule(world.pemda)


def ramadan(world):
    from pamong.attendance.models import RamadanPeriod

    return RamadanPeriod.objects.create(pemda=world.pemda, start=date(2027, 2, 8), end=date(2027, 3, 9))


def month_body(world) -> dict:
    """Verify or close last month (derived for the division) — a valid form, so only the actor can be refused."""
    start = last_month()
    _derive(world, [world.employee, world.peer, world.supervisor], start, start + timedelta(days=27))
    return {"month": f"{start:%Y-%m}", "confirm": "on"}


# --- Discipline ------------------------------------------------------------------------------------------------


def case(world, stage: str = "reported"):
    """The employee's discipline case opened by HR, walked through the services to *stage*."""
    from pamong.discipline.choices import Sanction
    from pamong.discipline.services import cases as services
    from pamong.discipline.tests.cases.factories import examine, open_case, summon

    hr = world.hr_admin
    found = open_case(hr, world.employee)
    if stage == "reported":
        return found
    summon(hr, found)
    if stage == "summoned":
        return found
    examine(hr, found)
    found.refresh_from_db()
    if stage == "examined":
        return found
    found = services.case_decide(actor=world.supervisor.user, case=found, sanction=Sanction.TEGURAN_TERTULIS,
                                 reason="Terbukti.", decided_on=date(2026, 3, 9))
    if stage == "decided":
        return found
    found = services.case_deliver(actor=hr.user, case=found, delivered_on=date(2026, 3, 10))
    if stage == "delivered":
        return found
    services.objection_file(actor=world.employee.user, case=found, text="Keberatan", filed_on=date(2026, 3, 11))
    found.refresh_from_db()
    return found  # "objected"


def position_sanction(world):
    """A delivered 'position lowered' sanction of the supervisor, waiting for HR to name the target position."""
    from pamong.discipline.choices import Sanction
    from pamong.discipline.tests.effects.factories import make_case

    return make_case(world.supervisor, sanction=Sanction.POSITION_DOWN_12,
                     effective_on=timezone.localdate() + timedelta(days=30), reported_by=world.hr_admin.user)


CASE_BODIES = {
    "discipline:case-summons": {"issued_on": "2026-03-02", "examination_on": "2026-03-05",
                                "place": "Ruang rapat BKPSDM"},
    "discipline:case-summons-outcome": {"outcome": "attended"},
    "discipline:case-examination": {"held_on": "2026-03-05", "mode": "in_person", "questions_answers": "T: ? J: .",
                                    "findings": "Tidak masuk.", "examinee_signed": "on"},
    "discipline:case-release": {"release_from": "2026-03-06"},
    "discipline:case-decision": {"sanction": "teguran_tertulis", "reason": "Terbukti.", "decided_on": "2026-03-09"},
    "discipline:case-delivery": {"delivered_on": "2026-03-10"},
    "discipline:case-objection": {"filed_on": "2026-03-11", "text": "Keberatan"},
    "discipline:case-objection-decide": {"outcome": "rejected", "reason": "Sudah tepat."},
    "discipline:case-close": {"reason": "Tidak terbukti."},
}
