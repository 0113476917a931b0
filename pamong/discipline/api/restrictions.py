"""/discipline/restrictions and /discipline/tpp-deductions (issue #12): what stops an employee's promotion, KGB,
transfer or award on a date, and the month's TPP cuts for disciplinary sanctions."""

from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from pamong.audit.services import audit_read
from pamong.core.schemas import Day, EmployeeRef, error_responses
from pamong.people.restrictions import restrictions_for

from ..selectors import effects as selectors
from ..services import effects as services

router = Router()
MONTH_PATTERN = r"^(19|2[01])[0-9]{2}-(0[1-9]|1[0-2])$"  # 1900-2199: year 0 is no date


class RestrictionOut(Schema):
    blocks: list[str] = Field(description="What it stops: promotion, periodic_raise, mutation, award, salary.")
    reason: str
    source: str = Field(description="The registering context and kind, e.g. discipline.sanction.")
    rule: str = Field(description="The legal basis cited.")
    start: date | None
    end: date | None = Field(description="The last day it applies; null: until lifted.")
    reference: str = Field(description="The discipline case's id (or the source's own reference).")


class RestrictionFilters(Schema):
    employee: UUID = Field(description="The employee (id).")
    on: Day | None = Field(None, description="The day asked about; default today.")


@router.get(
    "/restrictions",
    response={200: list[RestrictionOut], **error_responses(401, 404, 422)},
    summary="The restrictions on an employee on a day (HR, executive, auditor; the employee; their supervisors)",
    operation_id="discipline_restriction_list",
)
def restriction_list(request, filters: Query[RestrictionFilters]):
    employee = get_object_or_404(selectors.restriction_subjects_visible_to(request.user), public_id=filters.employee)
    items = restrictions_for(employee, on=filters.on or timezone.localdate())
    if items and not selectors.is_self(request.user, employee):
        audit_read(actor=request.user, action=services.EFFECTS_VIEWED, target=employee, fields=["restrictions"])
    return [item.as_dict() for item in items]


class TppRowOut(Schema):
    case: UUID
    employee: EmployeeRef
    unit: str
    sanction: str
    decision_number: str
    cut_percent: int
    start: date
    end: date
    months_remaining: int = Field(description="Calendar months from this one to the last, both counted.")


class TppListOut(Schema):
    month: str
    in_force: bool = Field(description="Whether the PP on PNS salary and allowances is in force in the agency.")
    explanation: str = Field(description="Why the list is empty under the transitional rule.")
    items: list[TppRowOut]


@router.get(
    "/tpp-deductions",
    response={200: TppListOut, **error_responses(401, 403, 422)},
    summary="The TPP cuts (25 %) for disciplinary sanctions running in a month (HR, executive, auditor)",
    operation_id="discipline_tpp_deduction_list",
)
def tpp_deduction_list(request, month: str = Query(None, pattern=MONTH_PATTERN, description="YYYY-MM; default "
                                                                                            "this month.")):
    if not selectors.can_view_agency_discipline(request.user):
        raise PermissionDenied
    first = date(int(month[:4]), int(month[5:7]), 1) if month else timezone.localdate().replace(day=1)
    deductions = selectors.tpp_deductions(request.user.pemda_id, first)
    return {
        "month": deductions.month.strftime("%Y-%m"), "in_force": deductions.in_force,
        "explanation": deductions.explanation,
        "items": [{"case": row.case.public_id, "employee": row.case.employee, "unit": row.unit,
                   "sanction": row.sanction_code, "decision_number": row.decision_number,
                   "cut_percent": row.cut_percent, "start": row.start, "end": row.end,
                   "months_remaining": row.months_remaining} for row in deductions.rows],
    }
