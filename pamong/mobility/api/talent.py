"""/talent/boxes, /talent/pool and /succession/plans (issue #13; rules.md §6, PermenPANRB 3/2020 as amended by 20/2025).

The 9-box and the pool are read in the caller's scope: the agency for HR, the executive and the auditor; the unit
tree for a unit head; their own entry for anybody else of the agency (403 without an agency). Succession plans are
read by the agency's HR, executive and auditor (404 outside) and created by its HR (403). Refusals: 422
mobility.unknown_reference (a position or employee not of the agency, a unit outside the caller's scope),
mobility.not_key_position, mobility.own_post, mobility.near_retirement, mobility.invalid_talent; 403
mobility.self_decision (HR naming themselves); 409 mobility.succession_plan_exists / mobility.already_candidate.
"""

from datetime import datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from pamong.core.schemas import InSchema, PublicIdOut, error_responses, limit_param, offset_param, page_of
from pamong.people.choices import PositionKind
from pamong.people.models import OrgUnit, Pemda

from .. import talent
from ..selectors import talent as reads
from ..services import talent as services
from ..talent_audit import UNKNOWN_REFERENCE, field_error

router = Router()


class TalentPersonOut(Schema):
    id: UUID
    name: str
    nip: str
    performance_score: float | None
    potential_score: float | None


class BoxOut(Schema):
    box: int
    performance: str = Field(description="low / medium / high (below / as / above expectation)")
    potential: str = Field(description="low / medium / high")
    in_pool: bool = Field(description="Boxes 7–9: the agency's succession group (KRS instansi).")
    follow_up: str
    count: int
    employees: list[TalentPersonOut]


class MoveOut(Schema):
    employee: UUID
    name: str
    from_box: int | None
    to_box: int | None


class MovementOut(Schema):
    from_year: int
    to_year: int
    matrix: list[list[int]] = Field(description="Rows: the earlier year's box 1–9 then none; columns likewise.")
    moves: list[MoveOut]


class BoxesOut(Schema):
    year: int | None
    computed_at: datetime | None
    total: int
    placed: int
    unplaced: dict[str, int] = Field(description="Employees without a box by reason: no_predikat, no_standard, "
                                                 "not_assessed, expired.")
    boxes: list[BoxOut]
    movement: MovementOut | None


class TalentQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Default: the latest review.")
    unit: UUID | None = Field(None, description="A unit in the caller's scope: its whole subtree.")


def _scope(request) -> reads.TalentScope:
    scope = reads.talent_scope(request.user)
    if not scope.any:
        raise PermissionDenied
    return scope


def _unit(scope: reads.TalentScope, unit_id: UUID | None) -> OrgUnit | None:
    if unit_id is None:
        return None
    found = reads.units_for_filter(scope).filter(public_id=unit_id).first()
    if found is None:
        raise field_error("unit", _("Unknown or inaccessible object."), UNKNOWN_REFERENCE)
    return found


def _person(entry) -> dict:
    return {"id": entry.employee.public_id, "name": entry.employee.full_name, "nip": entry.employee.nip,
            "performance_score": entry.performance_score, "potential_score": entry.potential_score}


@router.get("/talent/boxes", response={200: BoxesOut, **error_responses(401, 403, 422)},
            summary="The 9-box of a talent review (rules.md §6): counts and people per box, movement from the "
                    "previous stored year",
            description="Boxes numbered as PermenPANRB 3/2020: performance above expectation 4 / 7 / 9, as "
                        "expected 2 / 5 / 8, below 1 / 3 / 6 (potential low / medium / high). Scoped: the agency "
                        "(HR, executive, auditor), a unit head's tree, or the caller's own box.",
            operation_id="mobility_talent_boxes")
def boxes(request, query: Query[TalentQuery]):
    scope = _scope(request)
    unit = _unit(scope, query.unit)
    review = reads.review_of(scope.pemda_id, query.year)
    chart = reads.nine_box(scope, review, unit)
    moved = reads.movement(scope, review, chart, unit) if (scope.agency or scope.unit) else None
    return {
        "year": review.year if review else None, "computed_at": review.computed_at if review else None,
        "total": chart.total, "placed": chart.placed, "unplaced": chart.unplaced,
        "boxes": [{"box": box.number, "performance": box.performance, "potential": box.potential,
                   "in_pool": box.in_pool, "follow_up": box.follow_up, "count": box.count,
                   "employees": [_person(entry) for entry in box.people]} for box in chart.boxes.values()],
        "movement": None if moved is None else {
            "from_year": moved.from_year, "to_year": moved.to_year, "matrix": moved.matrix,
            "moves": [{"employee": m["entry"].employee.public_id, "name": m["entry"].employee.full_name,
                       "from_box": m["from"], "to_box": m["to"]} for m in moved.moves]},
    }


class ReviewIn(InSchema):
    year: int = Field(..., ge=2000, le=2100, description="The year to review: up to this year.")


