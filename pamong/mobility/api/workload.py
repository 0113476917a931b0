"""/mobility/workload/analyses: the workload analyses (ABK; rules.md §5, PermenPANRB 1/2020).

The same rules as the pages: reads start from ``analyses_visible_to`` (the agency for HR/executive/auditor, the unit
tree for a unit head; 404 outside), writes go through ``services.workload`` (403 for anyone but the agency's HR
admin; 422 ``mobility.invalid_workload`` with a message per bad field, keyed ``tasks.<i>.<field>`` for task rows).
"""

from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from pamong.core.schemas import (
    InSchema,
    PublicIdOut,
    Text,
    UnitRef,
    error_responses,
    limit_param,
    offset_param,
    page_of,
)
from pamong.people.models import Position

from ..models import WorkloadAnalysis
from ..selectors.workload import analyses_visible_to, analysis_list, units_in_scope
from ..services import workload as services
from ..workload_audit import WorkloadError

UNKNOWN_POSITION = "mobility.unknown_position"


class WorkloadPositionRef(PublicIdOut):
    name: str


class WorkloadTaskIn(InSchema):
    name: Text = Field(..., max_length=300)
    volume: Decimal = Field(..., description="Outputs a year (> 0, at most 2 decimals).")
    norm_minutes: Decimal = Field(..., description="Minutes per output (> 0, at most 2 decimals).")
    output_unit: Text = Field("", max_length=60)


class WorkloadAnalysisIn(InSchema):
    position: UUID
    year: int = Field(..., description="2000 to 2100.")
    wke_minutes: int | None = Field(None, description="Effective working time in minutes a year; default: the "
                                                      "analysis' own when replacing, else the Pemda's (75,000 = "
                                                      "1,250 h).")
    # at most 200 tasks (more: 422 mobility.invalid_workload from the service); the schema's own cap only bounds
    # the parsing of a hostile body
    tasks: list[WorkloadTaskIn] = Field(..., max_length=5 * services.MAX_TASKS,
                                        description="At most 200 tasks.")
    note: Text = Field("", max_length=500)


class WorkloadTaskOut(Schema):
    name: str
    output_unit: str
    volume: Decimal
    norm_minutes: Decimal
    workload_minutes: Decimal

    @staticmethod
    def resolve_workload_minutes(obj) -> Decimal:
        return obj.volume * obj.norm_minutes


class WorkloadAnalysisOut(PublicIdOut):
    position: WorkloadPositionRef
    unit: UnitRef
    year: int
    wke_minutes: int
    rounding: str
    workload_minutes: Decimal
    need: Decimal = Field(..., description="Employees needed, decimal: Σ workload / WKE.")
    need_rounded: int = Field(..., description="Whole people by the Pemda's rounding (up by default).")
    staff: int = Field(..., description="Active holders (PNS, CPNS, PPPK) when last saved or recounted.")
    shortage: int = Field(..., description="need_rounded − staff: positive missing, negative surplus.")
    vacancies: int = Field(..., description="max(shortage, 0): formasi to fill.")
    ej: Decimal | None = Field(..., description="Job efficiency Σ workload / (staff × WKE); null without staff.")
    band: str
    note: str
    tasks: list[WorkloadTaskOut]

    @staticmethod
    def resolve_unit(obj):
        return obj.org_unit

    @staticmethod
    def resolve_shortage(obj) -> int:
        return obj.need_rounded - obj.staff

    @staticmethod
    def resolve_vacancies(obj) -> int:
        return max(obj.need_rounded - obj.staff, 0)

    @staticmethod
    def resolve_tasks(obj) -> list:
        return list(obj.tasks.all())


class WorkloadAnalysisPageOut(Schema):
    count: int
    items: list[WorkloadAnalysisOut]


def _analysis(request, analysis_id: UUID) -> WorkloadAnalysis:
    return get_object_or_404(analyses_visible_to(request.user).select_related("position", "org_unit")
                             .prefetch_related("tasks"), public_id=analysis_id)


def workload_list(request, year: int | None = None, unit: UUID | None = None, limit: int = limit_param(),
                  offset: int = offset_param()):
    scope_unit = None
    if unit is not None:
        scope_unit = get_object_or_404(units_in_scope(request.user), public_id=unit)
    analyses = analysis_list(request.user, year=year, unit=scope_unit).prefetch_related("tasks")
    return page_of(analyses, limit, offset)


def workload_save(request, payload: WorkloadAnalysisIn):
    if not services.can_manage_workload(request.user, request.user.pemda_id):
        raise PermissionDenied(_("Only the agency's HR administrator may change its workload analyses."))
    position = Position.objects.filter(pemda_id=request.user.pemda_id, public_id=payload.position).first()
    if position is None:
        message = _("Unknown position.")
        raise WorkloadError(message, code=UNKNOWN_POSITION, extra={"fields": {"position": [message]}})
    analysis, _created = services.analysis_save(
        actor=request.user, position=position, year=payload.year, wke_minutes=payload.wke_minutes,
        note=payload.note, tasks=[task.model_dump() for task in payload.tasks])
    return Status(201, _analysis(request, analysis.public_id))


def workload_detail(request, analysis_id: UUID):
    return _analysis(request, analysis_id)


def build_router() -> Router:
    """A router with the operations (a ninja router belongs to one API: tests build their own)."""
    router = Router()
    router.get("/workload/analyses", response={200: WorkloadAnalysisPageOut, **error_responses(401, 404, 422)},
               summary="Workload analyses the caller may see (HR, executive, auditor: the agency; a unit head: the "
                       "unit's tree)", operation_id="mobility_workload_list")(workload_list)
    router.post("/workload/analyses", response={201: WorkloadAnalysisOut, **error_responses(401, 403, 422)},
                summary="Create or replace a position's workload analysis for a year (the agency's HR admin)",
                description="The tasks replace the stored ones; need, rounding, staff, EJ and band are computed "
                            "(rules.md §5). Bad rows: 422 `mobility.invalid_workload` with `tasks.<i>.<field>`; "
                            "a position outside the agency: 422 `mobility.unknown_position`.",
                operation_id="mobility_workload_save")(workload_save)
    router.get("/workload/analyses/{analysis_id}", response={200: WorkloadAnalysisOut, **error_responses(401, 404, 422)},
               summary="One workload analysis with its tasks and figures",
               operation_id="mobility_workload_detail")(workload_detail)
    return router


router = build_router()
