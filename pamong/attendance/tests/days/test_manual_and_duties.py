"""Manual days and official duties: who may record them, when, and what they change."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pamong.attendance.audit import AttendanceAudit
from pamong.attendance.choices import DayStatus, DutyKind, MonthStatus, PunchSource
from pamong.attendance.errors import AttendanceError
from pamong.attendance.models import AttendanceDay, OfficialDuty, Punch
from pamong.attendance.services.days import record_manual_day
from pamong.attendance.services.duties import duty_cancel, duty_record
from pamong.audit.models import AuditEvent

from .factories import MINIMAL_PDF, close_month, past_working_day


def record(actor, employee, day=None, **values):
    values = {"first_in": time(7, 35), "last_out": time(16, 5), "note": "Mesin rusak, daftar hadir manual",
              **values}
    return record_manual_day(actor.user if hasattr(actor, "user") else actor, employee,
                             day or past_working_day(), values["first_in"], values["last_out"], values["note"])


def test_officer_records_a_day_by_hand(attendance_officer, employee):
    day = past_working_day()
    # when
    result = record(attendance_officer, employee, day)
    # then
    assert (result.status, result.first_in, result.last_out, result.manual) == (
        DayStatus.PRESENT, time(7, 35), time(16, 5), True)
    assert result.late_minutes == 5
    punches = Punch.objects.filter(employee=employee, day=day)
    assert {(p.source, p.recorded_by_id) for p in punches} == {(PunchSource.MANUAL, attendance_officer.user.pk)}
    event = AuditEvent.objects.get(action=AttendanceAudit.DAY_RECORDED)
    assert event.actor_id == attendance_officer.user.pk
    assert event.changes["punches"][0] == []
    assert len(event.changes["punches"][1]) == 2


def test_recording_again_adds_nothing_twice(attendance_officer, employee):
    day = past_working_day()
    record(attendance_officer, employee, day)
    record(attendance_officer, employee, day)
    assert Punch.objects.filter(employee=employee, day=day).count() == 2


@pytest.mark.parametrize("persona", ["employee", "supervisor", "executive", "auditor", "other_pemda_admin"])
def test_refused_to_others(world, persona, peer):
    actor = getattr(world, persona)
    with pytest.raises(PermissionDenied):
        record(actor, peer)
    assert not Punch.objects.exists()


def test_refused_for_oneself(attendance_officer):
    with pytest.raises(AttendanceError) as refusal:
        record(attendance_officer, attendance_officer)
    assert refusal.value.code == "attendance.self_decision"
    assert not Punch.objects.exists()


def test_refused_in_a_closed_month(attendance_officer, employee, world):
    day = past_working_day()
    close_month(world.division, day, status=MonthStatus.VERIFIED)
    with pytest.raises(AttendanceError) as refusal:
        record(attendance_officer, employee, day)
    assert refusal.value.code == "attendance.month_closed"
    assert not Punch.objects.exists()


def test_refused_for_a_future_day_or_a_departure_before_arrival(attendance_officer, employee):
    with pytest.raises(AttendanceError) as future:
        record(attendance_officer, employee, timezone.localdate() + timedelta(days=1))
    with pytest.raises(AttendanceError) as backwards:
        record(attendance_officer, employee, first_in=time(16), last_out=time(8))
    assert future.value.code == backwards.value.code == "attendance.invalid_day"
    assert not Punch.objects.exists()


def duty(actor, employee, **values):
    start = values.pop("start", past_working_day(3))
    fields = {"kind": DutyKind.SURAT_TUGAS, "start": start, "end": start + timedelta(days=1),
              "letter_number": "800/45/BKPSDM/2026", "letter_date": start, "purpose": "Bimtek SIASN di Makassar",
              "document": ("surat-tugas.pdf", MINIMAL_PDF), **values}
    return duty_record(actor=actor.user if hasattr(actor, "user") else actor, employee=employee, **fields)


def test_officer_records_a_duty_and_its_days_become_duty(attendance_officer, employee):
    recorded = duty(attendance_officer, employee)
    days = AttendanceDay.objects.filter(employee=employee, date__gte=recorded.start, date__lte=recorded.end)
    assert {day.status for day in days if day.working_day} == {DayStatus.DUTY}
    assert recorded.document_name == "surat-tugas.pdf"
    assert recorded.document_type == "application/pdf"
    assert AuditEvent.objects.filter(action=AttendanceAudit.DUTY_RECORDED, target_id=str(recorded.public_id)).exists()


def test_cancelling_a_duty_makes_its_days_absent_again(attendance_officer, employee):
    recorded = duty(attendance_officer, employee, start=past_working_day(1), end=past_working_day(1))
    duty_cancel(actor=attendance_officer.user, duty=recorded, reason="Salah pegawai")
    assert OfficialDuty.objects.get(pk=recorded.pk).cancelled
    assert AttendanceDay.objects.get(employee=employee, date=recorded.start).status == DayStatus.UNEXCUSED
    assert AuditEvent.objects.filter(action=AttendanceAudit.DUTY_CANCELLED).count() == 1
    with pytest.raises(AttendanceError) as again:
        duty_cancel(actor=attendance_officer.user, duty=recorded)
    assert again.value.code == "attendance.duty_cancelled"


def test_duty_refusals(attendance_officer, employee, world):
    with pytest.raises(AttendanceError) as own:
        duty(attendance_officer, attendance_officer)
    with pytest.raises(PermissionDenied):
        duty(world.other_pemda_admin, employee)
    with pytest.raises(PermissionDenied):
        duty(world.supervisor, employee)
    with pytest.raises(AttendanceError) as not_a_letter:
        duty(attendance_officer, employee, document=("surat.pdf", b"<html>not a pdf</html>"))
    with pytest.raises(AttendanceError) as missing:
        duty(attendance_officer, employee, document=None)
    start = past_working_day(3)
    with pytest.raises(AttendanceError) as backwards:
        duty(attendance_officer, employee, start=start, end=start - timedelta(days=1))
    close_month(world.division, start)
    with pytest.raises(AttendanceError) as closed:
        duty(attendance_officer, employee, start=start, end=start)
    assert own.value.code == "attendance.self_decision"
    assert not_a_letter.value.code == missing.value.code == "attendance.invalid_duty"
    assert "document" in not_a_letter.value.extra["fields"]
    assert backwards.value.code == "attendance.invalid_range"
    assert closed.value.code == "attendance.month_closed"
    assert not OfficialDuty.objects.exists()
