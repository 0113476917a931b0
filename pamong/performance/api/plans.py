"""/performance/plans: the SKP, its work results and indicators, agreement and new versions."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from pamong.approvals.choices import Outcome, StepState
from pamong.approvals.models import ApprovalStep
from pamong.approvals.services import step_act
from pamong.core.schemas import (
    MAX_YEAR,
    MIN_YEAR,
    EmployeeRef,
    InSchema,
    NonNegativeAmount,
    PublicIdOut,
    UnitRef,
    error_responses,
    limit_param,
    offset_param,
    page_of,
)
from pamong.people.models import Employee
from pamong.people.selectors import actor_employee

from .. import errors, rules
from ..choices import Aspect, CoreValue, Direction, IndicatorSource, PlanStatus, ResultKind
from ..errors import PerformanceError
from ..models import Evaluation, Skp, SkpIndicator, SkpResult
from ..selectors import indicator_library, settings_for, skps_visible_to
from ..services import YEARS, skp_create, skp_indicator_add, skp_result_add, skp_revise, skp_submit
from ._common import _evaluation_queryset, _plan, _unknown
from .schemas import EvaluationOut, Lines, _uuid

router = Router()

# The SKP has no approval step waiting for an answer (a draft, or already decided): 409.
NOT_SUBMITTED = "performance.plan_not_submitted"


def _own_employee(request) -> Employee:
    """The caller's employee record: one drafts only one's own SKP."""
    me = actor_employee(request.user)
    if me is None:
        raise PermissionDenied
    return me


class IndicatorOut(PublicIdOut):
    result_id: UUID
    name: str
    aspect: Aspect
    target_value: Decimal
    unit: str
    direction: Direction
    source: IndicatorSource
    template_id: UUID | None

    @staticmethod
    def resolve_result_id(obj) -> UUID:
        return obj.result.public_id

    @staticmethod
    def resolve_template_id(obj) -> UUID | None:
        return _uuid(obj, "template_id")


class ResultOut(PublicIdOut):
    text: str
    kind: ResultKind
    perspective: str
    parent_result_id: UUID | None = Field(
        None, description="The appraiser's work result this one supports (RHK atasan yang diintervensi).")
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_parent_result_id(obj) -> UUID | None:
        return _uuid(obj, "parent_id")

    @staticmethod
    def resolve_indicators(obj) -> list[SkpIndicator]:
        return list(obj.indicators.all())


class ResultRef(PublicIdOut):
    text: str
    kind: ResultKind


class BehaviourOut(Schema):
    value: CoreValue
    label: str
    guides: list[str] = Field(..., description="The three panduan perilaku of the value.")
    expectation: str = Field(..., description="The appraiser's specific expectation (ekspektasi khusus pimpinan).")

    @staticmethod
    def resolve_label(obj) -> str:
        return str(CoreValue(obj.value).label)

    @staticmethod
    def resolve_guides(obj) -> list[str]:
        return list(rules.CORE_VALUE_GUIDES.get(obj.value, ()))


class PlanOut(PublicIdOut):
    employee: EmployeeRef
    year: int
    version: int
    status: PlanStatus
    appraiser: EmployeeRef | None
    submitted_at: datetime | None
    approved_at: datetime | None


class PlanDetailOut(PlanOut):
    unit: UnitRef | None
    position: str | None
    supersedes: UUID | None = Field(None, description="The version this one replaces.")
    revision_reason: str
    supervisor_comment: str = Field(..., description="The appraiser's last comment (e.g. the changes asked for).")
    results: list[ResultOut]
    behaviours: list[BehaviourOut]
    evaluations: list[EvaluationOut]
    cascade_options: list[ResultRef] = Field(
        ..., description="The appraiser's work results of the year that a result may support (parent_result_id).")

    @staticmethod
    def resolve_unit(obj):
        return obj.org_unit

    @staticmethod
    def resolve_position(obj) -> str | None:
        return obj.position.name if obj.position_id else None

    @staticmethod
    def resolve_supersedes(obj) -> UUID | None:
        return _uuid(obj, "supersedes_id")

    @staticmethod
    def resolve_results(obj) -> list[SkpResult]:
        return list(obj.results.all())

    @staticmethod
    def resolve_behaviours(obj) -> list:
        return list(obj.behaviours.all())

    @staticmethod
    def resolve_evaluations(obj) -> list[Evaluation]:
        return list(obj.evaluations.all())

    @staticmethod
    def resolve_cascade_options(obj) -> list[SkpResult]:
        return getattr(obj, "_cascade_options", [])


class PlanPageOut(Schema):
    count: int
    items: list[PlanOut]


def _plan_detail_queryset(actor) -> QuerySet[Skp]:
    indicators = SkpIndicator.objects.select_related("template").order_by("pk")
    results = SkpResult.objects.select_related("parent").prefetch_related(Prefetch("indicators", queryset=indicators))
    return skps_visible_to(actor).select_related(
        "employee", "appraiser", "org_unit", "position", "supersedes"
    ).prefetch_related(
        Prefetch("results", queryset=results.order_by("order", "pk")),
        "behaviours",
        Prefetch("evaluations", queryset=_evaluation_queryset().order_by("period", "pk")),
    )


def _with_extras(skp: Skp) -> Skp:
    """Add what the detail shows beyond the plan's own rows: the cascade options, the objection window."""
    skp._cascade_options = []
    if skp.appraiser_id:
        skp._cascade_options = list(
            SkpResult.objects.filter(skp__employee_id=skp.appraiser_id, skp__year=skp.year)
            .exclude(skp__status=PlanStatus.SUPERSEDED).order_by("order", "pk"))
    window = settings_for(skp.pemda_id).objection_window_days
    for evaluation in skp.evaluations.all():
        evaluation._objection_window_days = window
    return skp


