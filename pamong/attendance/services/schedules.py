"""Attendance settings, working hours, units' schedules and Ramadan periods (issue #12).

Kept by the agency's HR admin or attendance officer (AttendancePerm.MANAGE). Every change is audited
(SETTINGS_CHANGED / SCHEDULE_SAVED) and recomputes the open days (months not verified or closed) of the employees
it affects, after the commit, through a background task (pamong.core.tasks.dispatch: Celery with a broker, in
process otherwise).
"""

from __future__ import annotations

from datetime import date, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record, diff
from pamong.core.tasks import dispatch
from pamong.core.text import text_problem
from pamong.people.models import Employee, OrgUnit, Pemda, path_within

from ..audit import AttendanceAudit
from ..day_access import can_manage_attendance
from ..day_tasks import recompute_open_days_task
from ..errors import INVALID_RANGE, INVALID_SETTINGS, field_error
from ..models import AttendanceSettings, RamadanPeriod, UnitSchedule, WorkSchedule

SETTINGS_FIELDS = ("grace_minutes", "convert_lateness", "lateness_minutes_per_day", "warn_days_before")
SCHEDULE_FIELDS = ("name", "is_default", "six_day_week", "mon_thu_start", "mon_thu_end", "fri_start", "fri_end",
                   "sat_start", "sat_end", "ramadan_start", "ramadan_end", "ramadan_fri_end", "ramadan_sat_end")
MAX_RAMADAN_DAYS = 31


def _require_manager(actor, pemda_id: int) -> None:
    if not can_manage_attendance(actor, pemda_id):
        raise PermissionDenied


def _recompute_later(pemda_id: int, employee_ids: list[int] | None = None) -> None:
    transaction.on_commit(lambda: dispatch(recompute_open_days_task, pemda_id, employee_ids))


def _plain(value):
    if isinstance(value, time | date):
        return value.isoformat()
    return value


def settings_for(pemda: Pemda) -> AttendanceSettings:
    """The Pemda's settings, or unsaved defaults."""
    return AttendanceSettings.objects.filter(pemda=pemda).first() or AttendanceSettings(pemda=pemda)


@transaction.atomic
def settings_update(*, actor, pemda: Pemda, **values) -> AttendanceSettings:
    """Change the Pemda's attendance settings (grace, lateness conversion, warning days); the PPPK ladder is kept
    as it is. Raises PermissionDenied or AttendanceError (attendance.invalid_settings, per field)."""
    _require_manager(actor, pemda.pk)
    current = AttendanceSettings.objects.select_for_update().filter(pemda=pemda).first()
    record = current or AttendanceSettings(pemda=pemda)
    before = {name: getattr(record, name) for name in SETTINGS_FIELDS}
    for name in SETTINGS_FIELDS:
        if name in values:
            setattr(record, name, values[name])
    try:
        record.full_clean(exclude=["pemda", "pppk_ladder"])
    except ValidationError as exc:  # the first message of the first field
        name, messages = next(iter(exc.message_dict.items()))
        raise field_error(name, str(messages[0]), INVALID_SETTINGS) from None
    after = {name: getattr(record, name) for name in SETTINGS_FIELDS}
    changes = diff(before, after) if current else {name: [None, value] for name, value in after.items()}
    if current and not changes:
        return record
    record.save()
    audit_record(actor=actor, action=AttendanceAudit.SETTINGS_CHANGED, target=pemda, pemda_id=pemda.pk,
                 changes=changes)
    if "grace_minutes" in changes:
        _recompute_later(pemda.pk)
    return record


def _check_hours(values: dict) -> None:
    pairs = [("mon_thu_start", "mon_thu_end"), ("fri_start", "fri_end")]
    if values.get("six_day_week"):
        pairs.append(("sat_start", "sat_end"))
    for start, end in pairs:
        if not values.get(start):
            raise field_error(start, _("Enter the start time."), INVALID_SETTINGS)
        if not values.get(end):
            raise field_error(end, _("Enter the end time."), INVALID_SETTINGS)
        if values[end] <= values[start]:
            raise field_error(end, _("The end must be after the start."), INVALID_SETTINGS)
    ramadan_start = values.get("ramadan_start")
    for end in ("ramadan_end", "ramadan_fri_end", "ramadan_sat_end"):
        if values.get(end) and ramadan_start and values[end] <= ramadan_start:
            raise field_error(end, _("The end must be after the start."), INVALID_SETTINGS)
    if ramadan_start and not values.get("ramadan_end"):
        raise field_error("ramadan_end", _("Enter the end of Ramadan hours."), INVALID_SETTINGS)


def _affected_employees(schedule: WorkSchedule) -> list[int] | None:
    """The employees whose hours a schedule sets: None (everyone) for the default, else those of its units."""
    if schedule.is_default:
        return None
    units = list(OrgUnit.objects.filter(attendance_schedule__schedule=schedule).values_list("path", flat=True))
    if not units:
        return []
    scope = path_within("current_unit__path", units[0])
    for path in units[1:]:
        scope |= path_within("current_unit__path", path)
    return list(Employee.objects.filter(scope, pemda_id=schedule.pemda_id).values_list("pk", flat=True))


