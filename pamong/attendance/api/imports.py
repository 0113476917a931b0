"""/attendance/imports, /devices, /device-users: punch imports from attendance machines, the machines and the links
from machine user ids to employees (issue #12). HR administrator or attendance officer of the caller's Pemda only:
anyone else gets 403 on a collection and 404 on an object. ``id`` is the public UUID (a link's ``id`` is its number:
links have no public id)."""

from datetime import datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from pamong.core.schemas import InSchema, PublicIdOut, Text, error_responses, limit_param, offset_param, page_of
from pamong.core.tasks import dispatch
from pamong.people.models import Employee, OrgUnit

from ..choices import ImportFormat, ImportStatus
from ..errors import UNKNOWN_DEVICE, field_error
from ..imports import jobs, problem_label
from ..imports.tasks import punch_import_task
from ..selectors import imports as selectors
from ..services import devices as services

router = Router()


def _require_manager(request) -> None:
    if request.user.pemda_id is None or not services.can_manage_attendance(request.user, request.user.pemda_id):
        raise PermissionDenied


class ProblemRowOut(Schema):
    line: int
    problem: str = Field(..., description="bad_line, not_text, too_long, bad_timestamp, too_old, future, bad_user, "
                                          "unknown_user, unknown_device")
    label: str
    value: str


class UnknownIdOut(Schema):
    id: str
    rows: int


class PunchImportOut(PublicIdOut):
    original_name: str
    format: ImportFormat
    device: UUID | None
    dry_run: bool
    status: ImportStatus
    status_url: str
    total_rows: int
    processed_rows: int
    added: int = Field(..., description="Punches added (for a dry run: that would be added).")
    duplicates: int = Field(..., description="Punches already there (re-import, overlapping file, or twice in it).")
    unknown_users: int = Field(..., description="Rows whose user id or NIP is not linked to an employee.")
    rejected: int = Field(..., description="Rows refused for another reason (see problems).")
    problems: dict[str, int]
    rows: list[ProblemRowOut] = Field(..., description=f"The first {jobs.REPORT_ROWS} problem rows.")
    unknown_ids: list[UnknownIdOut]
    error: str
    created_at: datetime
    finished_at: datetime | None

    @staticmethod
    def resolve_device(obj) -> UUID | None:
        return obj.device.public_id if obj.device_id else None

    @staticmethod
    def resolve_status_url(obj) -> str:
        return f"{reverse('api-v1:api-root')}attendance/imports/{obj.public_id}"

    @staticmethod
    def resolve_problems(obj) -> dict:
        return (obj.report or {}).get("problems") or {}

    @staticmethod
    def resolve_rows(obj) -> list:
        return [{**row, "label": problem_label(row.get("problem", ""))} for row in (obj.report or {}).get("rows", [])]

    @staticmethod
    def resolve_unknown_ids(obj) -> list:
        return [{"id": key, "rows": count} for key, count in ((obj.report or {}).get("unknown") or {}).get("ids", [])]


@router.post("/imports", response={200: PunchImportOut, 202: PunchImportOut, **error_responses(401, 403, 413, 422)},
             summary="Import punches from an attendance machine's export (multipart)",
             description=(
                 "`file`: the ZKTeco attendance log (`format=zkteco`) or a CSV (`format=csv`: columns nip or user_id, "
                 "timestamp, optional device). `device`: the machine the log comes from (its own user ids apply). "
                 "`dry_run=true`: the row report at once (200), nothing written. Otherwise 202 with the import "
                 "queued: poll `status_url` until `status` is done or failed. Re-importing a file adds nothing. "
                 "422 `attendance.invalid_file` (binary, empty, CSV without its columns, too large), "
                 "`attendance.unknown_device`."),
             operation_id="attendance_import_create")
def import_create(request, file: File[UploadedFile], format: Form[ImportFormat],  # noqa: A002 (the field's name)
                  device: Form[UUID | None] = None, dry_run: Form[bool] = False):
    _require_manager(request)
    chosen = None
    if device is not None:
        chosen = selectors.devices_visible_to(request.user).filter(public_id=device).first()
        if chosen is None:
            raise field_error("device", _("Unknown or inaccessible object."), UNKNOWN_DEVICE)
    record = jobs.punch_import_create(actor=request.user, pemda=request.user.pemda, upload=file, fmt=format.value,
                                      device=chosen, dry_run=dry_run)
    if dry_run:
        record = jobs.punch_import_run(record.pk)  # the report is the answer: run it now
        return Status(200, _detail(request, record.public_id))
    dispatch(punch_import_task, record.pk)
    return Status(202, _detail(request, record.public_id))


def _detail(request, import_id: UUID):
    return get_object_or_404(selectors.punch_imports_visible_to(request.user), public_id=import_id)


@router.get("/imports/{import_id}", response={200: PunchImportOut, **error_responses(401, 404, 422)},
            summary="One punch import: status, counts and row report", operation_id="attendance_import_detail")
def import_detail(request, import_id: UUID):
    return _detail(request, import_id)


class DeviceOut(PublicIdOut):
    serial: str
    name: str
    unit: UUID | None
    location: str
    is_active: bool

    @staticmethod
    def resolve_unit(obj) -> UUID | None:
        return obj.org_unit.public_id if obj.org_unit_id else None


class DevicePageOut(Schema):
    count: int
    items: list[DeviceOut]


