"""Attendance API: corrections (/attendance/days/{id}/corrections, /attendance/corrections).

``{day_id}`` is the AttendanceDay's integer id exactly as GET /attendance/days returns it: a day row is derived and
rewritten in place (unique per employee and date, upserted), so its id is stable for the life of that day; it is
scoped like every read (another employee's or agency's day is a 404)."""

import base64
import binascii
from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

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

from ..choices import CorrectionReason, CorrectionStatus, DayStatus
from ..errors import field_error
from ..models import AttendanceDay, DayCorrection
from ..selectors.corrections import correction_detail_queryset, correction_list
from ..selectors.days import days_visible_to
from ..services import corrections as services

router = Router()
MAX_BASE64_CHARS = 7_000_000  # ~5 MB of file (PAMONG_UPLOAD_MAX_BYTES checks the decoded size)


class CorrectionDayOut(Schema):
    id: int
    date: date
    status: DayStatus
    verified: bool


class CorrectionOut(PublicIdOut):
    employee: EmployeeRef
    start: date
    end: date
    reason: CorrectionReason
    explanation: str
    status: CorrectionStatus
    document_name: str
    created_at: datetime
    decided_at: datetime | None
    decision_note: str


class CorrectionDetailOut(CorrectionOut):
    days: list[CorrectionDayOut]
    awaiting_your_decision: bool

    @staticmethod
    def resolve_days(obj) -> list:
        return list(AttendanceDay.objects.filter(employee_id=obj.employee_id, date__range=(obj.start, obj.end))
                    .order_by("date"))

    @staticmethod
    def resolve_awaiting_your_decision(obj, context) -> bool:
        return services.awaiting_step(context["request"].user, obj) is not None


class CorrectionPageOut(Schema):
    count: int
    items: list[CorrectionOut]


class CorrectionFilters(Schema):
    scope: str | None = Field(None, pattern="^(mine|decide)$",
                              description="mine: own requests; decide: awaiting the caller's decision.")
    status: CorrectionStatus | None = None


class CorrectionIn(InSchema):
    end: Day | None = Field(None, description="The last day (default: the day itself).")
    reason: CorrectionReason
    explanation: Text = Field(..., min_length=1, max_length=2000)
    filename: Text = Field(..., min_length=1, max_length=255, description="With its extension: .pdf, .jpg or .png.")
    content_base64: str = Field(..., min_length=1, max_length=MAX_BASE64_CHARS,
                                description="The supporting document, base64 (checked by its content).")


class CorrectionRangeIn(InSchema):
    start: Day
    end: Day
    reason: CorrectionReason
    explanation: Text = Field(..., min_length=1, max_length=2000)
    filename: Text = Field(..., min_length=1, max_length=255, description="With its extension: .pdf, .jpg or .png.")
    content_base64: str = Field(..., min_length=1, max_length=MAX_BASE64_CHARS,
                                description="The supporting document, base64 (checked by its content).")


class CorrectionDecisionIn(InSchema):
    approve: bool
    reason: Text = Field("", max_length=2000, description="Required when rejecting.")


class WithdrawIn(InSchema):
    reason: Text = Field("", max_length=2000)


def _decoded(content_base64: str) -> bytes:
    try:
        return base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise field_error("content_base64", _("The file is not valid base64."), services.INVALID_DOCUMENT) from None


def _correction(request, correction_id: UUID) -> DayCorrection:
    return get_object_or_404(correction_detail_queryset(request.user), public_id=correction_id)


@router.post("/days/{day_id}/corrections", response={201: CorrectionDetailOut, **error_responses(401, 403, 404, 409, 422)},
             summary="The employee asks that their day (through *end*) count as excused, with a document",
             description="Only the employee asks for their own days (403 otherwise). 422 `attendance.nothing_to_correct` "
                         "when no day is unexcused, late or early; `attendance.correction_overlaps` when a pending "
                         "request covers a day; `attendance.invalid_document` for a file that is not a genuine "
                         "PDF/JPEG/PNG; `attendance.invalid_range` for a future day.",
             operation_id="attendance_correction_create")
def correction_create(request, day_id: int, payload: CorrectionIn):
    day = get_object_or_404(days_visible_to(request.user).select_related("employee"), pk=day_id)
    correction = services.correction_request(
        actor=request.user, employee=day.employee, start=day.date, end=payload.end or day.date,
        reason=payload.reason.value, explanation=payload.explanation,
        document=(payload.filename, _decoded(payload.content_base64)))
    return Status(201, _correction(request, correction.public_id))


@router.post("/corrections", response={201: CorrectionDetailOut, **error_responses(401, 403, 409, 422)},
             summary="The caller asks that their own days start–end count as excused, with a document",
             description="The same request as POST /days/{day_id}/corrections, by dates (the caller's own days; 403 "
                         "for a login without an employee record). Same refusal codes.",
             operation_id="attendance_correction_create_by_dates")
def correction_create_by_dates(request, payload: CorrectionRangeIn):
    me = actor_employee(request.user)
    if me is None:
        raise PermissionDenied
    correction = services.correction_request(
        actor=request.user, employee=me, start=payload.start, end=payload.end, reason=payload.reason.value,
        explanation=payload.explanation, document=(payload.filename, _decoded(payload.content_base64)))
    return Status(201, _correction(request, correction.public_id))


@router.get("/corrections", response={200: CorrectionPageOut, **error_responses(401, 422)},
            summary="List the corrections the caller may see (own, their line; HR and officers: the agency)",
            operation_id="attendance_correction_list")
def correction_list_api(request, filters: Query[CorrectionFilters], limit: int = limit_param(),
                        offset: int = offset_param()):
    corrections = correction_list(request.user, scope=filters.scope or "",
                                  status=filters.status.value if filters.status else "")
    return page_of(corrections, limit, offset)


@router.get("/corrections/{correction_id}", response={200: CorrectionDetailOut, **error_responses(401, 404, 422)},
            summary="One correction with its days", operation_id="attendance_correction_detail")
def correction_detail(request, correction_id: UUID):
    return _correction(request, correction_id)


@router.post("/corrections/{correction_id}/decision",
             response={200: CorrectionDetailOut, **error_responses(401, 403, 404, 409, 422)},
             summary="The supervisor approves (the days become excused) or rejects a pending correction",
             description="403 `attendance.self_decision` for the employee; 403 for anyone but the approver (or their "
                         "Plt/Plh); 409 `attendance.correction_decided` once decided.",
             operation_id="attendance_correction_decide")
def correction_decide(request, correction_id: UUID, payload: CorrectionDecisionIn):
    correction = _correction(request, correction_id)
    reason = payload.reason.strip()
    if not payload.approve and not reason:
        raise field_error("reason", _("Give the reason for rejecting."), "attendance.reason_required")
    services.correction_decide(actor=request.user, correction=correction, approve=payload.approve, reason=reason)
    return DayCorrection.objects.select_related("employee").get(pk=correction.pk)


@router.post("/corrections/{correction_id}/withdraw",
             response={200: CorrectionDetailOut, **error_responses(401, 403, 404, 409, 422)},
             summary="The employee withdraws their pending correction",
             description="409 `attendance.correction_decided` once decided.",
             operation_id="attendance_correction_withdraw")
def correction_withdraw(request, correction_id: UUID, payload: WithdrawIn):
    correction = _correction(request, correction_id)
    services.correction_withdraw(actor=request.user, correction=correction, reason=payload.reason)
    return DayCorrection.objects.select_related("employee").get(pk=correction.pk)
