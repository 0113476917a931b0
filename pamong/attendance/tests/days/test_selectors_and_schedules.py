"""Scopes of days and duties; schedule services (audit, refusals); the nightly command."""

from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from pamong.attendance.audit import AttendanceAudit
from pamong.attendance.errors import AttendanceError
from pamong.attendance.models import AttendanceDay, RamadanPeriod, UnitSchedule, WorkSchedule
from pamong.attendance.selectors.days import days_visible_to, duties_visible_to, employee_month
from pamong.attendance.services import schedules
from pamong.attendance.services.days import recompute
from pamong.audit.models import AuditEvent

from .factories import duty, past_working_day

PERSONAS = ["employee", "peer", "supervisor", "unit_head", "outsider", "hr_admin", "executive", "auditor",
            "other_pemda_admin"]
# whose days each persona sees among (employee, peer, supervisor, other_pemda_employee)
EXPECTED = {
    "employee": {"employee"}, "peer": {"peer"}, "supervisor": {"employee", "peer", "supervisor"},
    "unit_head": {"employee", "peer", "supervisor"}, "outsider": set(),
    "hr_admin": {"employee", "peer", "supervisor"}, "executive": {"employee", "peer", "supervisor"},
    "auditor": {"employee", "peer", "supervisor"}, "other_pemda_admin": {"other_pemda_employee"},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_days_and_duties_visible_by_role(world, persona):
    people = {name: getattr(world, name) for name in ("employee", "peer", "supervisor", "other_pemda_employee")}
    day = past_working_day()
    recompute([person.pk for person in people.values()], day, day)
    for person in people.values():
        duty(person, day)
    actor = getattr(world, persona).user
    names = {name for name, person in people.items() if days_visible_to(actor).filter(employee=person).exists()}
    assert names == EXPECTED[persona]
    duty_names = {name for name, person in people.items()
                  if duties_visible_to(actor).filter(employee=person).exists()}
    assert duty_names == EXPECTED[persona]


def test_employee_month_has_every_day(employee):
    day = date(2026, 2, 10)
    recompute([employee.pk], day, day)
    days = employee_month(employee, date(2026, 2, 1))
    assert len(days) == 28
    assert [d.status for d in days if d.pk] == ["unexcused"]
    assert days[0].status == ""  # never computed


def test_schedule_save_audits_and_keeps_one_default(world, hr_admin, django_capture_on_commit_callbacks):
    actor = hr_admin.user
    hours = {"mon_thu_start": time(7, 30), "mon_thu_end": time(16), "fri_start": time(7, 30), "fri_end": time(16, 30)}
    with django_capture_on_commit_callbacks(execute=True):
        first = schedules.schedule_save(actor=actor, pemda=world.pemda, name="Pemda", is_default=True, **hours)
        second = schedules.schedule_save(actor=actor, pemda=world.pemda, name="Pemda baru", is_default=True, **hours)
    assert list(WorkSchedule.objects.filter(is_default=True)) == [second]
    assert not WorkSchedule.objects.get(pk=first.pk).is_default
    assert AuditEvent.objects.filter(action=AttendanceAudit.SCHEDULE_SAVED).count() == 2
    with pytest.raises(AttendanceError) as bad:
        schedules.schedule_save(actor=actor, pemda=world.pemda, schedule=second, name="Pemda",
                                **{**hours, "fri_end": time(7)})
    assert bad.value.extra["fields"].keys() == {"fri_end"}


def test_schedule_services_refuse_others(world):
    for persona in ("employee", "supervisor", "executive", "other_pemda_admin"):
        with pytest.raises(PermissionDenied):
            schedules.settings_update(actor=getattr(world, persona).user, pemda=world.pemda, grace_minutes=5)
        with pytest.raises(PermissionDenied):
            schedules.ramadan_save(actor=getattr(world, persona).user, pemda=world.pemda, start=date(2026, 2, 18),
                                   end=date(2026, 3, 19))
    assert not RamadanPeriod.objects.exists()


def test_unit_schedule_and_ramadan_recompute_after_commit(world, hr_admin, employee,
                                                          django_capture_on_commit_callbacks):
    actor = hr_admin.user
    day = past_working_day()
    recompute([employee.pk], day, day)
    school = WorkSchedule.objects.create(pemda=world.pemda, name="Sekolah", mon_thu_start=time(7),
                                         mon_thu_end=time(8), fri_start=time(7), fri_end=time(8))
    with django_capture_on_commit_callbacks(execute=True):
        schedules.unit_schedule_assign(actor=actor, unit=world.division, schedule=school)
    assert UnitSchedule.objects.get(org_unit=world.division).schedule == school
    assert AuditEvent.objects.filter(action=AttendanceAudit.SCHEDULE_SAVED, target_type="people.orgunit").exists()
    schedules.ramadan_save(actor=actor, pemda=world.pemda, start=date(2026, 3, 1), end=date(2026, 3, 5))
    with pytest.raises(AttendanceError) as overlap:
        schedules.ramadan_save(actor=actor, pemda=world.pemda, start=date(2026, 3, 4), end=date(2026, 3, 9))
    assert overlap.value.code == "attendance.invalid_range"


def test_nightly_command(world, employee, capsys):
    call_command("attendance_recompute", "--pemda", str(world.pemda.pk))
    assert AttendanceDay.objects.filter(employee=employee).exists()
    assert "attendance days recomputed" in capsys.readouterr().out


def test_settings_change_is_audited_once_and_refuses_bad_values(world, hr_admin):
    actor = hr_admin.user
    schedules.settings_update(actor=actor, pemda=world.pemda, grace_minutes=10, convert_lateness=True,
                              lateness_minutes_per_day=450, warn_days_before=2)
    schedules.settings_update(actor=actor, pemda=world.pemda, grace_minutes=10)  # nothing changes: no event
    schedules.settings_update(actor=actor, pemda=world.pemda, grace_minutes=15)
    events = list(AuditEvent.objects.filter(action=AttendanceAudit.SETTINGS_CHANGED).order_by("pk"))
    assert len(events) == 2
    assert events[1].changes == {"grace_minutes": [10, 15]}
    with pytest.raises(AttendanceError) as bad:
        schedules.settings_update(actor=actor, pemda=world.pemda, grace_minutes=500)
    assert (bad.value.code, list(bad.value.extra["fields"])) == ("attendance.invalid_settings", ["grace_minutes"])
    assert schedules.settings_for(world.pemda).grace_minutes == 15
