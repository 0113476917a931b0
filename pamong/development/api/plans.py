"""Development API: individual development plans (/development/plans), their items and agreement."""

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import AfterValidator

from pamong.approvals.choices import Outcome
from pamong.approvals.permissions import can_act_on_step
from pamong.approvals.services import step_act
from pamong.core.schemas import (
    MAX_YEAR,
    MIN_YEAR,
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
from pamong.core.text import multi_line
from pamong.people.selectors import employees_visible_to

from ..choices import ActivityForm, PlanItemStatus, PlanOrigin, PlanStatus
from ..errors import DevelopmentError
from ..models import Competency, DevelopmentPlan
from ..selectors.plans import (
    awaiting_step,
    decorate_items,
    open_activities,
    plan_detail_queryset,
    plans_visible_to,
    with_detail,
)
from ..services import plans as services

router = Router()
Lines = Annotated[Text, AfterValidator(multi_line)]
UNKNOWN_REFERENCE = "development.unknown_reference"


def _unknown(field: str) -> DevelopmentError:
    message = _("Unknown or inaccessible object.")
    return DevelopmentError(message, code=UNKNOWN_REFERENCE, extra={"fields": {field: [message]}})


class ItemOut(PublicIdOut):
    description: str
    competency: str | None = Field(None, description="The competency's code.")
    current_level: int | None
    target_level: int | None
    activity_id: UUID | None = Field(None, description="The linked catalogue activity.")
    activity_title: str | None
    form: str
    target_date: date | None
    planned_jp: int
    status: PlanItemStatus = Field(..., description="done once the employee's enrolment in the activity is completed.")

    @staticmethod
    def resolve_competency(obj) -> str | None:
        return obj.competency.code if obj.competency_id else None

    @staticmethod
    def resolve_activity_id(obj) -> UUID | None:
        return obj.activity.public_id if obj.activity_id else None

    @staticmethod
    def resolve_activity_title(obj) -> str | None:
        return obj.activity.title if obj.activity_id else None

    @staticmethod
    def resolve_status(obj) -> str:
        return getattr(obj, "effective_status", obj.status)


class DevelopmentPlanOut(PublicIdOut):
    employee: EmployeeRef
    year: int
    status: PlanStatus
    origin: PlanOrigin
    predikat: str = Field(..., description="The predikat that led to a follow-up plan.")
    due_date: date | None
    agreed_at: datetime | None


class DevelopmentPlanDetailOut(DevelopmentPlanOut):
    goal: str
    items: list[ItemOut]
    awaiting_your_agreement: bool

    @staticmethod
    def resolve_items(obj) -> list:
        return decorate_items(obj)

    @staticmethod
    def resolve_awaiting_your_agreement(obj, context) -> bool:
        request = context["request"]
        step = awaiting_step(request.user, obj)
        return step is not None and can_act_on_step(request.user, step)


class DevelopmentPlanPageOut(Schema):
    count: int
    items: list[DevelopmentPlanOut]


class DevelopmentPlanFilters(Schema):
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR)
    status: PlanStatus | None = None
    origin: PlanOrigin | None = None
    employee: UUID | None = Field(None, description="Only this employee's plans.")


class DevelopmentPlanCreateIn(InSchema):
    employee: UUID = Field(..., description="The employee (own, a direct report, or any of the agency for HR).")
    year: int = Field(..., ge=MIN_YEAR, le=MAX_YEAR)


class ItemCreateIn(InSchema):
    description: Lines = Field(..., min_length=1, max_length=2000)
    competency: str | None = Field(None, max_length=32, description="A competency code of the agency.")
    target_level: int | None = Field(None, ge=1, le=5)
    activity_id: UUID | None = Field(None, description="An open catalogue activity.")
    form: ActivityForm | None = None
    target_date: Day | None = None
    planned_jp: int | None = Field(None, ge=0, le=1000)


class DevelopmentPlanApproveIn(InSchema):
    approve: bool
    reason: Lines = Field("", max_length=2000, description="Required when sending the plan back.")


def _detail(request, plan: DevelopmentPlan) -> DevelopmentPlan:
    return plan_detail_queryset(request.user).get(pk=plan.pk)


def _plan(request, plan_id: UUID) -> DevelopmentPlan:
    return get_object_or_404(plan_detail_queryset(request.user), public_id=plan_id)


@router.get("/plans", response={200: DevelopmentPlanPageOut, **error_responses(401, 422)},
            summary="List the development plans the actor may see (own, their line; HR, executive, auditor: agency)",
            operation_id="development_plan_list")
