"""Attendance API: the monthly verification and closing (/attendance/months).

``{unit}`` is the unit's public id (UUID), ``{month}`` the month as YYYY-MM."""

from datetime import date, datetime
from uuid import UUID

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from pamong.core.schemas import MAX_YEAR, MIN_YEAR, UnitRef, error_responses

from ..choices import MonthStatus
from ..models import MonthClosure
from ..selectors.months import month_units_visible_to, unit_year
from ..services import months as services

router = Router()


class MonthOut(Schema):
    unit: UnitRef
    month: str = Field(..., description="YYYY-MM")
    status: MonthStatus
    over: bool = Field(..., description="The month has ended (it may be verified).")
    verified_at: datetime | None
    closed_at: datetime | None
    summary: dict = Field(..., description="At verification: {counts: {status: days}, days, employees}; "
                                           "recounted after an approved correction changes the month.")


class MonthPageOut(Schema):
    count: int
    items: list[MonthOut]


class MonthFilters(Schema):
    unit: UUID = Field(..., description="The unit (its public id).")
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR, description="Default: this year.")


def _out(unit, closure: MonthClosure | None, month: date, over: bool) -> dict:
    return {"unit": unit, "month": f"{month:%Y-%m}", "status": closure.status if closure else MonthStatus.OPEN,
            "over": over, "verified_at": closure.verified_at if closure else None,
            "closed_at": closure.closed_at if closure else None, "summary": closure.summary if closure else {}}


def _unit(request, unit_id: UUID):
    return get_object_or_404(month_units_visible_to(request.user), public_id=unit_id)


@router.get("/months", response={200: MonthPageOut, **error_responses(401, 404, 422)},
            summary="A unit's twelve months of a year with their status and summary",
            description="HR, attendance officers, executive and Inspektorat: any unit of the agency; a unit head: the "
                        "units they head and those below. 404 for any other unit.",
            operation_id="attendance_month_list")
def month_list(request, filters: Query[MonthFilters]):
    unit = _unit(request, filters.unit)
    rows = unit_year(unit, filters.year or timezone.localdate().year)
    return {"count": len(rows), "items": [_out(unit, row.closure, row.month, row.over) for row in rows]}


@router.post("/months/{unit_id}/{month}/verify", response={200: MonthOut, **error_responses(401, 403, 404, 409, 422)},
             summary="The attendance officer verifies a unit's month (days derived again and marked verified)",
             description="422 `attendance.month_not_over`; 409 `attendance.month_verified` or `attendance.month_closed`; "
                         "403 `attendance.self_decision` when the caller's own unit is in the tree.",
             operation_id="attendance_month_verify")
def month_verify(request, unit_id: UUID, month: str):
    unit = _unit(request, unit_id)
    closure = services.verify_month(actor=request.user, unit=unit, month=services.parse_month(month))
    return _out(unit, closure, closure.month, True)


@router.post("/months/{unit_id}/{month}/close", response={200: MonthOut, **error_responses(401, 403, 404, 409, 422)},
             summary="The unit head closes a verified month (then only an approved correction changes it)",
             description="409 `attendance.month_not_verified` before verification, `attendance.month_closed` when "
                         "closed already; 403 for anyone but the unit head (HR only when the head post is vacant).",
             operation_id="attendance_month_close")
def month_close(request, unit_id: UUID, month: str):
    unit = _unit(request, unit_id)
    closure = services.close_month(actor=request.user, unit=unit, month=services.parse_month(month))
    return _out(unit, closure, closure.month, True)
