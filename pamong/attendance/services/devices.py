"""Attendance machines and the link from a machine's user id to an employee (issue #12).

Only the HR administrator or the attendance officer of the Pemda (``AttendancePerm.MANAGE``) saves machines and
links; every write is audited. A link with no device holds on every machine of the Pemda (one enrolment number
for the whole agency, the usual set-up); a link on a device wins over it for that device.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record
from pamong.people.models import Employee, OrgUnit
from pamong.people.selectors import actor_employee

from ..audit import AttendanceAudit
from ..capabilities import AttendancePerm
from ..errors import MAPPING_EXISTS, SELF_DECISION, UNKNOWN_DEVICE, AttendanceError, field_error
from ..models import Device, DeviceUser

SERIAL_EXISTS = "attendance.serial_exists"
UNKNOWN_EMPLOYEE = "attendance.unknown_employee"
INVALID_USER_ID = "attendance.invalid_user_id"
MAX_MAPPING_SHEET_BYTES = 5 * 1024 * 1024
MAX_MAPPING_ROWS = 100_000


def can_manage_attendance(actor, pemda_id: int | None) -> bool:
    """HR administrator or attendance officer of the Pemda (a superadmin anywhere)."""
    if actor is None or not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    return actor.pemda_id is not None and actor.pemda_id == pemda_id and actor.has_perm(AttendancePerm.MANAGE)


def _require_manager(actor, pemda_id: int | None) -> None:
    if not can_manage_attendance(actor, pemda_id):
        raise PermissionDenied


def _clean_user_id(value: str) -> str:
    value = (value or "").strip()
    if not value or len(value) > 32 or not value.replace("-", "").replace("_", "").isalnum():
        raise field_error("machine_user_id", _("A machine user id is 1–32 letters or digits."), INVALID_USER_ID)
    return value


@transaction.atomic
def device_save(*, actor, pemda, serial: str, name: str, device: Device | None = None, org_unit: OrgUnit | None = None,
                location: str = "", is_active: bool = True) -> Device:
    """Create (``device=None``) or update a machine. The serial is unique per Pemda (422 attendance.serial_exists)."""
    _require_manager(actor, pemda.pk)
    serial, name = (serial or "").strip(), (name or "").strip()
    if not serial or len(serial) > 64:
        raise field_error("serial", _("Enter the machine's serial number (at most 64 characters)."), SERIAL_EXISTS)
    if not name:
        raise field_error("name", _("Enter a name for the machine."), "attendance.invalid_device")
    if org_unit is not None and org_unit.pemda_id != pemda.pk:
        raise field_error("org_unit", _("Unknown or inaccessible object."), "attendance.unknown_unit")
    if device is not None and device.pemda_id != pemda.pk:
        raise PermissionDenied
    clash = Device.objects.filter(pemda=pemda, serial=serial)
    if device is not None:
        clash = clash.exclude(pk=device.pk)
    if clash.exists():
        raise field_error("serial", _("Another machine of the agency already has this serial number."), SERIAL_EXISTS)
    old = {} if device is None else {f: getattr(device, f) for f in ("serial", "name", "org_unit_id", "location",
                                                                        "is_active")}
    if device is None:
        device = Device(pemda=pemda)
    device.serial, device.name, device.org_unit, device.location, device.is_active = (
        serial, name, org_unit, (location or "").strip()[:200], is_active)
    try:
        with transaction.atomic():
            device.save()
    except IntegrityError:  # a concurrent save took the serial between the check and the write
        raise field_error("serial", _("Another machine of the agency already has this serial number."),
                          SERIAL_EXISTS) from None
    new = {f: getattr(device, f) for f in ("serial", "name", "org_unit_id", "location", "is_active")}
    changes = {f: [old.get(f), value] for f, value in new.items() if old.get(f) != value}
    audit_record(actor=actor, action=AttendanceAudit.DEVICE_SAVED, target=device, changes=changes,
                 pemda_id=pemda.pk)
    return device


@transaction.atomic
def device_user_save(*, actor, pemda, machine_user_id: str, employee: Employee,
                     device: Device | None = None) -> DeviceUser:
    """Link a machine user id to *employee* on *device* (or on every machine of the Pemda when ``device`` is None);
    never to the actor themselves (422 attendance.self_decision).

    The same link again returns it unchanged; an id already linked to someone else is refused (422
    attendance.mapping_exists: remove the old link first, so a re-enrolment is a visible, audited step)."""
    _require_manager(actor, pemda.pk)
    machine_user_id = _clean_user_id(machine_user_id)
    if employee.pemda_id != pemda.pk:
        raise field_error("employee", _("Unknown or inaccessible object."), UNKNOWN_EMPLOYEE)
    me = actor_employee(actor)
    if me is not None and me.pk == employee.pk:  # whoever links ids decides whose punches they are: not one's own
        raise field_error("nip", _("You cannot link a machine user id to yourself."), SELF_DECISION)
    if device is not None and device.pemda_id != pemda.pk:
        raise field_error("device", _("Unknown or inaccessible object."), UNKNOWN_DEVICE)
    existing = DeviceUser.objects.select_for_update().filter(
        pemda=pemda, device=device, machine_user_id=machine_user_id).first()
    if existing is not None:
        if existing.employee_id == employee.pk:
            return existing
        raise field_error("machine_user_id", _("This machine user id is already linked to another employee."),
                          MAPPING_EXISTS)
    mapping = DeviceUser(pemda=pemda, device=device, machine_user_id=machine_user_id, employee=employee,
                         created_by=actor)
    try:
        with transaction.atomic():
            mapping.save()
    except IntegrityError:
        raise field_error("machine_user_id", _("This machine user id is already linked to another employee."),
                          MAPPING_EXISTS) from None
    audit_record(actor=actor, action=AttendanceAudit.MAPPING_SAVED, target=mapping, pemda_id=pemda.pk, changes={
        "machine_user_id": [None, machine_user_id], "employee_id": [None, employee.pk],
        "device_id": [None, device.pk if device else None]})
    return mapping


@transaction.atomic
def device_user_remove(*, actor, mapping: DeviceUser) -> None:
    """Remove a link. Punches already imported stay with their employee."""
    _require_manager(actor, mapping.pemda_id)
    deleted, _rows = DeviceUser.objects.filter(pk=mapping.pk).delete()
    if not deleted:
        return
    audit_record(actor=actor, action=AttendanceAudit.MAPPING_REMOVED, target=mapping, pemda_id=mapping.pemda_id,
                 changes={"machine_user_id": [mapping.machine_user_id, None],
                          "employee_id": [mapping.employee_id, None],
                          "device_id": [mapping.device_id, None]})


@dataclass
class MappingSheetResult:
    added: int
    unchanged: int
    problems: list[dict]


def device_users_import(*, actor, pemda, content: bytes, device: Device | None = None) -> MappingSheetResult:
    """Link many ids at once from a CSV with the columns ``user_id`` (machine user id) and ``nip``.

    All rows or none: any refused row (unknown NIP, an id linked to someone else, a bad id) refuses the sheet with
    the list of problems in ``extra.rows`` (422 attendance.invalid_file)."""
    _require_manager(actor, pemda.pk)
    if len(content) > MAX_MAPPING_SHEET_BYTES or b"\x00" in content[:65536]:
        raise AttendanceError(_("The file is not a CSV of at most 5 MB."), code="attendance.invalid_file")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AttendanceError(_("The file is not UTF-8 text."), code="attendance.invalid_file") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader, [])]
    from ..imports.parsing import USER_COLUMNS

    user_col = next((i for i, name in enumerate(header) if name in USER_COLUMNS), None)
    nip_col = header.index("nip") if "nip" in header else None
    if user_col is None or nip_col is None:
        raise AttendanceError(_("The first row must name the columns user_id and nip."),
                              code="attendance.invalid_file")
    rows = []
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_MAPPING_ROWS:
            raise AttendanceError(_("The file has too many rows."), code="attendance.invalid_file")
        rows.append((line, cells[user_col].strip() if len(cells) > user_col else "",
                     cells[nip_col].strip() if len(cells) > nip_col else ""))
    employees = dict(Employee.objects.filter(pemda=pemda, nip__in=[nip for _l, _u, nip in rows])
                     .values_list("nip", "pk"))
    by_pk = Employee.objects.in_bulk(set(employees.values()))
    added = unchanged = 0
    problems: list[dict] = []
    with transaction.atomic():
        for line, user_id, nip in rows:
            if nip not in employees:
                problems.append({"line": line, "problem": UNKNOWN_EMPLOYEE, "value": nip[:60]})
                continue
            try:
                with transaction.atomic():
                    before = DeviceUser.objects.filter(pemda=pemda, device=device, machine_user_id=user_id).exists()
                    device_user_save(actor=actor, pemda=pemda, machine_user_id=user_id, employee=by_pk[employees[nip]],
                                     device=device)
            except AttendanceError as exc:
                problems.append({"line": line, "problem": exc.code, "value": user_id[:60]})
                continue
            if before:
                unchanged += 1
            else:
                added += 1
        if problems:
            raise AttendanceError(_("Nothing was linked: some rows are refused."), code="attendance.invalid_file",
                                  extra={"rows": problems[:500], "refused": len(problems)})
    return MappingSheetResult(added=added, unchanged=unchanged, problems=[])