def _detail(request, skp: Skp) -> Skp:
    """The plan re-read through the actor's scope with everything the detail shows."""
    return _with_extras(_plan_detail_queryset(request.user).get(pk=skp.pk))


class PlanFilters(Schema):
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR)
    employee: UUID | None = Field(None, description="Only this employee's plans.")
    status: PlanStatus | None = None


class PlanCreateIn(InSchema):
    year: int = Field(..., ge=YEARS[0], le=YEARS[-1], description="The performance year of the caller's new SKP.")


@router.get(
    "/plans",
    response={200: PlanPageOut, **error_responses(401, 422)},
    summary="List the SKPs the actor may see (own, subordinates'; HR, executive and auditor: the agency)",
    operation_id="performance_plan_list",
)
def plan_list(request, filters: Query[PlanFilters], limit: int = limit_param(), offset: int = offset_param()):
    plans = skps_visible_to(request.user).select_related("employee", "appraiser")
    if filters.year is not None:
        plans = plans.filter(year=filters.year)
    if filters.employee is not None:
        plans = plans.filter(employee__public_id=filters.employee)
    if filters.status is not None:
        plans = plans.filter(status=filters.status.value)
    return page_of(plans.order_by("-year", "employee__name", "employee_id", "-version"), limit, offset)


@router.post(
    "/plans",
    response={201: PlanDetailOut, **error_responses(401, 403, 409, 422)},
    summary="Start the caller's own SKP for a year (a draft with the seven BerAKHLAK values)",
    description="409 `performance.plan_exists` when the caller already has an SKP for the year.",
    operation_id="performance_plan_create",
)
def plan_create(request, payload: PlanCreateIn):
    skp = skp_create(actor=request.user, employee=_own_employee(request), year=payload.year)
    return Status(201, _detail(request, skp))


@router.get(
    "/plans/{plan_id}",
    response={200: PlanDetailOut, **error_responses(401, 404, 422)},
    summary="One SKP: results with indicators, behaviour expectations, status, version, appraiser, ratings",
    operation_id="performance_plan_detail",
)
def plan_detail(request, plan_id: UUID):
    return _with_extras(get_object_or_404(_plan_detail_queryset(request.user), public_id=plan_id))


class ResultCreateIn(InSchema):
    text: Lines = Field(..., min_length=1, max_length=500, description="The work result (RHK), not an activity.")
    kind: ResultKind = ResultKind.MAIN
    parent_result_id: UUID | None = Field(
        None, description="The appraiser's result it supports (one of cascade_options); required for JA/JF when the "
                          "appraiser has results.")
    perspective: Lines = Field("", max_length=40, description="JPT only: the perspective (e.g. Penerima Layanan).")


