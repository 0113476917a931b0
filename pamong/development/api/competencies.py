"""/development/competencies, /standards, /assessments, /gaps: the dictionary, job standards, recorded levels and
gaps. Reads start from the actor's Pemda and scope (a foreign or out-of-scope object is a 404); writes go through
services.competencies (403 PermissionDenied, 422 with a stable ``code``). ``id`` is always the public UUID."""

from datetime import date
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
    UnitRef,
    error_responses,
    limit_param,
    offset_param,
    page_of,
)
from pamong.people.models import Position
from pamong.people.selectors import employees_visible_to, positions_visible_to

from ..choices import AssessmentSource, CompetencyKind
from ..errors import DevelopmentError
from ..models import Competency
from ..permissions import can_manage, can_view_development
from ..selectors import competencies as selectors
from ..services import competencies as services

router = Router()

UNKNOWN_REFERENCE = "development.unknown_reference"
INVALID_FILTER = "development.invalid_filter"


def _unknown(field: str) -> DevelopmentError:
    message = _("Unknown or inaccessible object.")
    return DevelopmentError(message, code=UNKNOWN_REFERENCE, extra={"fields": {field: [message]}})


class LevelOut(Schema):
    level: int
    descriptor: str


class CompetencyOut(PublicIdOut):
    code: str
    name: str
    kind: CompetencyKind
    field: str
    description: str
    is_active: bool
    levels: list[LevelOut]

    @staticmethod
    def resolve_levels(obj) -> list:
        return list(obj.levels.all())


class CompetencyPageOut(Schema):
    count: int
    items: list[CompetencyOut]


class CompetencyFilters(Schema):
    kind: CompetencyKind | None = None
    field: str | None = Field(None, max_length=100)
    q: str | None = Field(None, max_length=100, description="Part of the code or name.")
    active: bool | None = Field(True, description="Active entries only (default), deactivated (false) or all (null).")


class CompetencyIn(InSchema):
    code: Text = Field(..., min_length=1, max_length=32)
    name: Text = Field(..., min_length=1, max_length=200)
    kind: CompetencyKind
    field: Text = Field("", max_length=100, description="The field of a technical competency.")
    description: Text = Field("", max_length=2000)
    levels: list[Text] = Field(..., min_length=5, max_length=5,
                               description="The descriptors of levels 1 (lowest) to 5, in order.")


@router.get("/competencies", response={200: CompetencyPageOut, **error_responses(401, 422)},
            summary="The competency dictionary of the caller's agency", operation_id="development_competency_list")
def competency_list(request, filters: Query[CompetencyFilters], limit: int = limit_param(),
                    offset: int = offset_param()):
    competencies = selectors.competency_list(
        request.user, kind=filters.kind.value if filters.kind else "", field=filters.field or "",
        q=filters.q or "", active=filters.active).prefetch_related("levels")
    return page_of(competencies, limit, offset)


@router.post("/competencies", response={201: CompetencyOut, **error_responses(401, 403, 422)},
             summary="Add a competency with its five level descriptors (HR of the agency)",
             description="422 `development.competency_exists` when the code is already used in the agency.",
             operation_id="development_competency_create")
def competency_create(request, payload: CompetencyIn):
    if not request.user.pemda_id:
        raise PermissionDenied
    competency = services.competency_save(
        actor=request.user, pemda=request.user.pemda, code=payload.code, name=payload.name, kind=payload.kind.value,
        field=payload.field, description=payload.description,
        descriptors={level: text for level, text in enumerate(payload.levels, start=1)})
    return Status(201, Competency.objects.prefetch_related("levels").get(pk=competency.pk))


class CompetencyRef(PublicIdOut):
    code: str
    name: str
    kind: CompetencyKind


class StandardOut(Schema):
    competency: CompetencyRef
    required_level: int | None = Field(..., description="None: the position does not require it.")


class StandardsOut(Schema):
    position: UnitRef = Field(..., description="The position (id and name).")
    items: list[StandardOut]


class StandardIn(InSchema):
    competency_id: UUID
    required_level: int | None = Field(..., ge=1, le=5, description="1–5, or null to remove the requirement.")


class StandardsIn(InSchema):
    items: list[StandardIn] = Field(..., max_length=500)


def _position(request, position_id: UUID) -> Position:
    scope = positions_visible_to(request.user)
    if request.user.pemda_id:
        scope = scope.filter(pemda_id=request.user.pemda_id)
    return get_object_or_404(scope, public_id=position_id)


def _standards(position: Position) -> dict:
    rows = selectors.position_standards(position)
    return {"position": position, "items": [{"competency": row["competency"], "required_level": row["required"]}
                                            for row in rows]}


@router.get("/standards", response={200: StandardsOut, **error_responses(401, 404, 422)},
            summary="The job competency standard of a position: each active competency with the required level",
            operation_id="development_standard_list")
