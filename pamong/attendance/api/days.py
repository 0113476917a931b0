"""/attendance/days and /attendance/duties: each day's derived status with its punches, days recorded by hand,
and official duties with their letter (issue #12)."""

from datetime import date, time
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from pamong.core.schemas import (
    Day,
    EmployeeRef,
    InSchema,
    PublicIdOut,
    Text,
    error_responses,
    limit_param,
    offset_param,
    page_of,
)
from pamong.people.selectors import actor_employee

from .. import rules
from ..choices import DayStatus, DutyKind, PunchSource
from ..day_access import can_manage_attendance
from ..errors import INVALID_RANGE, AttendanceError, field_error
from ..models import Punch
from ..selectors import days as selectors
from ..services import duties as duty_services
from ..services.days import record_manual_day

router = Router()
UNKNOWN_REFERENCE = "attendance.unknown_reference"
MAX_RANGE_DAYS = 92


def _unknown(field: str) -> AttendanceError:
    message = _("Unknown or inaccessible object.")
    return AttendanceError(message, code=UNKNOWN_REFERENCE, extra={"fields": {field: [message]}})


def _employee(request, public_id: UUID | None, field: str = "employee", *, in_query: bool = False):
    """The employee a request names: in a body, unknown or out of scope is 422 attendance.unknown_reference (a
    field error); in a GET query, 404 like every other read of an object the caller does not see."""
    if public_id is None:
        me = actor_employee(request.user)
        if me is None:
            raise field_error(field, _("Name the employee."), UNKNOWN_REFERENCE)
        return me
    employee = selectors.attendance_employees_visible_to(request.user).select_related("pemda", "current_unit").filter(
        public_id=public_id).first()
    if employee is None:
        if in_query:
            raise Http404
        raise _unknown(field)
    return employee


class PunchOut(Schema):
    at: str = Field(description="The instant of the punch (ISO 8601, with the offset).")
    source: PunchSource


class DayOut(Schema):
    date: date
    status: DayStatus
    working_day: bool
    first_in: time | None
    last_out: time | None
    late_minutes: int
    early_minutes: int
    source: str = Field(description="`manual` when a punch of the day was recorded by hand, `machine` when all came "
                                    "from machines, empty without punches.")
    punches: list[PunchOut]
    verified: bool

    @staticmethod
    def resolve_source(obj) -> str:
        if obj.manual:
            return PunchSource.MANUAL.value
        return PunchSource.MACHINE.value if obj.punches else ""

    @staticmethod
    def resolve_punches(obj) -> list[dict]:
        return [{"at": moment.isoformat(), "source": source} for moment, source in getattr(obj, "punch_list", [])]


class DaysOut(Schema):
    employee: EmployeeRef
    count: int
    items: list[DayOut]


class DayFilters(Schema):
    employee: UUID | None = Field(None, description="The employee (default: the caller).")
    from_: date | None = Field(None, alias="from", description="First day (default: the month's first).")
    to: date | None = Field(None, description="Last day (default: the month's last); at most 92 days after `from`.")


def _with_punches(days: list, employee_id: int, first: date, last: date) -> list:
    punches: dict[date, list] = {}
    for day, moment, source in Punch.objects.filter(
        employee_id=employee_id, day__gte=first, day__lte=last,
    ).order_by("at").values_list("day", "at", "source"):
        punches.setdefault(day, []).append((moment, source))
    for day in days:
        day.punch_list = punches.get(day.date, [])
    return days


@router.get(
    "/days",
    response={200: DaysOut, **error_responses(401, 404, 422)},
    summary="One employee's days with status, punches, arrival, departure, late and early minutes",
    description="Own days for everyone, the team's for supervisors up the line, the agency's for attendance "
                "readers. An employee outside the caller's scope: 404; a range "
                "longer than 92 days or backwards: 422 `attendance.invalid_range`. Days never computed are absent.",
    operation_id="attendance_day_list",
)
def day_list(request, filters: Query[DayFilters]):
    employee = _employee(request, filters.employee, in_query=True)
    first, last = rules.month_bounds(timezone.localdate())
    first = filters.from_ or (filters.to.replace(day=1) if filters.to else first)
    last = filters.to or rules.month_bounds(first)[1]
    if last < first or (last - first).days >= MAX_RANGE_DAYS:
        raise field_error("to", _("Give a range of at most %(n)d days.") % {"n": MAX_RANGE_DAYS}, INVALID_RANGE)
    days = list(selectors.days_visible_to(request.user).filter(
        employee_id=employee.pk, date__gte=first, date__lte=last).order_by("date"))
    return {"employee": employee, "count": len(days), "items": _with_punches(days, employee.pk, first, last)}


