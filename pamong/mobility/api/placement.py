"""/placements/runs (issue #13 "right person in the right post"): solve, read, compare with HR's plan.

Runs are read by HR, the executive and the auditor of the agency (404 outside: another agency's run, or nobody's
business); only the agency's HR runs them (403). Refusals: 422 mobility.unknown_reference (a position or employee
not of the agency), mobility.too_large (more than 3,000 either side), mobility.invalid_placement (weights,
threshold, filter); 403 mobility.self_decision (the caller among the listed candidates).
"""

from datetime import datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from pamong.core.schemas import InSchema, PublicIdOut, error_responses, limit_param, offset_param, page_of
from pamong.people.models import Pemda

from ..models import PlacementRun
from ..placement.scoring import DEFAULT_WEIGHTS
from ..placement_audit import field_error
from ..selectors.placement import (
    loss_if_overridden,
    matrix_as_lists,
    plan_comparison,
    run_list,
    run_matrix,
    runs_visible_to,
)
from ..services import placement as services

router = Router()


class FilterIn(InSchema):
    unit: UUID | None = Field(None, description="A unit: its whole subtree.")
    golongan_min: str | None = Field(None, max_length=8, examples=["III/a"])
    golongan_max: str | None = Field(None, max_length=8, examples=["III/d"])
    kind: str | None = Field(None, max_length=16, description="The kind of the candidate's current position.")
    talent_pool: bool | None = Field(None, description="Only the talent pool of the latest talent review (boxes "
                                                       "7–9, KRS instansi).")


class WeightsIn(InSchema):
    competency: float | None = Field(None, description=f"Default {DEFAULT_WEIGHTS['competency']}")
    education: float | None = Field(None, description=f"Default {DEFAULT_WEIGHTS['education']}")
    field: float | None = Field(None, description=f"Default {DEFAULT_WEIGHTS['field']}")
    rank: float | None = Field(None, description=f"Default {DEFAULT_WEIGHTS['rank']}")
    predikat: float | None = Field(None, description=f"Default {DEFAULT_WEIGHTS['predikat']}")
    tenure: float | None = Field(None, description=f"Default {DEFAULT_WEIGHTS['tenure']}")
    unit: float | None = Field(None, description=f"Default {DEFAULT_WEIGHTS['unit']}")


class ConstraintsIn(InSchema):
    min_score: float | None = Field(None, description="Leave a post empty rather than fill it below this score "
                                                      "(0–1).")
    exclude: list[tuple[UUID, UUID]] = Field(default_factory=list, max_length=100_000,
                                             description="[employee, position] pairs never to choose.")


class RunIn(InSchema):
    positions: list[UUID] = Field(..., max_length=10_000, description="The vacancies (public ids).")
    candidates: list[UUID] | None = Field(None, max_length=10_000, description="Employee public ids; or `filter`.")
    filter: FilterIn | None = None
    weights: WeightsIn | None = None
    constraints: ConstraintsIn | None = None
    name: str = Field("", max_length=200)


class RunnerUpOut(Schema):
    employee: UUID
    score: float


class PairOut(Schema):
    employee: UUID
    position: UUID
    score: float
    components: dict[str, float]
    runner_up: RunnerUpOut | None = None


class RunSummaryOut(PublicIdOut):
    name: str
    created_at: datetime
    status: str
    total_score: float
    solver: str
    solve_seconds: float
    position_count: int
    candidate_count: int
    assigned_count: int

    @staticmethod
    def resolve_position_count(obj) -> int:
        return len(obj.positions)

    @staticmethod
    def resolve_candidate_count(obj) -> int:
        return len(obj.candidates)

    @staticmethod
    def resolve_assigned_count(obj) -> int:
        return len(obj.assignment)


class RunOut(RunSummaryOut):
    weights: dict[str, float]
    constraints: dict
    positions: list[UUID] = Field(description="The matrix's columns in order.")
    candidates: list[UUID] = Field(description="The matrix's rows in order.")
    assignment: list[PairOut]
    unfilled: list[UUID]
    scores: list[list[float | None]] = Field(description="Candidates × positions; null for excluded pairs.")
    manual_plan: list[dict]
    comparison: dict | None = Field(None, description="HR's manual plan against the optimum.")

    @staticmethod
    def resolve_scores(obj) -> list:
        return matrix_as_lists(run_matrix(obj))

    @staticmethod
    def resolve_comparison(obj) -> dict | None:
        return plan_comparison(obj)