@router.post(
    "/plans/{plan_id}/results",
    response={201: ResultOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Add a work result (RHK) to the caller's draft SKP",
    operation_id="performance_result_create",
)
def result_create(request, plan_id: UUID, payload: ResultCreateIn):
    skp = _plan(request, plan_id)
    parent = None
    if payload.parent_result_id is not None:
        # Only the appraiser's results are candidates; anything else is reported like an unknown id.
        parent = (SkpResult.objects.select_related("skp")
                  .filter(public_id=payload.parent_result_id, skp__employee_id=skp.appraiser_id).first())
        if parent is None:
            raise _unknown("parent_result_id")
    result = skp_result_add(actor=request.user, skp=skp, text=payload.text, kind=payload.kind.value, parent=parent,
                            perspective=payload.perspective)
    return Status(201, result)


class IndicatorCreateIn(InSchema):
    name: Lines = Field("", max_length=300, description="Taken from the template when omitted.")
    aspect: Aspect | None = Field(None, description="Required unless a template gives it.")
    target_value: NonNegativeAmount
    unit: Lines = Field("", max_length=40)
    direction: Direction = Direction.HIGHER_IS_BETTER
    template_id: UUID | None = Field(None, description="An entry of the indicator library.")


@router.post(
    "/results/{result_id}/indicators",
    response={201: IndicatorOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Add a measurable indicator (IKI) with its target to a work result of the caller's draft SKP",
    operation_id="performance_indicator_create",
)
def indicator_create(request, result_id: UUID, payload: IndicatorCreateIn):
    result = get_object_or_404(
        SkpResult.objects.select_related("skp").filter(skp__in=skps_visible_to(request.user)), public_id=result_id)
    template = None
    if payload.template_id is not None:
        template = indicator_library(request.user).filter(public_id=payload.template_id).first()
        if template is None:
            raise _unknown("template_id")
    indicator = skp_indicator_add(
        actor=request.user, result=result, name=payload.name, aspect=payload.aspect.value if payload.aspect else "",
        target_value=payload.target_value, unit=payload.unit, direction=payload.direction.value, template=template)
    return Status(201, indicator)


@router.post(
    "/plans/{plan_id}/submit",
    response={200: PlanDetailOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Send the caller's draft SKP to the appraiser for agreement",
    operation_id="performance_plan_submit",
)
def plan_submit(request, plan_id: UUID):
    skp = _plan(request, plan_id)
    return _detail(request, skp_submit(actor=request.user, skp=skp))


class PlanDecision(StrEnum):
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"


class PlanApproveIn(InSchema):
    outcome: PlanDecision
    comment: Lines = Field("", max_length=4000, description="Required with request_changes: the changes asked for.")


@router.post(
    "/plans/{plan_id}/approve",
    response={200: PlanDetailOut, **error_responses(401, 403, 404, 409, 422)},
    summary="The appraiser agrees to a submitted SKP (locks it) or asks for changes",
    description="409 `performance.plan_not_submitted` when no agreement is awaited; 409 `approvals.step_not_active` "
                "when it was answered a moment ago.",
    operation_id="performance_plan_approve",
)
def plan_approve(request, plan_id: UUID, payload: PlanApproveIn):
    skp = _plan(request, plan_id)
    comment = payload.comment.strip()
    step = None
    if skp.process_id:
        step = ApprovalStep.objects.filter(process_id=skp.process_id, state=StepState.ACTIVE).first()
    if step is None:
        me = actor_employee(request.user)
        if me is None or me.pk != skp.appraiser_id:
            raise PermissionDenied
        raise PerformanceError(_("This SKP is not awaiting agreement."), code=NOT_SUBMITTED, http_status=409)
    if payload.outcome == PlanDecision.REQUEST_CHANGES and not comment:
        message = _("Say which changes are needed.")
        raise PerformanceError(message, code=errors.REASON_REQUIRED, extra={"fields": {"comment": [message]}})
    outcome = Outcome.APPROVE if payload.outcome == PlanDecision.APPROVE else Outcome.CHANGE
    step_act(actor=request.user, step=step, outcome=outcome.value, reason=comment)
    return _detail(request, skp)


class PlanReviseIn(InSchema):
    reason: Lines = Field(..., max_length=2000, description="Why the agreed SKP changes (recorded with the version).")


@router.post(
    "/plans/{plan_id}/revise",
    response={201: PlanDetailOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Open a new version of an agreed SKP, with a reason; returns the new version (a draft)",
    operation_id="performance_plan_revise",
)
def plan_revise(request, plan_id: UUID, payload: PlanReviseIn):
    skp = _plan(request, plan_id)
    return Status(201, _detail(request, skp_revise(actor=request.user, skp=skp, reason=payload.reason)))