class DayRecordIn(InSchema):
    employee: UUID = Field(..., description="The employee (of the caller's agency); never oneself.")
    date: Day
    first_in: time
    last_out: time | None = None
    note: Text = Field("", max_length=200)


@router.post(
    "/days",
    response={201: DayOut, **error_responses(401, 403, 409, 422)},
    summary="Record a day by hand (units without a machine; the agency's attendance officer or HR)",
    description="Punches with source `manual`; the day is recomputed and returned. One's own day: 403 "
                "`attendance.self_decision`; a verified or closed month: 409 `attendance.month_closed`; a future "
                "day or a departure before the arrival: 422 `attendance.invalid_day`.",
    operation_id="attendance_day_record",
)
def day_record(request, payload: DayRecordIn):
    if not can_manage_attendance(request.user, request.user.pemda_id):
        raise PermissionDenied
    employee = _employee(request, payload.employee)
    if employee.pemda_id != request.user.pemda_id and not request.user.is_superuser:
        raise _unknown("employee")
    record = record_manual_day(request.user, employee, payload.date, payload.first_in, payload.last_out,
                               payload.note)
    return Status(201, _with_punches([record], employee.pk, record.date, record.date)[0])


class DutyOut(PublicIdOut):
    employee: EmployeeRef
    kind: DutyKind
    start: date
    end: date
    letter_number: str
    letter_date: date
    purpose: str
    document_name: str
    cancelled: bool


class DutyPageOut(Schema):
    count: int
    items: list[DutyOut]


class DutyFilters(Schema):
    employee: UUID | None = Field(None, description="Only this employee's duties.")
    cancelled: bool | None = Field(None, description="Only cancelled (true) or standing (false) duties.")


@router.get(
    "/duties",
    response={200: DutyPageOut, **error_responses(401, 422)},
    summary="Official duties of the employees whose attendance the caller may see, latest first",
    operation_id="attendance_duty_list",
)
def duty_list(request, filters: Query[DutyFilters], limit: int = limit_param(), offset: int = offset_param()):
    duties = selectors.duties_visible_to(request.user).select_related("employee").order_by("-start", "-pk")
    if filters.employee is not None:
        duties = duties.filter(employee__public_id=filters.employee)
    if filters.cancelled is not None:
        duties = duties.filter(cancelled=filters.cancelled)
    return page_of(duties, limit, offset)


@router.post(
    "/duties",
    response={201: DutyOut, **error_responses(401, 403, 409, 413, 422)},
    summary="Record an official duty (dinas luar / surat tugas) with its letter (multipart)",
    description="`document`: the letter, PDF, JPG or PNG (checked by content). Its days become `duty`. One's own "
                "duty: 403 `attendance.self_decision`; a verified or closed month: 409 `attendance.month_closed`; "
                "dates backwards or longer than 90 days: 422 `attendance.invalid_range`; a bad letter or field: "
                "422 `attendance.invalid_duty`.",
    operation_id="attendance_duty_create",
)
def duty_create(request, employee: Form[UUID], kind: Form[DutyKind], start: Form[Day], end: Form[Day],
                letter_number: Form[Text], letter_date: Form[Day], purpose: Form[Text],
                document: File[UploadedFile]):
    if not can_manage_attendance(request.user, request.user.pemda_id):
        raise PermissionDenied
    person = _employee(request, employee)
    if person.pemda_id != request.user.pemda_id and not request.user.is_superuser:
        raise _unknown("employee")
    duty = duty_services.duty_record(
        actor=request.user, employee=person, kind=kind.value, start=start, end=end, letter_number=letter_number,
        letter_date=letter_date, purpose=purpose, document=(document.name or "", document.read()))
    return Status(201, duty)


class DutyCancelIn(InSchema):
    reason: Text = Field(..., min_length=1, max_length=300)


@router.post(
    "/duties/{duty_id}/cancel",
    response={200: DutyOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Cancel a wrong official duty (its days are recomputed)",
    description="Already cancelled: 409 `attendance.duty_cancelled`; a verified or closed month: 409 "
                "`attendance.month_closed`; one's own: 403 `attendance.self_decision`.",
    operation_id="attendance_duty_cancel",
)
def duty_cancel(request, duty_id: UUID, payload: DutyCancelIn):
    duty = get_object_or_404(selectors.duties_visible_to(request.user).select_related("employee",
                                                                                     "employee__current_unit"),
                             public_id=duty_id)
    return duty_services.duty_cancel(actor=request.user, duty=duty, reason=payload.reason)

