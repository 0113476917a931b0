"""Acting officials (Plt/Plh) and approval routes over the API: /api/v1/approvals/ (issue #9).

Reads go through the scoped selectors (an object outside the caller's scope
is a 404); writes through approvals.services / approvals.routes, which answer
403 (not HR of the agency) or 422/409 with a stable code. An id sent in a body
that the caller cannot see is refused as ``approvals.unknown_reference``.
"""

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
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
from pamong.core.text import single_line
from pamong.people.models import Pemda
from pamong.people.selectors import employees_visible_to, pemdas_visible_to, positions_visible_to, units_visible_to

from .choices import ActingKind, ApproverRole
from .errors import ApprovalError
from .models import ActingAssignment, ApprovalRouteStep
from .permissions import can_manage_acting
from .routes import RouteStepInput, route_step_create, route_step_deactivate, route_step_update, route_steps_visible_to
from .selectors import acting_assignments_visible_to
from .services import acting_assignment_create, acting_assignment_revoke

router = Router(tags=["approvals"])

UNKNOWN_REFERENCE = "approvals.unknown_reference"
Line = Annotated[Text, AfterValidator(single_line)]


def _reference(queryset: QuerySet, public_id: UUID | None, field: str):
    if public_id is None:
        return None
    found = queryset.filter(public_id=public_id).first()
    if found is None:
        message = _("Unknown or inaccessible object.")
        raise ApprovalError(message, code=UNKNOWN_REFERENCE, extra={"fields": {field: [message]}})
    return found


def _require_manager(request) -> None:
    """Refuse a caller who manages no agency's appointments before reading the ids in the body (403, not 422)."""
    user = request.user
    if not (user.is_superuser or can_manage_acting(user, user.pemda_id)):
        raise PermissionDenied


class PositionRefOut(PublicIdOut):
    name: str
    unit: UnitRef

    @staticmethod
    def resolve_unit(obj):
        return obj.org_unit


# --- Acting officials (Plt/Plh) -------------------------------------------------------------------


class ActingOut(PublicIdOut):
    pemda: UUID
    position: PositionRefOut
    acting: EmployeeRef
    kind: ActingKind
    start_date: date
    end_date: date
    decree_number: str
    decree_date: date | None
    revoked: bool
    current: bool = Field(..., description="In force today (not revoked, today within the dates).")

    @staticmethod
    def resolve_pemda(obj) -> UUID:
        return obj.pemda.public_id

    @staticmethod
    def resolve_revoked(obj) -> bool:
        return obj.is_revoked

    @staticmethod
    def resolve_current(obj) -> bool:
        return not obj.is_revoked and obj.start_date <= timezone.localdate() <= obj.end_date


class ActingPageOut(Schema):
    count: int
    items: list[ActingOut]


class ActingFilters(Schema):
    position: UUID | None = Field(None, description="Only appointments covering this position.")
    acting: UUID | None = Field(None, description="Only appointments of this employee.")
    show: Literal["current", "all"] = Field("current", description="current: not revoked and not ended.")


class ActingIn(InSchema):
    position: UUID = Field(..., description="The position covered.")
    acting: UUID = Field(..., description="The employee appointed Plt/Plh.")
    kind: ActingKind
    start_date: Day
    end_date: Day
    decree_number: Line = Field(..., max_length=100, description="Number of the SK / surat perintah (required).")
    decree_date: Day = Field(..., description="Date of the decree (not in the future).")


def _acting_queryset(actor) -> QuerySet[ActingAssignment]:
    return acting_assignments_visible_to(actor).select_related("pemda", "position__org_unit", "acting")


@router.get(
    "/acting",
    response={200: ActingPageOut, **error_responses(401, 422)},
    summary="List the Plt/Plh appointments of the caller's agency",
    operation_id="acting_list",
)
def acting_list(request, filters: Query[ActingFilters], limit: int = limit_param(), offset: int = offset_param()):
    assignments = _acting_queryset(request.user)
    if filters.position is not None:
        assignments = assignments.filter(position__public_id=filters.position)
    if filters.acting is not None:
        assignments = assignments.filter(acting__public_id=filters.acting)
    if filters.show == "current":
        assignments = assignments.filter(is_revoked=False, end_date__gte=timezone.localdate())
    return page_of(assignments.order_by("is_revoked", "-end_date", "-pk"), limit, offset)


