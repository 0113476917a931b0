"""/development/awards: the awards register (HR records and removes), the top performers of a period and the
service milestones ahead (issue #11)."""

from datetime import date
from typing import Annotated
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import AfterValidator

from pamong.core.schemas import (
    Day,
    EmployeeRef,
    InSchema,
    PublicIdOut,
    Text,
    UnitRef,
    error_responses,
    limit_param,
    offset_param,
    page_of,
)
from pamong.core.text import multi_line
from pamong.people.selectors import employees_visible_to, units_visible_to
from pamong.performance import rules as performance_rules

from .. import award_rules
from ..choices import AwardKind
from ..errors import DevelopmentError, field_error
from ..selectors import awards as selectors
from ..services import awards as services

router = Router()
UNKNOWN_REFERENCE = "development.unknown_reference"
Lines = Annotated[Text, AfterValidator(multi_line)]


def _unknown(field: str) -> DevelopmentError:
    message = _("Unknown or inaccessible object.")
    return DevelopmentError(message, code=UNKNOWN_REFERENCE, extra={"fields": {field: [message]}})


def _reader(request) -> None:
    if not selectors.can_view_award_register(request.user):
        raise PermissionDenied


class AwardOut(PublicIdOut):
    employee: EmployeeRef
    kind: AwardKind
    title: str
    period: str = Field(description="The month of an employee of the month (YYYY-MM); empty otherwise.")
    awarded_on: date
    decree_number: str
    issuer: str
    note: str


class AwardPageOut(Schema):
    count: int
    items: list[AwardOut]


class AwardFilters(Schema):
    employee: UUID | None = Field(None, description="Only this employee's awards.")
    kind: AwardKind | None = None
    year: int | None = Field(None, ge=1900, le=2200, description="Year of the award date.")


@router.get(
    "/awards",
    response={200: AwardPageOut, **error_responses(401, 422)},
    summary="List the awards the caller may see (own and subordinates'; HR, executive and auditor: the agency)",
    operation_id="development_award_list",
)
def award_list(request, filters: Query[AwardFilters], limit: int = limit_param(), offset: int = offset_param()):
    awards = selectors.award_register(request.user, selectors.AwardFilters(
        kind=filters.kind.value if filters.kind else "", year=filters.year))
    if filters.employee is not None:
        awards = awards.filter(employee__public_id=filters.employee)
    return page_of(awards, limit, offset)


class AwardIn(InSchema):
    employee: UUID = Field(..., description="The employee (of the caller's agency) who receives the award.")
    kind: AwardKind
    awarded_on: Day
    title: Text = Field("", max_length=200, description="Required for agency and other awards.")
    period: Text = Field("", max_length=7, description="YYYY-MM; required for an employee of the month.",
                         json_schema_extra={"pattern": r"^$|^[0-9]{4}-(0[1-9]|1[0-2])$"})
    decree_number: Text = Field("", max_length=100)
    issuer: Text = Field("", max_length=200)
    note: Lines = Field("", max_length=2000)


@router.post(
    "/awards",
    response={201: AwardOut, **error_responses(401, 403, 409, 422)},
    summary="Record an award in the register (HR of the agency; never one's own)",
    description="Satyalancana not yet earned or restricted (discipline): 422 `development.award_not_eligible`; "
                "a class already held or an OPD's employee of the month already chosen: 409 "
                "`development.award_exists`; one's own award: 403 `development.self_decision`.",
    operation_id="development_award_create",
)
def award_create(request, payload: AwardIn):
    if not selectors.can_record_award(request.user):
        raise PermissionDenied
    employee = employees_visible_to(request.user).filter(pemda_id=request.user.pemda_id,
                                                         public_id=payload.employee).first()
    if employee is None:
        raise _unknown("employee")
    if payload.kind == AwardKind.EMPLOYEE_OF_MONTH and not award_rules.is_month_period(payload.period):
        raise field_error("period", _("Give the month of the award as YYYY-MM, e.g. 2026-05."),
                                   services.INVALID_PERIOD)
    award = services.award_record(actor=request.user, employee=employee, data=services.AwardInput(
        kind=payload.kind.value, awarded_on=payload.awarded_on, title=payload.title, period=payload.period,
        decree_number=payload.decree_number, issuer=payload.issuer, note=payload.note))
    return Status(201, award)


class TopPerformerOut(Schema):
    employee: EmployeeRef
    unit: UnitRef | None
    period: str
    evidence_count: int = Field(description="Evidence on the realisations of the rated SKP within the period.")
    employee_of_month: bool = Field(description="Already employee of the month for this month.")

    @staticmethod
    def resolve_unit(obj):
        return obj.org_unit

    @staticmethod
    def resolve_employee_of_month(obj) -> bool:
        return obj.month_award


@router.get(
    "/awards/top-performers",
    response={200: list[TopPerformerOut], **error_responses(401, 403, 422)},
    summary="Employees rated Sangat Baik in a period, the most evidence first (HR, executive, auditor)",
    operation_id="development_award_top_performers",
)
def award_top_performers(request, period: str = Query(..., max_length=8, description='"2026-05", "2026-Q2", '
                                                                                       '"2026-S1" or "2026".'),
                         unit: UUID | None = None, limit: int = limit_param(), offset: int = offset_param()):
    _reader(request)
    if not performance_rules.is_valid_period(period):
        raise field_error("period", _("Unknown period."), services.INVALID_PERIOD)
    scope_unit = None
    if unit is not None:
        scope_unit = units_visible_to(request.user).filter(public_id=unit).first()
        if scope_unit is None:
            raise _unknown("unit")
    return list(selectors.top_performers(request.user, period, scope_unit)[offset: offset + limit])


class MilestoneOut(Schema):
    employee: EmployeeRef
    years: int
    kind: AwardKind
    reached_on: date = Field(description="The day the years of service are complete (from the TMT CPNS).")


@router.get(
    "/awards/milestones",
    response={200: list[MilestoneOut], **error_responses(401, 403, 422)},
    summary="PNS reaching 10/20/30 years of service soon without that Satyalancana class (HR, executive, auditor)",
    operation_id="development_award_milestones",
)
def award_milestones(request, within_days: int = Query(award_rules.MILESTONE_WINDOW_DAYS, ge=0, le=730)):
    _reader(request)
    return selectors.service_milestones(request.user, within_days=within_days)


# After the fixed paths above: "/awards/{award_id}" would otherwise catch "/awards/top-performers".
@router.delete(
    "/awards/{award_id}",
    response={204: None, **error_responses(401, 403, 404, 422)},
    summary="Remove a wrong entry of the register, with a reason (HR of the agency); the audit keeps its values",
    operation_id="development_award_delete",
)
def award_delete(request, award_id: UUID, reason: str = Query("", max_length=500, description="Why it is removed.")):
    award = get_object_or_404(selectors.awards_visible_to(request.user).select_related("employee"),
                              public_id=award_id)
    services.award_remove(actor=request.user, award=award, reason=reason)
    return Status(204, None)
