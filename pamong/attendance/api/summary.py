"""Absence monitoring API (rules.md §3.2): GET /summary (one employee's year) and GET /recap (a month per unit).

Reads start from the actor's scope: an employee outside it is 404; a recap asked by someone without a team or an
agency-wide role is 403. Reading someone else's summary is audited, as on the page."""

from datetime import date
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from pamong.audit.services import audit_read
from pamong.core.schemas import EmployeeRef, error_responses
from pamong.people.selectors import actor_employee, units_visible_to

from ..absence_access import attendance_employees_visible_to, can_view_absence, can_view_recap, is_self
from ..audit import AttendanceAudit
from ..selectors.absence import absence_summary
from ..selectors.recap import month_recap

router = Router()


class RecommendationOut(Schema):
    level: str = Field(..., description="ringan | sedang | berat")
    sanction: str = Field(..., description="A sanction code of the discipline catalogue, e.g. teguran_lisan, pdh.")
    rule: str = Field(..., description="The legal basis cited (PP 94/2021 article; PerBKN 6/2022 for the run).")


class ThresholdOut(RecommendationOut):
    days: int


class SummaryOut(Schema):
    employee: EmployeeRef
    year: int
    unexcused_days: int = Field(..., description="Verified unexcused working days of the calendar year.")
    pending_unexcused: int = Field(..., description="Unexcused days of months not verified yet (not counted).")
    longest_consecutive: int
    late_minutes: int
    early_minutes: int
    converted_days: int = Field(..., description="Days from late/early minutes (only if the agency converts them).")
    recommendation: RecommendationOut | None
    next_threshold: ThresholdOut | None
    flags: list[str] = Field(..., description="reached, approaching, consecutive_10, consecutive_approaching, "
                                              "pending")
    salary_stop_from: date | None


class RecapRowOut(Schema):
    unit: str
    employees: int
    working_days: int
    present: int
    leave: int
    duty: int
    excused: int
    unexcused: int
    late_minutes: int
    early_minutes: int
    attendance_rate: Decimal | None = Field(..., description="Percent: (present + duty) ÷ (working − leave − "
                                                             "excused).")
    verified: bool


class RecapOut(Schema):
    month: date
    units: list[RecapRowOut]
    total: RecapRowOut


def _row(row, name: str) -> dict:
    return {"unit": name, "employees": row.employees, "working_days": row.working_days, "present": row.present,
            "leave": row.leave, "duty": row.duty, "excused": row.excused, "unexcused": row.unexcused,
            "late_minutes": row.late_minutes, "early_minutes": row.early_minutes, "attendance_rate": row.rate,
            "verified": row.verified}


@router.get("/summary", response={200: SummaryOut, **error_responses(401, 404, 422)},
            operation_id="attendance_absence_summary",
            summary="An employee's unexcused absence of a calendar year with the PP 94/2021 recommendation")
def summary(request, employee: UUID | None = None, year: int | None = Query(None, ge=2000, le=2100)):
    if employee is None:
        person = actor_employee(request.user)
        if person is None:
            raise Http404
    else:
        person = get_object_or_404(attendance_employees_visible_to(request.user), public_id=employee)
        if not can_view_absence(request.user, person):
            raise Http404
    found = absence_summary(person, year or timezone.localdate().year)
    if not is_self(request.user, person):
        audit_read(actor=request.user, action=AttendanceAudit.SUMMARY_VIEWED, target=person,
                   fields=["absence_summary"], pemda_id=person.pemda_id)
    return {"employee": person, "year": found.year, "unexcused_days": found.unexcused_days,
            "pending_unexcused": found.pending_unexcused, "longest_consecutive": found.longest_consecutive,
            "late_minutes": found.late_minutes, "early_minutes": found.early_minutes,
            "converted_days": found.converted_days, "recommendation": found.recommendation,
            "next_threshold": found.next_threshold, "flags": found.flags, "salary_stop_from": found.salary_stop_from}


@router.get("/recap", response={200: RecapOut, **error_responses(401, 403, 404, 422)},
            operation_id="attendance_recap",
            summary="The attendance recap of a month per unit (the agency, or one unit's tree)")
def recap(request, month: str | None = Query(None, pattern=r"^(19|2[01])[0-9]{2}-(0[1-9]|1[0-2])$",
                                              description="YYYY-MM; default: the last full month"),
          unit: UUID | None = None):
    if not can_view_recap(request.user):
        raise PermissionDenied
    found_unit = get_object_or_404(units_visible_to(request.user), public_id=unit) if unit else None
    today = timezone.localdate()
    if month:
        first = date(int(month[:4]), int(month[5:]), 1)
    else:
        first = date(today.year - 1, 12, 1) if today.month == 1 else date(today.year, today.month - 1, 1)
    result = month_recap(request.user, first, found_unit)
    return {"month": result.month, "units": [_row(row, row.unit_name) for row in result.units],
            "total": _row(result.totals, "")}