@router.post("/talent/reviews", response={201: BoxesOut, **error_responses(401, 403, 422)},
             summary="Compute (or recompute) the agency's talent review of a year with the current settings (HR)",
             description="Every active employee is placed again; the year's earlier entries are replaced, other "
                         "years stay. Answers the agency's 9-box of that year. A year after this one: 422.",
             operation_id="mobility_talent_review_compute")
def review_compute(request, payload: ReviewIn):
    if not services.can_manage_talent(request.user, request.user.pemda_id):
        raise PermissionDenied
    pemda = get_object_or_404(Pemda, pk=request.user.pemda_id)
    with transaction.atomic():
        review = services.talent_review_compute(actor=request.user, pemda=pemda, year=payload.year)
    return Status(201, boxes(request, TalentQuery(year=review.year)))


class PoolEntryOut(Schema):
    employee: UUID
    name: str
    nip: str
    box: int
    performance_score: float | None
    potential_score: float | None
    position: str | None
    unit: str | None
    follow_up: str

    @staticmethod
    def resolve_employee(obj) -> UUID:
        return obj.employee.public_id

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.employee.full_name

    @staticmethod
    def resolve_nip(obj) -> str:
        return obj.employee.nip

    @staticmethod
    def resolve_position(obj) -> str | None:
        return obj.position.name if obj.position_id else None

    @staticmethod
    def resolve_unit(obj) -> str | None:
        return obj.org_unit.name if obj.org_unit_id else None

    @staticmethod
    def resolve_follow_up(obj) -> str:
        return str(talent.FOLLOW_UP[obj.box])


class PoolPageOut(Schema):
    year: int | None
    count: int
    items: list[PoolEntryOut]


class PoolQuery(TalentQuery):
    box: int | None = Field(None, ge=7, le=9)
    kind: str | None = Field(None, max_length=16, description="The kind of the employee's position.")


@router.get("/talent/pool", response={200: PoolPageOut, **error_responses(401, 403, 422)},
            summary="The talent pool (KRS instansi: boxes 7–9 of a review), best box first",
            operation_id="mobility_talent_pool")
def pool(request, query: Query[PoolQuery], limit: int = limit_param(), offset: int = offset_param()):
    scope = _scope(request)
    unit = _unit(scope, query.unit)
    if query.kind and query.kind not in PositionKind.values:
        raise field_error("kind", _("Unknown position kind."))
    review = reads.review_of(scope.pemda_id, query.year)
    page = page_of(reads.talent_pool(scope, review, unit=unit, box=query.box, kind=query.kind or ""), limit, offset)
    return {"year": review.year if review else None, **page}


# --- Succession plans --------------------------------------------------------------------------------------------


class CandidateIn(InSchema):
    employee: UUID
    readiness: talent.Readiness


class SuccessionPlanIn(InSchema):
    position: UUID = Field(description="A key position of the agency (JPT, administrator, functional).")
    note: str = Field("", max_length=2000)
    candidates: list[CandidateIn] = Field(default_factory=list, max_length=50)


class CandidateOut(PublicIdOut):
    employee: UUID
    name: str
    readiness: str
    score: float | None = Field(description="The placement fit for the position when added; null when a hard "
                                            "constraint excludes the pair.")
    components: dict[str, float]
    box: int | None
    development_item: UUID | None

    @staticmethod
    def resolve_employee(obj) -> UUID:
        return obj.employee.public_id

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.employee.full_name

    @staticmethod
    def resolve_development_item(obj) -> UUID | None:
        return obj.development_item.public_id if obj.development_item_id else None


class SuccessionPlanSummaryOut(PublicIdOut):
    position: UUID
    position_name: str
    unit: str
    note: str
    created_at: datetime
    candidate_count: int

    @staticmethod
    def resolve_position(obj) -> UUID:
        return obj.position.public_id

    @staticmethod
    def resolve_position_name(obj) -> str:
        return obj.position.name

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.position.org_unit.name


class SuggestionOut(Schema):
    employee: UUID
    name: str
    box: int
    score: float
    components: dict[str, float]


class SuccessionPlanOut(SuccessionPlanSummaryOut):
    candidates: list[CandidateOut]
    suggestions: list[SuggestionOut] = Field(description="The talent pool ranked by fit (HR only; empty "
                                                         "otherwise).")

    @staticmethod
    def resolve_candidates(obj) -> list:
        return obj.candidate_rows

    @staticmethod
    def resolve_suggestions(obj) -> list:
        return obj.suggestion_rows


class SuccessionPlanPageOut(Schema):
    count: int
    items: list[SuccessionPlanSummaryOut]


def _plan_out(request, plan):
    """The plan with its candidate count, candidates and (for HR) suggestions, ready for SuccessionPlanOut."""
    plan = reads.plan_list(request.user).get(pk=plan.pk)
    suggestions = (services.succession_suggestions(request.user, plan)
                   if services.can_manage_talent(request.user, plan.pemda_id) else [])
    plan.candidate_rows = reads.candidates_of(plan)
    plan.suggestion_rows = [{"employee": row["employee"].public_id, "name": row["employee"].full_name,
                             "box": row["box"], "score": row["score"], "components": row["components"]}
                            for row in suggestions]
    return plan