def plan_list(request, filters: Query[DevelopmentPlanFilters], limit: int = limit_param(), offset: int = offset_param()):
    plans = plans_visible_to(request.user).select_related("employee")
    if filters.year is not None:
        plans = plans.filter(year=filters.year)
    if filters.status is not None:
        plans = plans.filter(status=filters.status.value)
    if filters.origin is not None:
        plans = plans.filter(origin=filters.origin.value)
    if filters.employee is not None:
        plans = plans.filter(employee__public_id=filters.employee)
    return page_of(plans.order_by("-year", "employee__name", "pk"), limit, offset)


@router.post("/plans", response={201: DevelopmentPlanDetailOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Draft an employee's plan of a year from their competency gaps (and latest predikat)",
             description="409 `development.plan_exists` when the employee has a plan for the year.",
             operation_id="development_plan_create")
def plan_create(request, payload: DevelopmentPlanCreateIn):
    employee = get_object_or_404(employees_visible_to(request.user), public_id=payload.employee)
    plan = services.plan_draft(actor=request.user, employee=employee, year=payload.year)
    return Status(201, _detail(request, plan))


@router.get("/plans/{plan_id}", response={200: DevelopmentPlanDetailOut, **error_responses(401, 404, 422)},
            summary="One development plan with its items (status done read from completed enrolments)",
            operation_id="development_plan_detail")
def plan_detail(request, plan_id: UUID):
    return _plan(request, plan_id)


@router.post("/plans/{plan_id}/items", response={201: ItemOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Add an item to a draft or returned plan",
             description="409 `development.plan_locked` once the plan is submitted or agreed.",
             operation_id="development_plan_item_create")
def plan_item_create(request, plan_id: UUID, payload: ItemCreateIn):
    plan = _plan(request, plan_id)
    competency = activity = None
    if payload.competency:
        competency = Competency.objects.filter(pemda_id=plan.pemda_id, code=payload.competency).first()
        if competency is None:
            raise _unknown("competency")
    if payload.activity_id is not None:
        activity = open_activities(request.user).filter(public_id=payload.activity_id).first()
        if activity is None:
            raise _unknown("activity_id")
    item = services.plan_item_add(
        actor=request.user, plan=plan, description=payload.description, competency=competency,
        target_level=payload.target_level, activity=activity, form=payload.form.value if payload.form else "",
        target_date=payload.target_date, planned_jp=payload.planned_jp)
    return Status(201, item)


@router.post("/plans/{plan_id}/submit", response={200: DevelopmentPlanDetailOut, **error_responses(401, 403, 404, 409, 422)},
             summary="The employee sends their plan to their supervisor for agreement",
             description="422 `development.plan_empty` without items; 409 `development.plan_locked` when not a draft.",
             operation_id="development_plan_submit")
def plan_submit(request, plan_id: UUID):
    plan = _plan(request, plan_id)
    return _detail(request, services.plan_submit(actor=request.user, plan=plan))


@router.post("/plans/{plan_id}/approve", response={200: DevelopmentPlanDetailOut, **error_responses(401, 403, 404, 409, 422)},
             summary="The supervisor agrees to a submitted plan, or sends it back with a reason",
             description="409 `development.plan_not_submitted` when no agreement is awaited; 403 for anyone but the "
                         "approver (the employee never approves their own plan).",
             operation_id="development_plan_approve")
def plan_approve(request, plan_id: UUID, payload: DevelopmentPlanApproveIn):
    plan = get_object_or_404(DevelopmentPlan.objects.select_related("employee"), public_id=plan_id)
    step = awaiting_step(request.user, plan)
    if step is None:
        if not plans_visible_to(request.user).filter(pk=plan.pk).exists():
            raise Http404
        if plan.status != PlanStatus.SUBMITTED:
            raise DevelopmentError(_("This plan is not awaiting agreement."), code=services.NOT_SUBMITTED,
                                   http_status=409)
        raise PermissionDenied
    reason = payload.reason.strip()
    if not payload.approve and not reason:
        message = _("Say what should change.")
        raise DevelopmentError(message, code="development.reason_required", extra={"fields": {"reason": [message]}})
    step_act(actor=request.user, step=step, outcome=(Outcome.APPROVE if payload.approve else Outcome.CHANGE).value,
             reason=reason)
    return _detail_any(plan)


def _detail_any(plan: DevelopmentPlan) -> DevelopmentPlan:
    """The plan after the approver's answer (an acting official may not see it otherwise)."""
    return with_detail(DevelopmentPlan.objects.filter(pk=plan.pk)).get()