class RunPageOut(Schema):
    count: int
    items: list[RunSummaryOut]


def _run(request, run_id: UUID) -> PlacementRun:
    return get_object_or_404(runs_visible_to(request.user), public_id=run_id)


@router.get("/placements/runs", response={200: RunPageOut, **error_responses(401, 422)},
            summary="Placement runs of the agency, newest first (HR, executive, auditor)",
            operation_id="mobility_placement_run_list")
def run_list_op(request, limit: int = limit_param(), offset: int = offset_param()):
    return page_of(run_list(request.user).defer("scores"), limit, offset)


@router.post("/placements/runs", response={201: RunOut, **error_responses(401, 403, 422)},
             summary="Solve a placement: the assignment of the candidates to the vacancies maximising total fit "
                     "(HR of the agency)",
             description="Exactly (scipy.optimize.linear_sum_assignment); excluded pairs never chosen; with "
                         "`constraints.min_score` a post stays empty rather than filled below it. Another agency's "
                         "position or employee: 422 `mobility.unknown_reference`; more than 3,000 either side: 422 "
                         "`mobility.too_large`; the caller among `candidates`: 403 `mobility.self_decision` (a "
                         "`filter` pool leaves the caller out instead).",
             operation_id="mobility_placement_run_create")
def run_create(request, payload: RunIn):
    if payload.candidates is not None and payload.filter is not None:
        raise field_error("filter", _("Give either candidates or a filter, not both."))
    pemda = Pemda.objects.filter(pk=request.user.pemda_id).first() if request.user.pemda_id else None
    if pemda is None:
        raise PermissionDenied
    constraints = payload.constraints or ConstraintsIn()
    run = services.placement_run(
        request.user, pemda, [str(item) for item in payload.positions],
        candidates=None if payload.candidates is None else [str(item) for item in payload.candidates],
        filter=None if payload.candidates is not None else {
            key: (str(value) if value is not None else None)
            for key, value in (payload.filter.model_dump() if payload.filter else {}).items()},
        weights={k: v for k, v in (payload.weights.model_dump() if payload.weights else {}).items() if v is not None},
        constraints={"min_score": constraints.min_score,
                     "exclude": [[str(e), str(p)] for e, p in constraints.exclude]},
        name=payload.name)
    return Status(201, run)


@router.get("/placements/runs/{run_id}", response={200: RunOut, **error_responses(401, 404, 422)},
            summary="One placement run with its full score matrix", operation_id="mobility_placement_run_detail")
def run_detail(request, run_id: UUID):
    return _run(request, run_id)


class LossOut(Schema):
    employee: UUID
    position: UUID
    score: float | None = Field(description="The pair's score; null when the pair is excluded.")
    loss: float | None = Field(description="Optimal total − the best total with this pair forced; null when "
                                           "excluded.")
    forced_total: float | None


@router.get("/placements/runs/{run_id}/loss", response={200: LossOut, **error_responses(401, 404, 422)},
            summary="The loss of total fit if HR places this employee in this position instead of the optimum",
            operation_id="mobility_placement_run_loss")
def run_loss(request, run_id: UUID, employee: UUID, position: UUID):
    run = _run(request, run_id)
    try:
        return loss_if_overridden(run, str(employee), str(position))
    except ValueError:
        raise field_error("employee", _("The employee or the position is not part of this run."),
                          "mobility.unknown_reference") from None


class PlacementPlanIn(InSchema):
    pairs: list[tuple[UUID, UUID]] = Field(..., max_length=10_000, description="[employee, position] pairs.")


class ComparisonOut(Schema):
    manual_total: float
    optimal_total: float
    difference: float
    differing: list[dict]


@router.post("/placements/runs/{run_id}/manual-plan", response={200: ComparisonOut,
                                                                **error_responses(401, 403, 404, 422)},
             summary="Record HR's own plan for the run and compare it with the optimum (HR of the agency)",
             description="A pair the hard constraints exclude: 422 `mobility.excluded_pair`.",
             operation_id="mobility_placement_run_manual_plan")
def run_manual_plan(request, run_id: UUID, payload: PlacementPlanIn):
    run = _run(request, run_id)
    return services.placement_manual_plan(request.user, run, [[str(e), str(p)] for e, p in payload.pairs])