@router.get("/succession/plans", response={200: SuccessionPlanPageOut, **error_responses(401, 422)},
            summary="The agency's succession plans (HR, executive, auditor)",
            operation_id="mobility_succession_plan_list")
def plan_list(request, limit: int = limit_param(), offset: int = offset_param()):
    return page_of(reads.plan_list(request.user), limit, offset)


@router.post("/succession/plans", response={201: SuccessionPlanOut, **error_responses(401, 403, 409, 422)},
             summary="Create a succession plan for a key position, with candidates (HR of the agency)",
             description="Candidates are scored with the placement fit. The holder of the position: 422 "
                         "`mobility.own_post`; the caller: 403 `mobility.self_decision`; retiring within the "
                         "agency's margin: 422 `mobility.near_retirement`; another agency's position or employee: "
                         "422 `mobility.unknown_reference`; a position with a plan: 409.",
             operation_id="mobility_succession_plan_create")
def plan_create(request, payload: SuccessionPlanIn):
    pemda = Pemda.objects.filter(pk=request.user.pemda_id).first() if request.user.pemda_id else None
    if pemda is None:
        raise PermissionDenied
    with transaction.atomic():
        plan = services.succession_plan_create(
            actor=request.user, pemda=pemda, position=str(payload.position), note=payload.note,
            candidates=[(str(item.employee), item.readiness.value) for item in payload.candidates])
    return Status(201, _plan_out(request, plan))


@router.get("/succession/plans/{plan_id}", response={200: SuccessionPlanOut, **error_responses(401, 404, 422)},
            summary="One succession plan: candidates with readiness, fit and its components; suggestions for HR",
            operation_id="mobility_succession_plan_detail")
def plan_detail(request, plan_id: UUID):
    return _plan_out(request, get_object_or_404(reads.plans_visible_to(request.user), public_id=plan_id))


class CandidateIn(InSchema):
    employee: UUID = Field(..., description="An employee of the agency (not the post's holder, not the caller).")
    readiness: talent.Readiness


class ReadinessIn(InSchema):
    readiness: talent.Readiness


def _managed_plan(request, plan_id: UUID):
    plan = get_object_or_404(reads.plans_visible_to(request.user), public_id=plan_id)
    if not services.can_manage_talent(request.user, plan.pemda_id):
        raise PermissionDenied
    return plan


def _managed_candidate(request, plan_id: UUID, candidate_id: UUID):
    plan = _managed_plan(request, plan_id)
    return get_object_or_404(plan.candidates.select_related("employee", "plan", "plan__position"),
                             public_id=candidate_id)


@router.post("/succession/plans/{plan_id}/candidates",
             response={201: SuccessionPlanOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Add a candidate to a succession plan (HR of the agency)",
             description="Scored with the placement fit. The post's holder: 422 `mobility.own_post`; the caller: "
                         "403 `mobility.self_decision`; retiring within the margin: 422 `mobility.near_retirement`; "
                         "already a candidate: 409.",
             operation_id="mobility_succession_candidate_add")
def candidate_add(request, plan_id: UUID, payload: CandidateIn):
    plan = _managed_plan(request, plan_id)
    with transaction.atomic():
        services.succession_candidate_add(actor=request.user, plan=plan, employee=str(payload.employee),
                                          readiness=payload.readiness.value)
    return Status(201, _plan_out(request, plan))


@router.patch("/succession/plans/{plan_id}/candidates/{candidate_id}",
              response={200: SuccessionPlanOut, **error_responses(401, 403, 404, 422)},
              summary="Change a candidate's readiness (ready now, 1–2 years, later; HR of the agency)",
              operation_id="mobility_succession_candidate_update")
def candidate_update(request, plan_id: UUID, candidate_id: UUID, payload: ReadinessIn):
    candidate = _managed_candidate(request, plan_id, candidate_id)
    services.succession_candidate_update(actor=request.user, candidate=candidate, readiness=payload.readiness.value)
    return _plan_out(request, candidate.plan)


@router.delete("/succession/plans/{plan_id}/candidates/{candidate_id}",
               response={204: None, **error_responses(401, 403, 404, 422)},
               summary="Remove a candidate from a succession plan (HR of the agency; audited)",
               operation_id="mobility_succession_candidate_remove")
def candidate_remove(request, plan_id: UUID, candidate_id: UUID):
    candidate = _managed_candidate(request, plan_id, candidate_id)
    services.succession_candidate_remove(actor=request.user, candidate=candidate)
    return Status(204, None)


@router.post("/succession/plans/{plan_id}/candidates/{candidate_id}/develop",
             response={200: SuccessionPlanOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Put the candidate's top competency gap for the post into their development plan (HR)",
             description="No gap: 422 `mobility.no_gap`; their development plan already agreed: 409 "
                         "`development.plan_locked`.",
             operation_id="mobility_succession_candidate_develop")
def candidate_develop(request, plan_id: UUID, candidate_id: UUID):
    candidate = _managed_candidate(request, plan_id, candidate_id)
    services.succession_candidate_develop(actor=request.user, candidate=candidate)
    return _plan_out(request, candidate.plan)