@router.post(
    "/acting",
    response={201: ActingOut, **error_responses(401, 403, 422)},
    summary="Appoint a Plt/Plh (HR of the agency; never oneself, never the approver of one's own requests)",
    operation_id="acting_create",
)
def acting_create(request, payload: ActingIn):
    _require_manager(request)
    position = _reference(positions_visible_to(request.user).select_related("org_unit"), payload.position, "position")
    acting = _reference(employees_visible_to(request.user), payload.acting, "acting")
    assignment = acting_assignment_create(
        actor=request.user, position=position, acting=acting, kind=payload.kind.value, start_date=payload.start_date,
        end_date=payload.end_date, decree_number=payload.decree_number, decree_date=payload.decree_date)
    return Status(201, _acting_queryset(request.user).get(pk=assignment.pk))


@router.post(
    "/acting/{acting_id}/revoke",
    response={200: ActingOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Revoke a Plt/Plh appointment (HR of the agency)",
    operation_id="acting_revoke",
)
def acting_revoke(request, acting_id: UUID):
    assignment = get_object_or_404(_acting_queryset(request.user), public_id=acting_id)
    acting_assignment_revoke(actor=request.user, assignment=assignment)
    return _acting_queryset(request.user).get(pk=assignment.pk)


# --- Approval routes ------------------------------------------------------------------------------

ROUTE_ROLE_HELP = "supervisor: atasan langsung; opd_head: kepala perangkat daerah; position: the holder of `position`."
Condition = dict[str, bool | int | str]


class RouteStepOut(PublicIdOut):
    pemda: UUID
    flow: str
    request_kind: str = Field(..., description="Empty: every kind of request of the flow.")
    unit: UnitRef | None = Field(None, description="Only requests from this unit's subtree; null: the whole agency.")
    condition: dict
    order: int
    role: ApproverRole
    position: PositionRefOut | None
    label: str
    is_binding: bool
    remind_after_days: int
    escalate: bool
    is_active: bool

    @staticmethod
    def resolve_pemda(obj) -> UUID:
        return obj.pemda.public_id

    @staticmethod
    def resolve_unit(obj):
        return obj.org_unit


class RouteStepPageOut(Schema):
    count: int
    items: list[RouteStepOut]


class RouteStepFilters(Schema):
    flow: Text = Field("", max_length=32)
    active: Literal["true", "false", "all"] = "true"


class RouteStepIn(InSchema):
    pemda: UUID | None = Field(None, description="Only for a platform superadmin (an id from /me agencies).")
    flow: Text = Field(..., min_length=1, max_length=32, description="The flow, e.g. leave.")
    request_kind: Text = Field("", max_length=32, description="E.g. a leave type code; empty: every kind.")
    unit: UUID | None = None
    condition: Condition = Field(default_factory=dict, description='Equality on the request, e.g. {"abroad": true}.')
    order: int = Field(..., ge=1, le=20)
    role: ApproverRole = Field(..., description=ROUTE_ROLE_HELP)
    position: UUID | None = None
    label: Line = Field(..., min_length=1, max_length=120)
    is_binding: bool = Field(True, description="Decides (true) or only considers (false).")
    remind_after_days: int = Field(3, ge=1, le=60)
    escalate: bool = True


class RouteStepPatchIn(InSchema):
    flow: Text | None = Field(None, min_length=1, max_length=32)
    request_kind: Text | None = Field(None, max_length=32)
    unit: UUID | None = None
    condition: Condition | None = None
    order: int | None = Field(None, ge=1, le=20)
    role: ApproverRole | None = Field(None, description=ROUTE_ROLE_HELP)
    position: UUID | None = None
    label: Line | None = Field(None, min_length=1, max_length=120)
    is_binding: bool | None = None
    remind_after_days: int | None = Field(None, ge=1, le=60)
    escalate: bool | None = None


def _route_queryset(actor) -> QuerySet[ApprovalRouteStep]:
    return route_steps_visible_to(actor).select_related("pemda", "org_unit", "position__org_unit")


def _route_pemda(request, public_id: UUID | None) -> Pemda:
    if public_id is None and request.user.pemda_id is not None:
        return request.user.pemda
    if public_id is None:
        message = _("Name the regional government.")
        raise ApprovalError(message, code=UNKNOWN_REFERENCE, extra={"fields": {"pemda": [message]}})
    return _reference(pemdas_visible_to(request.user), public_id, "pemda")


@router.get(
    "/routes",
    response={200: RouteStepPageOut, **error_responses(401, 422)},
    summary="List the configured approval route steps (HR of the agency; others see none)",
    operation_id="route_step_list",
)
def route_step_list(request, filters: Query[RouteStepFilters], limit: int = limit_param(),
                    offset: int = offset_param()):
    steps = _route_queryset(request.user)
    if filters.flow.strip():
        steps = steps.filter(flow=filters.flow.strip())
    if filters.active != "all":
        steps = steps.filter(is_active=filters.active == "true")
    return page_of(steps.order_by("pemda__name", "flow", "request_kind", "org_unit_id", "order", "pk"), limit, offset)


@router.post(
    "/routes",
    response={201: RouteStepOut, **error_responses(401, 403, 409, 422)},
    summary="Add an approval route step (HR of the agency)",
    operation_id="route_step_create",
)
def route_step_create_(request, payload: RouteStepIn):
    _require_manager(request)
    pemda = _route_pemda(request, payload.pemda)
    data = RouteStepInput(
        flow=payload.flow.strip(), request_kind=payload.request_kind.strip(),
        org_unit=_reference(units_visible_to(request.user), payload.unit, "unit"),
        condition=payload.condition, order=payload.order, role=payload.role.value,
        position=_reference(positions_visible_to(request.user), payload.position, "position"),
        label=payload.label, is_binding=payload.is_binding, remind_after_days=payload.remind_after_days,
        escalate=payload.escalate)
    step = route_step_create(actor=request.user, pemda=pemda, data=data)
    return Status(201, _route_queryset(request.user).get(pk=step.pk))


@router.patch(
    "/routes/{step_id}",
    response={200: RouteStepOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Change an active approval route step (only the fields sent; null unit/position clears them)",
    operation_id="route_step_update",
)
def route_step_update_(request, step_id: UUID, payload: RouteStepPatchIn):
    step = get_object_or_404(_route_queryset(request.user), public_id=step_id)
    sent = payload.dict(exclude_unset=True)
    changes = {}
    for name, value in sent.items():
        if name == "unit":
            changes["org_unit"] = _reference(units_visible_to(request.user), value, "unit")
        elif name == "position":
            changes["position"] = _reference(positions_visible_to(request.user), value, "position")
        elif value is None:
            message = _("This field cannot be empty.")
            raise ApprovalError(message, code="approvals.invalid_route", extra={"fields": {name: [message]}})
        elif name == "role":
            changes["role"] = value.value if hasattr(value, "value") else value
        elif isinstance(value, str):
            changes[name] = value.strip()
        else:
            changes[name] = value
    step = route_step_update(actor=request.user, step=step, changes=changes)
    return _route_queryset(request.user).get(pk=step.pk)


@router.post(
    "/routes/{step_id}/deactivate",
    response={200: RouteStepOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Deactivate an approval route step (kept for the processes that followed it)",
    operation_id="route_step_deactivate",
)
def route_step_deactivate_(request, step_id: UUID):
    step = get_object_or_404(_route_queryset(request.user), public_id=step_id)
    route_step_deactivate(actor=request.user, step=step)
    return _route_queryset(request.user).get(pk=step.pk)