class DeviceIn(InSchema):
    serial: Text = Field(..., min_length=1, max_length=64)
    name: Text = Field(..., min_length=1, max_length=100)
    unit: UUID | None = None
    location: Text = Field("", max_length=200)
    is_active: bool = True


@router.get("/devices", response={200: DevicePageOut, **error_responses(401, 403, 422)},
            summary="The attendance machines of the caller's agency", operation_id="attendance_device_list")
def device_list(request, limit: int = limit_param(), offset: int = offset_param()):
    _require_manager(request)
    return page_of(selectors.devices_visible_to(request.user).order_by("name", "pk"), limit, offset)


@router.post("/devices", response={201: DeviceOut, **error_responses(401, 403, 422)},
             summary="Add an attendance machine", description="422 `attendance.serial_exists`.",
             operation_id="attendance_device_create")
def device_create(request, payload: DeviceIn):
    _require_manager(request)
    unit = None
    if payload.unit is not None:
        unit = OrgUnit.objects.filter(pemda_id=request.user.pemda_id, public_id=payload.unit).first()
        if unit is None:
            raise field_error("unit", _("Unknown or inaccessible object."), "attendance.unknown_unit")
    device = services.device_save(actor=request.user, pemda=request.user.pemda, serial=payload.serial,
                                  name=payload.name, org_unit=unit, location=payload.location,
                                  is_active=payload.is_active)
    return Status(201, device)


class EmployeeBrief(PublicIdOut):
    nip: str
    name: str


class DeviceUserOut(Schema):
    id: int
    machine_user_id: str
    employee: EmployeeBrief
    device: UUID | None = Field(..., description="None: the id holds on every machine of the agency.")

    @staticmethod
    def resolve_device(obj) -> UUID | None:
        return obj.device.public_id if obj.device_id else None


class DeviceUserPageOut(Schema):
    count: int
    items: list[DeviceUserOut]


class DeviceUserIn(InSchema):
    machine_user_id: Text = Field(..., min_length=1, max_length=32)
    nip: Text = Field(..., min_length=1, max_length=18)
    device: UUID | None = Field(None, description="Omit for every machine of the agency.")


@router.get("/device-users", response={200: DeviceUserPageOut, **error_responses(401, 403, 404, 422)},
            summary="Machine user ids linked to employees", operation_id="attendance_device_user_list")
def device_user_list(request, device: UUID | None = None, q: str = "", limit: int = limit_param(),
                     offset: int = offset_param()):
    _require_manager(request)
    chosen = None
    if device is not None:
        chosen = get_object_or_404(selectors.devices_visible_to(request.user), public_id=device)
    return page_of(selectors.device_user_list(request.user, device=chosen, q=q[:100]), limit, offset)


@router.post("/device-users", response={201: DeviceUserOut, **error_responses(401, 403, 422)},
             summary="Link a machine user id to an employee",
             description="422 `attendance.mapping_exists` when the id is linked to someone else, "
                         "`attendance.unknown_employee`, `attendance.unknown_device`.",
             operation_id="attendance_device_user_create")
def device_user_create(request, payload: DeviceUserIn):
    _require_manager(request)
    employee = Employee.objects.filter(pemda_id=request.user.pemda_id, nip=payload.nip).first()
    if employee is None:
        raise field_error("nip", _("No employee of the agency has this NIP."), services.UNKNOWN_EMPLOYEE)
    chosen = None
    if payload.device is not None:
        chosen = selectors.devices_visible_to(request.user).filter(public_id=payload.device).first()
        if chosen is None:
            raise field_error("device", _("Unknown or inaccessible object."), UNKNOWN_DEVICE)
    link = services.device_user_save(actor=request.user, pemda=request.user.pemda,
                                     machine_user_id=payload.machine_user_id, employee=employee, device=chosen)
    return Status(201, selectors.device_users_visible_to(request.user).get(pk=link.pk))


class MappingSheetOut(Schema):
    added: int
    unchanged: int


@router.post("/device-users/import", response={200: MappingSheetOut, **error_responses(401, 403, 413, 422)},
             summary="Link many machine user ids at once from a CSV (columns user_id and nip)",
             description="All rows or none: 422 `attendance.invalid_file` with the refused rows in `extra.rows` "
                         "(`{line, problem, value}`). `device`: the machine the ids belong to (omit for every machine).",
             operation_id="attendance_device_user_import")
def device_user_import(request, file: File[UploadedFile], device: Form[UUID | None] = None):
    _require_manager(request)
    chosen = None
    if device is not None:
        chosen = selectors.devices_visible_to(request.user).filter(public_id=device).first()
        if chosen is None:
            raise field_error("device", _("Unknown or inaccessible object."), UNKNOWN_DEVICE)
    if file.size > services.MAX_MAPPING_SHEET_BYTES:
        raise field_error("file", _("The file is not a CSV of at most 5 MB."), "attendance.invalid_file")
    result = services.device_users_import(actor=request.user, pemda=request.user.pemda, content=file.read(),
                                          device=chosen)
    return {"added": result.added, "unchanged": result.unchanged}


@router.delete("/device-users/{link_id}", response={204: None, **error_responses(401, 403, 404, 422)},
               summary="Remove a machine user id link (punches already imported stay)",
               operation_id="attendance_device_user_delete")
def device_user_delete(request, link_id: int):
    _require_manager(request)
    link = get_object_or_404(selectors.device_users_visible_to(request.user), pk=link_id)
    services.device_user_remove(actor=request.user, mapping=link)
    return Status(204, None)