def standard_list(request, position: UUID):
    return _standards(_position(request, position))


@router.put("/standards", response={200: StandardsOut, **error_responses(401, 403, 404, 422)},
            summary="Set required levels of a position (HR of the agency); competencies not listed are unchanged",
            operation_id="development_standard_set")
def standard_set(request, payload: StandardsIn, position: UUID):
    target = _position(request, position)
    if not can_manage(request.user, target.pemda_id):
        raise PermissionDenied
    ids = [item.competency_id for item in payload.items]
    found = {c.public_id: c for c in Competency.objects.filter(pemda_id=target.pemda_id, public_id__in=ids)}
    levels = {}
    for index, item in enumerate(payload.items):
        competency = found.get(item.competency_id)
        if competency is None:
            raise _unknown(f"items.{index}.competency_id")
        levels[competency] = item.required_level
    services.standards_set(actor=request.user, position=target, levels=levels)
    return _standards(target)


class AssessmentIn(InSchema):
    employee_id: UUID
    competency_id: UUID
    level: int = Field(..., ge=1, le=5)
    source: AssessmentSource = Field(AssessmentSource.SUPERVISOR,
                                     description="A supervisor records \"supervisor\" only; HR any source.")
    assessed_on: Day
    valid_until: Day | None = None
    reference: Text = Field("", max_length=200)
    note: Text = Field("", max_length=2000)


class AssessmentOut(PublicIdOut):
    employee: EmployeeRef
    competency: CompetencyRef
    level: int
    source: AssessmentSource
    assessed_on: date
    valid_until: date | None
    reference: str


@router.post("/assessments", response={201: AssessmentOut, **error_responses(401, 403, 404, 422)},
             summary="Record a dated level of one competency of an employee (HR, or a supervisor up the line)",
             description="422 `development.self_assessment` for one's own competency.",
             operation_id="development_assessment_create")
def assessment_create(request, payload: AssessmentIn):
    # A body naming someone outside the actor's scope is a 422 like any unknown reference (the scope does not leak).
    employee = employees_visible_to(request.user).filter(public_id=payload.employee_id).first()
    if employee is None:
        raise _unknown("employee_id")
    competency = Competency.objects.filter(pemda_id=employee.pemda_id, public_id=payload.competency_id).first()
    if competency is None:
        raise _unknown("competency_id")
    assessment = services.assessment_record(
        actor=request.user, employee=employee, competency=competency, level=payload.level,
        source=payload.source.value, assessed_on=payload.assessed_on, valid_until=payload.valid_until,
        reference=payload.reference, note=payload.note)
    return Status(201, assessment)


class EmployeeGapOut(Schema):
    competency: CompetencyRef
    required: int
    current: int | None = Field(..., description="None: never assessed, or the latest assessment expired.")
    assessed_on: date | None
    gap: int


class GapLineOut(Schema):
    competency: CompetencyRef
    required: int = Field(..., description="Active employees whose position requires the competency.")
    assessed: int
    below: int = Field(..., description="Assessed and below the required level.")
    not_assessed: int = Field(..., description="Never assessed or expired (counted as the whole requirement).")
    total_gap: int
    average_gap: float


class GapsOut(Schema):
    employee: EmployeeRef | None = None
    unit: UnitRef | None = None
    employee_gaps: list[EmployeeGapOut] | None = Field(None, description="With ?employee=: per required competency.")
    competencies: list[GapLineOut] | None = Field(None, description="Otherwise: the gap map, biggest total first.")


@router.get("/gaps", response={200: GapsOut, **error_responses(401, 403, 404, 422)},
            summary="Competency gaps of an employee (?employee=), or the gap map of a unit (?unit=) or the agency",
            description="The agency map: HR, executive, auditor; a unit head: their unit's subtree.",
            operation_id="development_gap_list")
def gap_list(request, employee: UUID | None = None, unit: UUID | None = None):
    if employee is not None and unit is not None:
        message = _("Give either employee or unit, not both.")
        raise DevelopmentError(message, code=INVALID_FILTER, extra={"fields": {"unit": [message]}})
    if employee is not None:
        person = get_object_or_404(employees_visible_to(request.user), public_id=employee)
        if not can_view_development(request.user, person):
            raise PermissionDenied
        return {"employee": person, "employee_gaps": selectors.employee_gaps(person)}
    allowed, limit = selectors.gap_map_scope(request.user)
    if not allowed or not request.user.pemda_id:
        raise PermissionDenied
    chosen = limit
    if unit is not None:
        chosen = get_object_or_404(selectors.gap_map_units(request.user), public_id=unit)
    return {"unit": chosen, "competencies": selectors.gap_map(request.user, unit=chosen)}