@transaction.atomic
def schedule_save(*, actor, pemda: Pemda, schedule: WorkSchedule | None = None, **values) -> WorkSchedule:
    """Create (*schedule* None) or change working hours. A schedule made the default replaces the previous
    default. Raises PermissionDenied or AttendanceError (attendance.invalid_settings, per field)."""
    _require_manager(actor, pemda.pk)
    if schedule is not None and schedule.pemda_id != pemda.pk:
        raise PermissionDenied
    name = " ".join(str(values.get("name") or "").split())
    if not name:
        raise field_error("name", _("Enter a name."), INVALID_SETTINGS)
    if problem := text_problem(name):
        raise field_error("name", str(problem), INVALID_SETTINGS)
    values = {**values, "name": name[:100], "is_default": bool(values.get("is_default")),
              "six_day_week": bool(values.get("six_day_week"))}
    _check_hours(values)
    if not values["six_day_week"]:
        values["sat_start"] = values["sat_end"] = values["ramadan_sat_end"] = None
    record = schedule or WorkSchedule(pemda=pemda)
    before = {name: _plain(getattr(record, name, None)) for name in SCHEDULE_FIELDS} if schedule else {}
    was_default = bool(schedule and schedule.is_default)
    if values["is_default"]:
        WorkSchedule.objects.filter(pemda=pemda, is_default=True).exclude(pk=record.pk or 0).update(is_default=False)
    for name in SCHEDULE_FIELDS:
        setattr(record, name, values.get(name))
    record.save()
    after = {name: _plain(getattr(record, name)) for name in SCHEDULE_FIELDS}
    changes = diff(before, after) if schedule else {name: [None, value] for name, value in after.items()}
    audit_record(actor=actor, action=AttendanceAudit.SCHEDULE_SAVED, target=record, pemda_id=pemda.pk,
                 changes=changes)
    affected = None if (record.is_default or was_default) else _affected_employees(record)
    if affected is None or affected:
        _recompute_later(pemda.pk, affected)
    return record


@transaction.atomic
def unit_schedule_assign(*, actor, unit: OrgUnit, schedule: WorkSchedule | None) -> UnitSchedule | None:
    """Give *unit* (and the units below it without their own) *schedule*; None returns it to the default."""
    _require_manager(actor, unit.pemda_id)
    if schedule is not None and schedule.pemda_id != unit.pemda_id:
        raise PermissionDenied
    current = UnitSchedule.objects.select_for_update().filter(org_unit=unit).first()
    before = current.schedule.name if current else None
    if schedule is None:
        if current is None:
            return None
        current.delete()
        link = None
    elif current is not None:
        if current.schedule_id == schedule.pk:
            return current
        current.schedule = schedule
        current.save(update_fields=["schedule"])
        link = current
    else:
        link = UnitSchedule.objects.create(org_unit=unit, schedule=schedule)
    audit_record(actor=actor, action=AttendanceAudit.SCHEDULE_SAVED, target=unit, pemda_id=unit.pemda_id,
                 changes={"schedule": [before, schedule.name if schedule else None]})
    employees = list(Employee.objects.filter(path_within("current_unit__path", unit.path), pemda_id=unit.pemda_id)
                     .values_list("pk", flat=True))
    if employees:
        _recompute_later(unit.pemda_id, employees)
    return link


@transaction.atomic
def ramadan_save(*, actor, pemda: Pemda, start: date, end: date, period: RamadanPeriod | None = None) -> RamadanPeriod:
    """Record (or correct) the Ramadan days of a year, when the schedules' Ramadan hours apply."""
    _require_manager(actor, pemda.pk)
    if period is not None and period.pemda_id != pemda.pk:
        raise PermissionDenied
    if end < start:
        raise field_error("end", _("The last day cannot be before the first."), INVALID_RANGE)
    if (end - start).days + 1 > MAX_RAMADAN_DAYS:
        raise field_error("end", _("Ramadan lasts at most %(n)d days.") % {"n": MAX_RAMADAN_DAYS}, INVALID_RANGE)
    overlapping = RamadanPeriod.objects.filter(pemda=pemda, start__lte=end, end__gte=start)
    if period is not None:
        overlapping = overlapping.exclude(pk=period.pk)
    if overlapping.exists():
        raise field_error("start", _("These days overlap another Ramadan period."), INVALID_RANGE)
    record = period or RamadanPeriod(pemda=pemda)
    before = [record.start.isoformat(), record.end.isoformat()] if period else None
    record.start, record.end = start, end
    record.save()
    audit_record(actor=actor, action=AttendanceAudit.SCHEDULE_SAVED, target=record, pemda_id=pemda.pk,
                 changes={"ramadan": [before, [start.isoformat(), end.isoformat()]]})
    _recompute_later(pemda.pk)
    return record


@transaction.atomic
def ramadan_delete(*, actor, period: RamadanPeriod) -> None:
    _require_manager(actor, period.pemda_id)
    audit_record(actor=actor, action=AttendanceAudit.SCHEDULE_SAVED, target=period, pemda_id=period.pemda_id,
                 changes={"ramadan": [[period.start.isoformat(), period.end.isoformat()], None]})
    period.delete()
    _recompute_later(period.pemda_id)
